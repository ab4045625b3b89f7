/**
 * Pixels and frames as the analyzers see them, whatever decoded them: the browser worker (createImageBitmap and
 * OffscreenCanvas) or Node (sharp). Keeping the analyzers on these two shapes is what lets the server verify an
 * upload with the very code the browser ran.
 */

/** RGBA pixels, row by row; an ImageData is one. */
export interface RgbaImage {
  readonly width: number;
  readonly height: number;
  readonly data: Uint8ClampedArray;
}

/**
 * How to sample when shrinking. 'nearest' reproduces the training pipeline of models trained on Keras'
 * load_img (nearest-neighbour by default), nsfwjs among them: smoothing the image first shifts nsfwjs' scores
 * (clothed party photos went from "sexy" 0.95 to "porn" 0.45 in our measurements). 'smooth' is for models trained
 * on properly filtered images.
 */
export type Sampling = 'nearest' | 'smooth';

/**
 * Transparent areas are composited on white by default, as a viewer shows them, so a logo on a transparent
 * background does not turn into a black square; 'transparent' keeps the alpha channel for a caller that reads it
 * (OCR: white text on a transparent PNG vanishes on white).
 */
export type Background = 'white' | 'transparent';

/** One decoded, upright frame of an image, and the one way analyzers get its pixels: at the size each needs. */
export interface Frame {
  /** Its index in the file (0 for a still image). */
  readonly index: number;
  readonly width: number;
  readonly height: number;
  /** The frame resized to exactly width×height (aspect not preserved: the caller decides). */
  resize(width: number, height: number, sampling: Sampling, background?: Background): Promise<RgbaImage>;
}

/** The frames picked for analysis, decoded and upright, each with its index in the file. */
export interface DecodedImage<F extends Frame = Frame & { close(): void }> {
  frames: F[];
  /** Frames in the file, as the decoder counts them. */
  frameCount: number;
  /** Displayed size: after EXIF orientation. */
  width: number;
  height: number;
}

/**
 * The same pixels as tfjs' PixelData (a Uint8Array view, no copy): `tf.browser.fromPixels` takes that in a worker
 * and in Node alike, where an ImageData class may not exist.
 */
export function pixelData({ width, height, data }: RgbaImage): { width: number; height: number; data: Uint8Array } {
  return { width, height, data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) };
}

/** Width and height scaled so the longer side is at most `maxSide`, aspect kept. */
export function fitWithin(width: number, height: number, maxSide: number): { width: number; height: number } {
  const scale = Math.min(1, maxSide / Math.max(width, height));
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}
