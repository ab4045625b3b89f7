import type { RgbaImage } from '../input/pixels.js';

/**
 * A GIF decoder for the Node verifier, in one pass over the file. libvips decodes frame N by replaying frames 0 to
 * N in a new decoder, so eight sampled frames of a long GIF cost about four times the whole animation; here every
 * frame is decompressed once, composited on one canvas, and only the frames asked for are copied out. Memory is
 * the canvas, one frame's indices and the copies, whatever the number of frames.
 *
 * Compositing is a browser's: the canvas starts transparent and is as large as the logical screen grown to cover
 * every frame (as libnsgif and Chromium grow it; src/input/probe.ts counts the same size against the limits),
 * disposal 2 clears the frame's rectangle to transparent, disposal 3 restores what was under it, and a frame whose
 * data stops early keeps the pixels it had.
 */
export interface GifFrames {
  /** Frames in the file, each one an image descriptor. */
  frameCount: number;
  width: number;
  height: number;
  /** The frames asked for, in file order, each the full canvas as a viewer shows it at that frame. */
  frames: { index: number; image: RgbaImage }[];
}

/** A GIF this decoder cannot read: the caller turns it into its typed decode error. */
export class GifError extends Error {
  override readonly name = 'GifError';
}

interface FrameRecord {
  left: number;
  top: number;
  width: number;
  height: number;
  interlaced: boolean;
  /** Colour table as packed RGB, or null for the global one. */
  palette: Uint8Array | null;
  transparent: number | null;
  disposal: number;
  minCodeSize: number;
  /** Offset of the first data sub-block. */
  data: number;
}

/** Decodes the frames `pick` chooses from the number of frames in the file (indices, first frame 0). */
export function decodeGif(bytes: Uint8Array, pick: (frameCount: number) => readonly number[]): GifFrames {
  const { width, height, globalPalette, records } = readBlocks(bytes);
  if (records.length === 0) throw new GifError('The GIF holds no image.');
  const wanted = new Set(pick(records.length));
  const canvas = new Uint8ClampedArray(width * height * 4);
  const frames: GifFrames['frames'] = [];
  let previous: { record: FrameRecord; saved: Uint8ClampedArray | null } | null = null;
  const lastWanted = Math.max(...wanted);
  for (let index = 0; index <= lastWanted && index < records.length; index++) {
    const record = records[index]!;
    if (previous?.record.disposal === 2) fillRect(canvas, width, previous.record, null);
    if (previous?.record.disposal === 3 && previous.saved) fillRect(canvas, width, previous.record, previous.saved);
    const saved = record.disposal === 3 ? copyRect(canvas, width, record) : null;
    const palette = record.palette ?? globalPalette;
    if (!palette) throw new GifError(`Frame ${index} has no colour table.`);
    const indices = new Uint8Array(record.width * record.height);
    const decoded = decompress(bytes, record.data, record.minCodeSize, indices);
    draw(canvas, width, record, indices, decoded, palette);
    if (wanted.has(index)) frames.push({ index, image: { width, height, data: canvas.slice() } });
    previous = { record, saved };
  }
  return { frameCount: records.length, width, height, frames };
}

