import { describe, expect, it, vi, afterEach } from 'vitest';
import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { sniffFormat } from '../../src/input/sniff.js';
import { classifyString, decodeBase64, decodeDataUrl, readInput } from '../../src/input/read.js';
import { sha256Hex } from '../../src/input/hash.js';
import { ImageGuardError } from '../../src/errors.js';

const photo = readFileSync('node_modules/@vladmandic/face-api/demo/sample1.jpg');
const bytes = (...parts: (number[] | string)[]) =>
  new Uint8Array(parts.flatMap((part) => (typeof part === 'string' ? [...Buffer.from(part, 'latin1')] : part)));

describe('sniffFormat reads the bytes, never the name', () => {
  it.each([
    ['a real JPEG photo', new Uint8Array(photo), 'jpeg'],
    ['PNG', bytes([0x89], 'PNG\r\n\x1a\n', [0, 0, 0, 13]), 'png'],
    ['GIF89a', bytes('GIF89a', [1, 0, 1, 0]), 'gif'],
    ['GIF87a', bytes('GIF87a', [1, 0, 1, 0]), 'gif'],
    ['WebP', bytes('RIFF', [0, 0, 0, 0], 'WEBPVP8 '), 'webp'],
    ['BMP', bytes('BM', new Array(30).fill(0)), 'bmp'],
    ['AVIF', bytes([0, 0, 0, 28], 'ftypavif', [0, 0, 0, 0], 'avifmif1miaf'), 'avif'],
    ['AVIF under a mif1 major brand', bytes([0, 0, 0, 28], 'ftypmif1', [0, 0, 0, 0], 'mif1avifmiaf'), 'avif'],
  ])('%s', (_name, input, format) => {
    expect(sniffFormat(input)).toEqual({ kind: 'image', format, mimeType: `image/${format}` });
  });

  it.each([
    ['HEIC', bytes([0, 0, 0, 24], 'ftypheic', [0, 0, 0, 0], 'mif1heic'), /HEIC/],
    ['HEIF (mif1)', bytes([0, 0, 0, 20], 'ftypmif1', [0, 0, 0, 0], 'mif1'), /HEIC/],
    ['TIFF little-endian', bytes('II', [0x2a, 0]), /TIFF/],
    ['TIFF big-endian', bytes('MM', [0, 0x2a]), /TIFF/],
    ['PDF', bytes('%PDF-1.7\n'), /PDF/],
    ['SVG', bytes('  <svg xmlns="http://www.w3.org/2000/svg"></svg>'), /SVG/],
    ['SVG behind an XML declaration', bytes('<?xml version="1.0"?>\n<svg></svg>'), /SVG/],
  ])('%s is refused with advice', (_name, input, what) => {
    const sniffed = sniffFormat(input);
    expect(sniffed.kind).toBe('unsupported');
    if (sniffed.kind === 'unsupported') {
      expect(sniffed.what).toMatch(what);
      expect(sniffed.advice.length).toBeGreaterThan(10);
    }
  });

  it.each([
    ['text', bytes('hello, I am a text file named cat.png')],
    ['empty', new Uint8Array()],
    ['a lone JPEG marker', bytes([0xff, 0xd8])],
    ['an MP4 (ftyp isom)', bytes([0, 0, 0, 24], 'ftypisom', [0, 0, 0, 0], 'isomiso2')],
    ['a "BM" text too short to be a bitmap', bytes('BM')],
  ])('%s is unknown', (_name, input) => {
    expect(sniffFormat(input)).toEqual({ kind: 'unknown' });
  });
});

describe('strings: data URL, URL or bare base64', () => {
  const base64 = photo.toString('base64');

  it.each([
    [`data:image/jpeg;base64,${base64.slice(0, 40)}`, 'data-url'],
    ['DATA:image/png;base64,iVBORw0KGgo=', 'data-url'],
    ['https://example.test/cat.jpg', 'url'],
    ['blob:http://localhost/1234', 'url'],
    ['/images/cat.jpg', 'url'],
    ['./cat.png', 'url'],
    ['cat.png', 'url'],
    [base64, 'base64'],
    [`${base64.slice(0, 76)}\n${base64.slice(76, 152)}`, 'base64'],
    ['iVBORw0KGgoAAAANSUhEUg==', 'base64'],
  ])('%s → %s', (text, kind) => {
    expect(classifyString(text)).toBe(kind);
  });

  it('a JPEG in bare base64 starts with "/9j/" and is still base64, not a path', () => {
    expect(base64.startsWith('/9j/')).toBe(true);
    expect(classifyString(base64)).toBe('base64');
  });

  it('decodes base64 and data URLs to the original bytes', () => {
    expect(Buffer.from(decodeBase64(base64)).equals(photo)).toBe(true);
    expect(Buffer.from(decodeDataUrl(`data:image/jpeg;base64,${base64}`)).equals(photo)).toBe(true);
    expect(new TextDecoder().decode(decodeDataUrl('data:text/plain,hello%20world'))).toBe('hello world');
  });

  it('gives invalid_input for broken base64 and a data URL without data', () => {
    expect(() => decodeBase64('not*base64!')).toThrow(ImageGuardError);
    expect(() => decodeDataUrl('data:image/png;base64')).toThrow(/no comma/);
  });
});

describe('readInput returns a copy the library owns', () => {
  it('Uint8Array and ArrayBuffer inputs are copied, so the transfer to the worker leaves them usable', async () => {
    const original = new Uint8Array(photo);
    const read = await readInput(original);
    expect(read).not.toBe(original);
    expect(read.buffer).not.toBe(original.buffer);
    expect(Buffer.from(read).equals(photo)).toBe(true);
    const buffer = original.buffer.slice(0);
    const fromBuffer = await readInput(buffer);
    expect(fromBuffer.buffer).not.toBe(buffer);
    expect(fromBuffer.length).toBe(photo.length);
  });

  it('reads Blobs and base64 strings', async () => {
    expect((await readInput(new Blob([photo]))).length).toBe(photo.length);
    expect((await readInput(photo.toString('base64'))).length).toBe(photo.length);
  });

  it('refuses what it cannot read with invalid_input and names what it got', async () => {
    await expect(readInput(42 as never)).rejects.toMatchObject({ code: 'invalid_input', message: /got number/ });
    await expect(readInput({} as never)).rejects.toMatchObject({ code: 'invalid_input', message: /got Object/ });
  });
});

describe('sha256Hex', () => {
  afterEach(() => vi.unstubAllGlobals());
  const expected = createHash('sha256').update(photo).digest('hex');

  it('matches node:crypto with WebCrypto', async () => {
    expect(await sha256Hex(new Uint8Array(photo))).toBe(expected);
  });

  it('matches node:crypto without WebCrypto (plain-http pages)', async () => {
    vi.stubGlobal('crypto', {});
    expect(await sha256Hex(new Uint8Array(photo))).toBe(expected);
  });
});
