import type { Sharp } from 'sharp';
import { ImageGuardError } from '../errors.js';
import { checkDecodedSize, framesToSample, sampleFrames } from '../input/decode.js';
import { cropPixels, type DecodedImage, type Frame, type RgbaImage } from '../input/pixels.js';
import type { Probe } from '../input/probe.js';
import { decodeGif, GifError } from './gif.js';
import { resizeRgba } from './resize.js';
import { loadSharp } from './sharp.js';

export interface PixelFrame extends Frame {
  close(): void;
}

/**
 * Decodes in Node with sharp, to what the browser's worker gets from createImageBitmap and ImageDecoder
 * (src/input/decode.ts): EXIF orientation applied, straight RGBA, and for animated GIF and WebP the same frames
 * (`sampleFrames`), each composited as a viewer shows it. GIF is decoded by ./gif.ts in one pass. Where sharp
 * cannot follow: BMP is refused ('unsupported_format'), and an APNG is read as its first frame only (libvips reads
 * no APNG animation). No decoder may produce more pixels than the probe counted against the limits: sharp is
 * given that as its `limitInputPixels`, and every decoded size is checked again.
 */
export async function decodeImage(bytes: Uint8Array, probe: Probe, maxFrames: number): Promise<DecodedImage<PixelFrame>> {
  if (probe.format === 'bmp') {
    throw new ImageGuardError(
      'unsupported_format',
      'BMP images are screened in the browser but not by the Node verifier (sharp cannot decode BMP). Convert it to PNG.',
    );
  }
  try {
    if (probe.format === 'gif') return gifImage(bytes, probe, maxFrames);
    const pages = probe.format === 'webp' ? ((await open(bytes, probe).metadata()).pages ?? 1) : 1;
    const indices = pages > 1 ? sampleFrames(pages, framesToSample(probe, maxFrames)) : [0];
    const frames: PixelFrame[] = [];
    for (const index of indices) {
      const image = await decodeFrame(open(bytes, probe, pages > 1 ? index : undefined));
      checkDecodedSize(image.width, image.height, probe);
      frames.push(pixelFrame(index, image));
    }
    const first = frames[0]!;
    return { frames, frameCount: pages > 1 ? pages : probe.frames, width: first.width, height: first.height };
  } catch (cause) {
    if (cause instanceof ImageGuardError) throw cause;
    if (cause instanceof Error && /exceeds pixel limit/.test(cause.message)) {
      throw new ImageGuardError(
        'dimensions_too_large',
        `This image decodes to more pixels than its headers say (${probe.width}×${probe.height}): it is refused.`,
        { cause },
      );
    }
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
function open(bytes: Uint8Array, probe: Probe, page?: number): Sharp {
  return loadSharp()(bytes, {
    failOn: probe.truncated ? 'none' : 'error',
    limitInputPixels: probe.width * probe.height,
    ...(page === undefined ? {} : { page }),
  });
}

/** GIF frames from ./gif.ts, as sharp's would be (straight RGBA, the canvas as a viewer shows it). */
function gifImage(bytes: Uint8Array, probe: Probe, maxFrames: number): DecodedImage<PixelFrame> {
  let decoded;
  try {
    decoded = decodeGif(bytes, (count) => sampleFrames(count, framesToSample(probe, maxFrames)));
  } catch (cause) {
    if (!(cause instanceof GifError)) throw cause;
    throw new ImageGuardError('decode_failed', `The file starts like a GIF image but could not be decoded: ${cause.message}`, { cause });
  }
  checkDecodedSize(decoded.width, decoded.height, probe);
  const frames = decoded.frames.map(({ index, image }) => pixelFrame(index, image));
  return { frames, frameCount: decoded.frameCount, width: decoded.width, height: decoded.height };
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
    resize: async (width, height, sampling, background = 'white', region) =>
      resizeRgba(region ? cropPixels(live(), region) : live(), width, height, sampling, background),
    close: () => {
      pixels = null;
    },
  };
}