function readBlocks(bytes: Uint8Array): {
  width: number;
  height: number;
  globalPalette: Uint8Array | null;
  records: FrameRecord[];
} {
  if (bytes.length < 13) throw new GifError('The GIF header is cut short.');
  let width = u16(bytes, 6);
  let height = u16(bytes, 8);
  const flags = bytes[10]!;
  let offset = 13;
  let globalPalette: Uint8Array | null = null;
  if (flags & 0x80) {
    const size = 3 * 2 ** ((flags & 7) + 1);
    globalPalette = bytes.subarray(offset, offset + size);
    offset += size;
  }
  const records: FrameRecord[] = [];
  let control = { transparent: null as number | null, disposal: 0 };
  const skipSubBlocks = (): boolean => {
    while (offset < bytes.length) {
      const size = bytes[offset++]!;
      if (size === 0) return true;
      offset += size;
    }
    return false;
  };
  while (offset < bytes.length) {
    const introducer = bytes[offset++];
    if (introducer === 0x3b) break;
    if (introducer === 0x21) {
      const label = bytes[offset++];
      if (label === 0xf9 && bytes[offset] === 4 && offset + 5 < bytes.length) {
        const packed = bytes[offset + 1]!;
        control = { transparent: packed & 1 ? bytes[offset + 4]! : null, disposal: (packed >> 2) & 7 };
      }
      if (!skipSubBlocks()) break;
    } else if (introducer === 0x2c) {
      if (offset + 10 > bytes.length) break;
      const left = u16(bytes, offset);
      const top = u16(bytes, offset + 2);
      const frameWidth = u16(bytes, offset + 4);
      const frameHeight = u16(bytes, offset + 6);
      const localFlags = bytes[offset + 8]!;
      offset += 9;
      let palette: Uint8Array | null = null;
      if (localFlags & 0x80) {
        const size = 3 * 2 ** ((localFlags & 7) + 1);
        palette = bytes.subarray(offset, offset + size);
        offset += size;
      }
      const minCodeSize = bytes[offset++] ?? 0;
      const data = offset;
      const complete = skipSubBlocks();
      if (frameWidth > 0 && frameHeight > 0 && data < bytes.length) {
        records.push({
          left,
          top,
          width: frameWidth,
          height: frameHeight,
          interlaced: (localFlags & 0x40) !== 0,
          palette,
          transparent: control.transparent,
          disposal: control.disposal,
          minCodeSize,
          data,
        });
        width = Math.max(width, left + frameWidth);
        height = Math.max(height, top + frameHeight);
      }
      control = { transparent: null, disposal: 0 };
      if (!complete) break;
    } else {
      break; // not a GIF block: the rest is damaged
    }
  }
  return { width, height, globalPalette, records };
}

/**
 * LZW-decompresses a frame's sub-blocks into `out` (one palette index per pixel) and returns how many pixels it
 * filled: fewer than the frame's when the data stops early or breaks.
 */
function decompress(bytes: Uint8Array, start: number, minCodeSize: number, out: Uint8Array): number {
  if (minCodeSize < 1 || minCodeSize > 11) return 0;
  const clear = 1 << minCodeSize;
  const end = clear + 1;
  // Each code's string: its last byte, its prefix code, its first byte and its length (read back to front).
  const suffix = new Uint8Array(4096);
  const first = new Uint8Array(4096);
  const prefix = new Int16Array(4096);
  const length = new Uint16Array(4096);
  for (let code = 0; code < clear; code++) {
    suffix[code] = code;
    first[code] = code;
    prefix[code] = -1;
    length[code] = 1;
  }
  let codeSize = minCodeSize + 1;
  let next = end + 1;
  let previous = -1;
  let written = 0;
  let bits = 0;
  let buffer = 0;
  let offset = start;
  let blockLeft = 0;
  const total = out.length;
  while (written < total) {
    while (bits < codeSize) {
      if (blockLeft === 0) {
        if (offset >= bytes.length) return written;
        blockLeft = bytes[offset++]!;
        if (blockLeft === 0) return written;
      }
      if (offset >= bytes.length) return written;
      buffer |= bytes[offset++]! << bits;
      bits += 8;
      blockLeft--;
    }
    const code = buffer & ((1 << codeSize) - 1);
    buffer >>>= codeSize;
    bits -= codeSize;
    if (code === clear) {
      codeSize = minCodeSize + 1;
      next = end + 1;
      previous = -1;
      continue;
    }
    if (code === end) return written;
    if (previous === -1) {
      if (code >= clear) return written;
      out[written++] = code;
      previous = code;
      continue;
    }
    // A code not yet in the table is the previous string plus that string's own first byte.
    const known = code < next;
    if (!known && code !== next) return written;
    const firstByte = first[known ? code : previous]!;
    if (next < 4096) {
      prefix[next] = previous;
      suffix[next] = firstByte;
      first[next] = first[previous]!;
      length[next] = length[previous]! + 1;
      next++;
      if (next === 1 << codeSize && codeSize < 12) codeSize++;
    }
    // Now in the table either way (unless it is full, where a code is always known).
    const size = length[code]!;
    let position = written + size - 1;
    let walk = code;
    while (position >= total) {
      walk = prefix[walk]!;
      position--;
    }
    for (; walk !== -1; walk = prefix[walk]!) out[position--] = suffix[walk]!;
    written = Math.min(total, written + size);
    previous = code;
  }
  return written;
}

