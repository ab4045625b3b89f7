import { ImageGuardError } from '../errors.js';
import type { Background, DecodedImage, Frame, PixelRegion, Sampling } from './pixels.js';
import type { Probe } from './probe.js';

export interface BitmapFrame extends Frame {
  close(): void;
}

/**
 * Decodes once per image, in the worker. Still images go through createImageBitmap, which applies EXIF orientation
 * ('from-image') so every analyzer sees the photo upright. Animated GIF, APNG, WebP and AVIF sequences go through
 * WebCodecs' ImageDecoder, sampling at most `maxFrames` frames spread evenly from the first, so a 500-frame GIF
 * costs the same as an 8-frame one. Without ImageDecoder only the first frame is seen.
 */
export async function decodeImage(bytes: Uint8Array, probe: Probe, maxFrames: number): Promise<DecodedImage<BitmapFrame>> {
  const animated = probe.frames > 1 || probe.format === 'avif';
  try {
    if (animated && typeof ImageDecoder !== 'undefined') return await decodeFrames(bytes, probe, maxFrames);
    const bitmap = await decodeStill(bytes, probe);
    try {
      checkDecodedSize(bitmap.width, bitmap.height, probe);
    } catch (error) {
      bitmap.close();
      throw error;
    }
    return { frames: [bitmapFrame(0, bitmap)], frameCount: probe.frames, width: bitmap.width, height: bitmap.height };
  } catch (cause) {
    if (cause instanceof ImageGuardError) throw cause;
    throw new ImageGuardError(
      'decode_failed',
      `The file starts like a ${probe.format.toUpperCase()} image but could not be decoded: it may be damaged or cut short.`,
      { cause },
    );
  }
}

/**
 * The decoder's size checked against the probe's, which passed the limits: a decoder that finds more pixels than
 * the headers said (a frame past the canvas the probe did not see) is refused rather than trusted.
 */
export function checkDecodedSize(width: number, height: number, probe: Pick<Probe, 'width' | 'height'>): void {
  if (width * height > probe.width * probe.height) {
    throw new ImageGuardError(
      'dimensions_too_large',
      `This image decodes to ${width}×${height} pixels, more than its headers say (${probe.width}×${probe.height}): it is refused.`,
    );
  }
}

/**
 * Chromium refuses a JPEG or PNG cut short, yet what came before the cut is intact. Closing the file with the
 * end marker its format expects (JPEG's EOI, PNG's IEND chunk) makes the decoder keep it: missing JPEG rows come
 * out grey, a progressive JPEG comes out blurred. So what was received is still screened, and the verdict says
 * the file is truncated. A PNG cut inside its pixel data stays undecodable (decode_failed).
 */
const END_MARKERS: Partial<Record<Probe['format'], readonly number[]>> = {
  jpeg: [0xff, 0xd9],
  png: [0, 0, 0, 0, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82],
};

async function decodeStill(bytes: Uint8Array, probe: Probe): Promise<ImageBitmap> {
  try {
    return await createImageBitmap(blobOf(bytes, probe), { imageOrientation: 'from-image' });
  } catch (error) {
    const marker = END_MARKERS[probe.format];
    if (!probe.truncated || !marker) throw error;
    const closed = new Uint8Array(bytes.length + marker.length);
    closed.set(bytes);
    closed.set(marker, bytes.length);
    return createImageBitmap(blobOf(closed, probe), { imageOrientation: 'from-image' });
  }
}

