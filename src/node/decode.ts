import type { Sharp } from 'sharp';
import { ImageGuardError } from '../errors.js';
import { sampleFrames } from '../input/decode.js';
import type { DecodedImage, Frame, RgbaImage } from '../input/pixels.js';
import type { Probe } from '../input/probe.js';
import { resizeRgba } from './resize.js';
import { loadSharp } from './sharp.js';

export interface PixelFrame extends Frame {
  close(): void;
}

/**
 * Decodes in Node with sharp, to what the browser's worker gets from createImageBitmap and ImageDecoder
 * (src/input/decode.ts): EXIF orientation applied, straight RGBA, and for animated GIF and WebP the same frames
 * (`sampleFrames`), each composited as a viewer shows it. Where sharp cannot follow: BMP is refused
 * ('unsupported_format'), and an APNG is read as its first frame only (libvips reads no APNG animation).
 */
export async function decodeImage(bytes: Uint8Array, probe: Probe, maxFrames: number): Promise<DecodedImage<PixelFrame>> {
  if (probe.format === 'bmp') {
    throw new ImageGuardError(
      'unsupported_format',
      'BMP images are screened in the browser but not by the Node verifier (sharp cannot decode BMP). Convert it to PNG.',
    );
  }
  try {
    const pages = probe.format === 'gif' || probe.format === 'webp' ? ((await open(bytes, probe.truncated).metadata()).pages ?? 1) : 1;
    const indices = pages > 1 ? sampleFrames(pages, maxFrames) : [0];
    const frames: PixelFrame[] = [];
    for (const index of indices) frames.push(pixelFrame(index, await decodeFrame(open(bytes, probe.truncated, pages > 1 ? index : undefined))));
    const first = frames[0]!;
    return { frames, frameCount: pages > 1 ? pages : probe.frames, width: first.width, height: first.height };
  } catch (cause) {
    throw new ImageGuardError(
      'decode_failed',
      `The file starts like a ${probe.format.toUpperCase()} image but could not be decoded: it may be damaged or cut short.`,
      { cause },
    );
  }
}

/**
 * A file cut short keeps what came before the cut, as Chromium keeps it (src/input/decode.ts); any other damage is
 * refused, as Chromium refuses it.
 */
function open(bytes: Uint8Array, truncated: boolean, page?: number): Sharp {
  return loadSharp()(bytes, { failOn: truncated ? 'none' : 'error', ...(page === undefined ? {} : { page }) });
}

/** One frame as 8-bit straight RGBA in sRGB, upright. */
async function decodeFrame(image: Sharp): Promise<RgbaImage> {
  const { data, info } = await image
    .rotate()
    .toColourspace('srgb')
    .ensureAlpha()
    .raw({ depth: 'uchar' })
    .toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, data: new Uint8ClampedArray(data.buffer, data.byteOffset, data.length) };
}

function pixelFrame(index: number, image: RgbaImage): PixelFrame {
  let pixels: RgbaImage | null = image;
  const live = (): RgbaImage => {
    if (!pixels) throw new ImageGuardError('analysis_failed', 'A frame was used after it was closed.');
    return pixels;
  };
  return {
    index,
    width: image.width,
    height: image.height,
    resize: async (width, height, sampling, background = 'white') => resizeRgba(live(), width, height, sampling, background),
    close: () => {
      pixels = null;
    },
  };
}