/** Interlaced rows come in four passes: every 8th from 0, every 8th from 4, every 4th from 2, every 2nd from 1. */
function rowOrder(height: number, interlaced: boolean): Int32Array {
  const rows = new Int32Array(height);
  if (!interlaced) {
    for (let y = 0; y < height; y++) rows[y] = y;
    return rows;
  }
  let i = 0;
  for (const [first, step] of [[0, 8], [4, 8], [2, 4], [1, 2]] as const) {
    for (let y = first; y < height; y += step) rows[i++] = y;
  }
  return rows;
}

function draw(
  canvas: Uint8ClampedArray,
  canvasWidth: number,
  record: FrameRecord,
  indices: Uint8Array,
  decoded: number,
  palette: Uint8Array,
): void {
  const rows = rowOrder(record.height, record.interlaced);
  // Opaque RGBA per colour, written as one 32-bit word (the byte order of the platform, as the canvas is read).
  const colours = new Uint32Array(palette.length / 3);
  const rgba = new Uint8Array(colours.buffer);
  for (let i = 0; i < colours.length; i++) rgba.set([palette[i * 3]!, palette[i * 3 + 1]!, palette[i * 3 + 2]!, 255], i * 4);
  const pixels = new Uint32Array(canvas.buffer, canvas.byteOffset, canvas.length / 4);
  const transparent = record.transparent ?? -1;
  for (let row = 0, pixel = 0; row < record.height && pixel < decoded; row++) {
    let target = (record.top + rows[row]!) * canvasWidth + record.left;
    const rowEnd = Math.min(decoded, pixel + record.width);
    for (; pixel < rowEnd; pixel++, target++) {
      const index = indices[pixel]!;
      // Transparent, or past the end of the colour table (which browsers leave transparent too): the canvas shows.
      if (index !== transparent && index < colours.length) pixels[target] = colours[index]!;
    }
  }
}

function copyRect(canvas: Uint8ClampedArray, canvasWidth: number, rect: FrameRecord): Uint8ClampedArray {
  const saved = new Uint8ClampedArray(rect.width * rect.height * 4);
  for (let y = 0; y < rect.height; y++) {
    const from = ((rect.top + y) * canvasWidth + rect.left) * 4;
    saved.set(canvas.subarray(from, from + rect.width * 4), y * rect.width * 4);
  }
  return saved;
}

/** Fills a frame's rectangle with `saved` (restore to previous), or clears it to transparent when null. */
function fillRect(canvas: Uint8ClampedArray, canvasWidth: number, rect: FrameRecord, saved: Uint8ClampedArray | null): void {
  for (let y = 0; y < rect.height; y++) {
    const from = ((rect.top + y) * canvasWidth + rect.left) * 4;
    if (saved) canvas.set(saved.subarray(y * rect.width * 4, (y + 1) * rect.width * 4), from);
    else canvas.fill(0, from, from + rect.width * 4);
  }
}

const u16 = (bytes: Uint8Array, offset: number) => (bytes[offset] ?? 0) | ((bytes[offset + 1] ?? 0) << 8);
