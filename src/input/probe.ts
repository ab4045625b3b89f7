import { imageSize } from 'image-size';
import { ImageGuardError } from '../errors.js';
import type { ImageFormat } from '../verdict/types.js';
import { sniffFormat } from './sniff.js';

/**
 * What the header says about an image, read before a single pixel is decoded: the format (from the bytes), the
 * stored size (to refuse decompression bombs before they allocate), the number of frames, and whether the file
 * ends where its format says it should. Pure: no DOM, unit-tested in Node.
 */
export interface Probe {
  format: ImageFormat;
  mimeType: string;
  /**
   * The size decoders draw, before EXIF orientation: the header's, grown to cover every frame of an animation that
   * reaches past it (GIF decoders, Chromium's and libnsgif, enlarge the canvas to such a frame).
   */
  width: number;
  height: number;
  /** Frames in an animated GIF, APNG or WebP; 1 for a still image. */
  frames: number;
  /** The file stops before its format's end marker (cut short in transfer): what decodes is only a part. */
  truncated: boolean;
}

export interface Limits {
  /** Largest file accepted, in bytes. */
  maxBytes: number;
  /** Largest image accepted, in pixels (width × height), read from the header before decoding. */
  maxPixels: number;
  /** Frames of an animated image that are analysed, spread evenly from the first. */
  maxFrames: number;
  /**
   * Pixels decoded for an animation, every frame counted (frames × width × height): reaching the frames that are
   * analysed means decoding the ones before them. A still image is held by maxPixels alone.
   */
  maxDecodedPixels: number;
}

/**
 * 50 MB covers any camera JPEG; 50 megapixels covers a 48 MP phone sensor (8064×6048) while refusing the 400 MP
 * PNG bombs that take gigabytes to decode; 8 frames keeps an animated GIF under a second of analysis. 500 decoded
 * megapixels is 240 frames of 1080p or 1,900 of 480×540 (a long reaction GIF), and refuses a 5,000-frame
 * 2048×2048 GIF of 19 MB whose frames would take minutes to reach.
 */
export const DEFAULT_LIMITS: Readonly<Limits> = Object.freeze({
  maxBytes: 50_000_000,
  maxPixels: 50_000_000,
  maxFrames: 8,
  maxDecodedPixels: 500_000_000,
});

/** The defaults with the caller's overrides, each checked to be a positive whole number. */
export function resolveLimits(overrides: Partial<Limits> = {}): Limits {
  const limits = { ...DEFAULT_LIMITS };
  for (const [key, value] of Object.entries(overrides) as [keyof Limits, unknown][]) {
    if (!(key in DEFAULT_LIMITS)) {
      throw new ImageGuardError('invalid_options', `limits.${key} is not a limit (expected ${Object.keys(DEFAULT_LIMITS).join(', ')})`);
    }
    if (value === undefined) continue;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
      throw new ImageGuardError('invalid_options', `limits.${key} must be a whole number of at least 1, got ${String(value)}`);
    }
    limits[key] = value;
  }
  return limits;
}

export function probeImage(bytes: Uint8Array, limits: Limits): Probe {
  if (bytes.length === 0) throw new ImageGuardError('empty_file', 'The file is empty (0 bytes).');
  checkBytes(bytes.length, limits);
  const sniffed = sniffFormat(bytes);
  if (sniffed.kind === 'unsupported') {
    throw new ImageGuardError('unsupported_format', `This file is ${sniffed.what}. ${sniffed.advice}`);
  }
  if (sniffed.kind === 'unknown') {
    throw new ImageGuardError(
      'unsupported_format',
      'This file is not an image this library can read. Accepted: JPEG, PNG, GIF, WebP, AVIF and BMP.',
    );
  }
  const { format, mimeType } = sniffed;
  const header = headerSize(bytes, format);
  checkPixels(header.width, header.height, limits);
  const { frames, truncated, reach } = readStructure(bytes, format);
  // A frame is decoded at its own size: the limits hold on what is drawn, not only on what the header claims.
  const width = Math.max(header.width, reach.width);
  const height = Math.max(header.height, reach.height);
  checkPixels(width, height, limits);
  if (frames > 1 && frames * width * height > limits.maxDecodedPixels) {
    throw new ImageGuardError(
      'dimensions_too_large',
      `This animation has ${frames} frames of ${width}×${height} pixels (${megapixels(frames * width * height)} to decode); ` +
        `the limit is ${megapixels(limits.maxDecodedPixels)}. Shorten it or make it smaller and try again.`,
    );
  }
  return { format, mimeType, width, height, frames, truncated };
}

