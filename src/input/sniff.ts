import type { ImageFormat } from '../verdict/types.js';

/**
 * What a file is, read from its first bytes: never from its name or MIME type, which the uploader controls.
 * Pure: no DOM, unit-tested in Node.
 */
export type Sniffed =
  | { kind: 'image'; format: ImageFormat; mimeType: string }
  | { kind: 'unsupported'; what: string; advice: string }
  | { kind: 'unknown' };

const ascii = (bytes: Uint8Array, start: number, length: number): string =>
  String.fromCharCode(...bytes.subarray(start, start + length));

const startsWith = (bytes: Uint8Array, signature: readonly number[], offset = 0): boolean =>
  bytes.length >= offset + signature.length && signature.every((byte, i) => bytes[offset + i] === byte);

/** ISO-BMFF brands (the `ftyp` box) that mean AVIF or HEIC/HEIF. */
const AVIF_BRANDS = new Set(['avif', 'avis']);
const HEIF_BRANDS = new Set(['heic', 'heix', 'hevc', 'hevx', 'heim', 'heis', 'hevm', 'hevs', 'mif1', 'msf1']);

export function sniffFormat(bytes: Uint8Array): Sniffed {
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return image('jpeg');
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return image('png');
  if (ascii(bytes, 0, 6) === 'GIF87a' || ascii(bytes, 0, 6) === 'GIF89a') return image('gif');
  if (ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 4) === 'WEBP') return image('webp');
  if (ascii(bytes, 0, 2) === 'BM' && bytes.length >= 26) return image('bmp');
  if (ascii(bytes, 4, 4) === 'ftyp') {
    const brands = [ascii(bytes, 8, 4), ...compatibleBrands(bytes)];
    if (brands.some((brand) => AVIF_BRANDS.has(brand))) return image('avif');
    if (brands.some((brand) => HEIF_BRANDS.has(brand))) {
      return unsupported(
        'a HEIC/HEIF photo (the iPhone camera format)',
        'Browsers cannot read it yet. Export or share it as JPEG (on an iPhone: Settings › Camera › Formats › Most Compatible) and try again.',
      );
    }
  }
  if (startsWith(bytes, [0x49, 0x49, 0x2a, 0x00]) || startsWith(bytes, [0x4d, 0x4d, 0x00, 0x2a])) {
    return unsupported('a TIFF image', 'Save it as JPEG or PNG and try again.');
  }
  if (ascii(bytes, 0, 5) === '%PDF-') return unsupported('a PDF document', 'Export the page as a JPEG or PNG image.');
  if (looksLikeSvg(bytes)) {
    return unsupported('an SVG drawing', 'SVG files can carry scripts, so only photos and bitmaps are accepted. Export it as PNG.');
  }
  return { kind: 'unknown' };
}

function image(format: ImageFormat): Sniffed {
  return { kind: 'image', format, mimeType: `image/${format}` };
}

function unsupported(what: string, advice: string): Sniffed {
  return { kind: 'unsupported', what, advice };
}

function compatibleBrands(bytes: Uint8Array): string[] {
  const boxSize = ((bytes[0] ?? 0) << 24) | ((bytes[1] ?? 0) << 16) | ((bytes[2] ?? 0) << 8) | (bytes[3] ?? 0);
  const end = Math.min(boxSize, bytes.length, 64);
  const brands: string[] = [];
  for (let offset = 16; offset + 4 <= end; offset += 4) brands.push(ascii(bytes, offset, 4));
  return brands;
}

function looksLikeSvg(bytes: Uint8Array): boolean {
  const head = new TextDecoder().decode(bytes.subarray(0, 512)).trimStart().toLowerCase();
  return head.startsWith('<svg') || ((head.startsWith('<?xml') || head.startsWith('<!doctype svg')) && head.includes('<svg'));
}