async function decodeFrames(bytes: Uint8Array, probe: Probe, maxFrames: number): Promise<DecodedImage<BitmapFrame>> {
  const decoder = new ImageDecoder({ data: bytes, type: probe.mimeType });
  try {
    await decoder.tracks.ready;
    // The whole file is in memory, so `completed` only waits for the decoder to finish counting frames.
    await decoder.completed.catch(() => undefined);
    const frameCount = Math.max(1, decoder.tracks.selectedTrack?.frameCount ?? probe.frames);
    const frames: BitmapFrame[] = [];
    try {
      for (const index of sampleFrames(frameCount, framesToSample(probe, maxFrames))) {
        const { image } = await decoder.decode({ frameIndex: index });
        try {
          checkDecodedSize(image.displayWidth, image.displayHeight, probe);
          frames.push(bitmapFrame(index, await createImageBitmap(image)));
        } finally {
          image.close();
        }
      }
    } catch (error) {
      // A damaged later frame: keep what decoded (the caller states the file is truncated), fail only on none.
      if (frames.length === 0 || error instanceof ImageGuardError) {
        for (const frame of frames) frame.close();
        throw error;
      }
    }
    const first = frames[0]!;
    return { frames, frameCount, width: first.width, height: first.height };
  } finally {
    decoder.close();
  }
}

/**
 * Sampled frames are held decoded at once: together at most this many pixels (8 frames of 8 megapixels), so a
 * large animation is sampled more sparsely instead of filling gigabytes.
 */
const SAMPLED_PIXELS = 64_000_000;

/** How many frames of an animation of this size are sampled: `maxFrames`, fewer when its frames are large. */
export function framesToSample(probe: Pick<Probe, 'width' | 'height'>, maxFrames: number): number {
  return Math.max(1, Math.min(maxFrames, Math.floor(SAMPLED_PIXELS / (probe.width * probe.height))));
}

/** At most `max` frame indices spread evenly over `count`, always including the first. */
export function sampleFrames(count: number, max: number): number[] {
  if (count <= max) return Array.from({ length: count }, (_, i) => i);
  return Array.from({ length: max }, (_, i) => Math.floor((i * count) / max));
}

function blobOf(bytes: Uint8Array, probe: Probe): Blob {
  return new Blob([bytes as Uint8Array<ArrayBuffer>], { type: probe.mimeType });
}

/**
 * The frame resized by the browser's own canvas, in the worker. Smoothing off is exactly nearest-neighbour; on,
 * with quality 'high', Chromium filters with mipmaps, as a photo viewer would.
 */
export function resizeToPixels(
  bitmap: ImageBitmap,
  width: number,
  height: number,
  sampling: Sampling,
  background: Background = 'white',
): ImageData {
  const canvas = new OffscreenCanvas(width, height);
  const context = canvas.getContext('2d', { willReadFrequently: true });
  if (!context) throw new ImageGuardError('analysis_failed', 'This browser gave no 2D canvas to resize the image with.');
  if (background === 'white') {
    context.fillStyle = '#fff';
    context.fillRect(0, 0, width, height);
  }
  context.imageSmoothingEnabled = sampling === 'smooth';
  context.imageSmoothingQuality = 'high';
  context.drawImage(bitmap, 0, 0, width, height);
  return context.getImageData(0, 0, width, height);
}

/**
 * The region as a bitmap of its own: a pixel-for-pixel copy, so resizing it is resizing a frame of that size, as
 * Node does after cutting the same pixels out (drawImage with a source rectangle would sample across its edges).
 */
function cropBitmap(bitmap: ImageBitmap, region: PixelRegion): Promise<ImageBitmap> {
  return createImageBitmap(bitmap, region.x, region.y, region.width, region.height);
}

/** A decoded bitmap as an analyzer frame; `close` frees the bitmap. */
function bitmapFrame(index: number, bitmap: ImageBitmap): BitmapFrame {
  return {
    index,
    width: bitmap.width,
    height: bitmap.height,
    resize: async (width, height, sampling, background, region) => {
      if (!region) return resizeToPixels(bitmap, width, height, sampling, background);
      const cut = await cropBitmap(bitmap, region);
      try {
        return resizeToPixels(cut, width, height, sampling, background);
      } finally {
        cut.close();
      }
    },
    close: () => bitmap.close(),
  };
}