function checkPixels(width: number, height: number, limits: Pick<Limits, 'maxPixels'>): void {
  if (width * height > limits.maxPixels) {
    throw new ImageGuardError(
      'dimensions_too_large',
      `This image is ${width}×${height} pixels (${megapixels(width * height)}); the limit is ${megapixels(limits.maxPixels)}. ` +
        'Resize it and try again.',
    );
  }
}

/** Checked before a Blob is even read, so a 2 GB file is refused without loading it. */
export function checkBytes(size: number, limits: Pick<Limits, 'maxBytes'>): void {
  if (size > limits.maxBytes) {
    throw new ImageGuardError(
      'file_too_large',
      `This file is ${megabytes(size)}; the limit is ${megabytes(limits.maxBytes)}. Choose a smaller image.`,
    );
  }
}

function headerSize(bytes: Uint8Array, format: ImageFormat): { width: number; height: number } {
  let size: { width?: number; height?: number };
  try {
    size = imageSize(bytes);
  } catch (cause) {
    throw new ImageGuardError('decode_failed', `The ${label(format)} header is damaged, so the image cannot be read.`, {
      cause,
    });
  }
  // BMP stores bottom-up images with a negative height.
  const width = Math.abs(size.width ?? 0);
  const height = Math.abs(size.height ?? 0);
  if (!width || !height) {
    throw new ImageGuardError('decode_failed', `The ${label(format)} header gives no usable size (${width}×${height}).`);
  }
  return { width, height };
}

interface Structure extends Pick<Probe, 'frames' | 'truncated'> {
  /** How far right and down the frames reach (0 × 0 when only the header gives a size). */
  reach: { width: number; height: number };
}

const NO_REACH = { width: 0, height: 0 };

function readStructure(bytes: Uint8Array, format: ImageFormat): Structure {
  switch (format) {
    case 'gif':
      return gifStructure(bytes);
    case 'png':
      return pngStructure(bytes);
    case 'webp':
      return webpStructure(bytes);
    case 'jpeg':
      return { frames: 1, truncated: !jpegHasEnd(bytes), reach: NO_REACH };
    case 'bmp':
      return { frames: 1, truncated: bytes.length < u32le(bytes, 2), reach: NO_REACH };
    case 'avif':
      // AVIF sequences are counted by the decoder (ImageDecoder) in the worker.
      return { frames: 1, truncated: false, reach: NO_REACH };
  }
}

/**
 * Walks the GIF block structure: one image descriptor per frame, then the 0x3B trailer. Each descriptor gives its
 * frame's position and size, which may lie outside the logical screen.
 */
function gifStructure(bytes: Uint8Array): Structure {
  let offset = 13;
  const flags = bytes[10] ?? 0;
  if (flags & 0x80) offset += 3 * 2 ** ((flags & 7) + 1);
  let frames = 0;
  const reach = { width: 0, height: 0 };
  const skipSubBlocks = () => {
    while (offset < bytes.length) {
      const size = bytes[offset++] ?? 0;
      if (size === 0) return true;
      offset += size;
    }
    return false;
  };
  while (offset < bytes.length) {
    const introducer = bytes[offset++];
    if (introducer === 0x3b) return { frames: Math.max(frames, 1), truncated: false, reach };
    if (introducer === 0x21) {
      offset++; // extension label
      if (!skipSubBlocks()) break;
    } else if (introducer === 0x2c) {
      reach.width = Math.max(reach.width, u16le(bytes, offset) + u16le(bytes, offset + 4));
      reach.height = Math.max(reach.height, u16le(bytes, offset + 2) + u16le(bytes, offset + 6));
      const localFlags = bytes[offset + 8] ?? 0;
      offset += 9;
      if (localFlags & 0x80) offset += 3 * 2 ** ((localFlags & 7) + 1);
      offset++; // LZW minimum code size
      if (!skipSubBlocks()) break;
      frames++;
    } else {
      break; // not a GIF block: the rest is damaged
    }
  }
  return { frames: Math.max(frames, 1), truncated: true, reach };
}

