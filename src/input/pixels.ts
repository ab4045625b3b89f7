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
  /**
   * The frame (or only `region` of it) resized to exactly width×height (aspect not preserved: the caller decides).
   * A region is cut out first, pixel for pixel, then resized as a whole frame would be: so the browser and Node,
   * which resize alike, crop alike.
   */
  resize(width: number, height: number, sampling: Sampling, background?: Background, region?: PixelRegion): Promise<RgbaImage>;
}

/** A rectangle of a frame in whole pixels, inside it. */
export interface PixelRegion {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** The pixels of `region`, copied out of `image`. */
export function cropPixels(image: RgbaImage, region: PixelRegion): RgbaImage {
  const { x, y, width, height } = region;
  const data = new Uint8ClampedArray(width * height * 4);
  for (let row = 0; row < height; row++) {
    const start = ((y + row) * image.width + x) * 4;
    data.set(image.data.subarray(start, start + width * 4), row * width * 4);
  }
  return { width, height, data };
}

/** Half the size (even sides), each pixel the mean of a 2×2 block. */
export function halvePixels(image: RgbaImage): RgbaImage {
  const width = image.width >> 1;
  const height = image.height >> 1;
  const data = new Uint8ClampedArray(width * height * 4);
  const { data: source } = image;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const a = ((2 * y) * image.width + 2 * x) * 4;
      const b = a + image.width * 4;
      for (let c = 0; c < 4; c++) data[(y * width + x) * 4 + c] = (source[a + c]! + source[a + 4 + c]! + source[b + c]! + source[b + 4 + c]! + 2) >> 2;
    }
  }
  return { width, height, data };
}

/** The image turned clockwise by `turns` quarter turns. */
export function turnPixels(image: RgbaImage, turns: 0 | 1 | 2 | 3): RgbaImage {
  if (turns === 0) return image;
  const { width, height, data } = image;
  const outWidth = turns === 2 ? width : height;
  const outHeight = turns === 2 ? height : width;
  const source = new Uint32Array(data.buffer, data.byteOffset, width * height);
  const out = new Uint32Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const [tx, ty] = turns === 1 ? [height - 1 - y, x] : turns === 2 ? [width - 1 - x, height - 1 - y] : [y, width - 1 - x];
      out[ty * outWidth + tx] = source[y * width + x]!;
    }
  }
  return { width: outWidth, height: outHeight, data: new Uint8ClampedArray(out.buffer) };
}

/**
 * The frames picked for analysis, decoded and upright, each with its index in the file. A frame's `close` frees its
 * pixels and is safe to call twice (ImageBitmap.close in the browser, a dropped buffer in Node).
 */
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