/**
 * Walks PNG chunks: `acTL` gives an APNG's frame count, each `fcTL` a frame's size and offset, `IEND` closes the
 * file. The frame count is the larger of what `acTL` claims and the `fcTL` chunks present.
 */
function pngStructure(bytes: Uint8Array): Structure {
  let offset = 8;
  let claimed = 1;
  let controls = 0;
  const reach = { width: 0, height: 0 };
  while (offset + 8 <= bytes.length) {
    const length = u32be(bytes, offset);
    const type = ascii(bytes, offset + 4, 4);
    if (type === 'acTL' && offset + 12 <= bytes.length) claimed = Math.max(1, u32be(bytes, offset + 8));
    if (type === 'fcTL') {
      controls++;
      reach.width = Math.max(reach.width, u32be(bytes, offset + 12) + u32be(bytes, offset + 20));
      reach.height = Math.max(reach.height, u32be(bytes, offset + 16) + u32be(bytes, offset + 24));
    }
    if (type === 'IEND') return { frames: Math.max(claimed, controls), truncated: false, reach };
    offset += 12 + length;
  }
  return { frames: Math.max(claimed, controls), truncated: true, reach };
}

/**
 * Walks RIFF chunks: one `ANMF` per frame of an animated WebP, each with its offset and size; the RIFF size says
 * where the file ends.
 */
function webpStructure(bytes: Uint8Array): Structure {
  const end = 8 + u32le(bytes, 4);
  let offset = 12;
  let frames = 0;
  const reach = { width: 0, height: 0 };
  while (offset + 8 <= Math.min(end, bytes.length)) {
    if (ascii(bytes, offset, 4) === 'ANMF') {
      frames++;
      // Offsets are stored halved, sizes minus one, all 24-bit.
      reach.width = Math.max(reach.width, 2 * u24le(bytes, offset + 8) + u24le(bytes, offset + 14) + 1);
      reach.height = Math.max(reach.height, 2 * u24le(bytes, offset + 11) + u24le(bytes, offset + 17) + 1);
    }
    const size = u32le(bytes, offset + 4);
    offset += 8 + size + (size & 1);
  }
  return { frames: Math.max(frames, 1), truncated: bytes.length < end, reach };
}

/**
 * A complete JPEG has an end-of-image marker (FF D9) after its last start-of-scan (FF DA). Inside scan data a 0xFF
 * is always followed by 0x00 or a restart marker, so FF D9 there can only be a real end. Searched from the back:
 * cameras append little after the end, and an EXIF thumbnail's own end marker comes before the main scan.
 */
function jpegHasEnd(bytes: Uint8Array): boolean {
  let end = bytes.length - 2;
  while (end >= 0 && !(bytes[end] === 0xff && bytes[end + 1] === 0xd9)) end--;
  if (end < 0) return false;
  for (let i = end + 2; i + 1 < bytes.length; i++) {
    if (bytes[i] === 0xff && bytes[i + 1] === 0xda) return false; // a scan that began after that end never ended
  }
  return true;
}

const label = (format: ImageFormat) => format.toUpperCase();
const ascii = (bytes: Uint8Array, start: number, length: number) =>
  String.fromCharCode(...bytes.subarray(start, start + length));
const u32be = (bytes: Uint8Array, offset: number) =>
  (((bytes[offset] ?? 0) << 24) | ((bytes[offset + 1] ?? 0) << 16) | ((bytes[offset + 2] ?? 0) << 8) | (bytes[offset + 3] ?? 0)) >>> 0;
const u16le = (bytes: Uint8Array, offset: number) => (bytes[offset] ?? 0) | ((bytes[offset + 1] ?? 0) << 8);
const u24le = (bytes: Uint8Array, offset: number) => u16le(bytes, offset) | ((bytes[offset + 2] ?? 0) << 16);
const u32le = (bytes: Uint8Array, offset: number) =>
  ((bytes[offset] ?? 0) | ((bytes[offset + 1] ?? 0) << 8) | ((bytes[offset + 2] ?? 0) << 16) | ((bytes[offset + 3] ?? 0) << 24)) >>> 0;
const megapixels = (pixels: number) => `${(pixels / 1e6).toFixed(pixels < 1e7 ? 1 : 0)} megapixels`;
const megabytes = (size: number) => `${(size / 1e6).toFixed(size < 1e7 ? 1 : 0)} MB`;
