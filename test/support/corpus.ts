import { readFileSync } from 'node:fs';
import { crc32, createDeflate, deflateSync } from 'node:zlib';
import sharp, { type Sharp } from 'sharp';
import UPNG from 'upng-js';
import { gifFramePastScreen, longGif } from './server-attacks.js';

/**
 * Hostile and unusual files, made here from code (sharp, upng-js, zlib and hand-written headers) so every byte
 * is known. Each entry says what must come out: an error code, or a verdict whose image facts match.
 */
export interface CorpusEntry {
  name: string;
  /** What it is and why it is in the corpus. */
  about: string;
  bytes: Uint8Array;
  /** The file name and MIME type the upload claims (disguises included). */
  fileName: string;
  mimeType: string;
  expected: { code: string } | { image: Record<string, unknown>; gps?: boolean };
}

const photoPath = 'node_modules/@vladmandic/face-api/demo/sample1.jpg';

export async function buildCorpus(): Promise<CorpusEntry[]> {
  const photo = readFileSync(photoPath);
  const small = await sharp(photo).resize(320, 213).jpeg({ quality: 85 }).toBuffer();
  const entries: CorpusEntry[] = [];
  const add = (entry: Omit<CorpusEntry, 'bytes'> & { bytes: Uint8Array | Buffer }) =>
    entries.push({ ...entry, bytes: new Uint8Array(entry.bytes) });

  // --- not images, or not images we decode ---------------------------------------------------------------------
  add({ name: 'empty', about: 'a 0-byte file', bytes: new Uint8Array(), fileName: 'empty.jpg', mimeType: 'image/jpeg', expected: { code: 'empty_file' } });
  add({ name: 'text-as-png', about: 'a text file named .png', bytes: Buffer.from('just some notes, not a picture\n'), fileName: 'notes.png', mimeType: 'image/png', expected: { code: 'unsupported_format' } });
  add({ name: 'html-as-jpg', about: 'an HTML page with a script, named .jpg', bytes: Buffer.from('<!doctype html><script>parent.hacked = true</script>'), fileName: 'cat.jpg', mimeType: 'image/jpeg', expected: { code: 'unsupported_format' } });
  add({
    name: 'svg-script',
    about: 'an SVG with a script and an onload handler',
    bytes: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="parent.hacked=true"><script>parent.hacked=true</script><rect width="10" height="10"/></svg>'),
    fileName: 'logo.svg',
    mimeType: 'image/svg+xml',
    expected: { code: 'unsupported_format' },
  });
  add({ name: 'pdf', about: 'a PDF named .png', bytes: Buffer.from('%PDF-1.7\n1 0 obj\n<<>>\nendobj\n'), fileName: 'scan.png', mimeType: 'image/png', expected: { code: 'unsupported_format' } });
  add({ name: 'heic', about: 'an iPhone HEIC header', bytes: Buffer.concat([Buffer.from([0, 0, 0, 24]), Buffer.from('ftypheic'), Buffer.alloc(4), Buffer.from('mif1heic'), Buffer.alloc(64)]), fileName: 'IMG_0001.HEIC', mimeType: 'image/heic', expected: { code: 'unsupported_format' } });
  add({ name: 'tiff', about: 'a real TIFF (Chromium cannot decode it)', bytes: await sharp(small).tiff().toBuffer(), fileName: 'scan.tif', mimeType: 'image/tiff', expected: { code: 'unsupported_format' } });

  // --- bombs: refused from the header, before any pixel is allocated -------------------------------------------
  add({ name: 'gif-bomb', about: 'a 44-byte GIF claiming 65535×65535', bytes: gifHeaderOnly(65535, 65535), fileName: 'tiny.gif', mimeType: 'image/gif', expected: { code: 'dimensions_too_large' } });
  add({ name: 'png-bomb-header', about: 'a 69-byte PNG claiming 65535×65535', bytes: pngHeaderOnly(65535, 65535), fileName: 'tiny.png', mimeType: 'image/png', expected: { code: 'dimensions_too_large' } });
  add({ name: 'png-bomb-valid', about: 'a valid 20000×20000 PNG (400 MP; 389 KB on disk, 400 MB decoded)', bytes: await validHugePng(20000, 20000), fileName: 'bomb.png', mimeType: 'image/png', expected: { code: 'dimensions_too_large' } });
  add({ name: 'gif-frame-past-screen', about: 'a 35-byte GIF whose 1×1 screen holds a 16383×16383 frame (decoders grow the canvas)', bytes: gifFramePastScreen(), fileName: 'dot.gif', mimeType: 'image/gif', expected: { code: 'dimensions_too_large' } });
  add({ name: 'gif-long', about: '5000 frames of 2048×2048 in 70 KB: 21 gigapixels to decode to reach the last sampled frame', bytes: longGif(), fileName: 'long.gif', mimeType: 'image/gif', expected: { code: 'dimensions_too_large' } });
  add({ name: 'bmp-bomb', about: 'a BMP header claiming 3,000,000×2,000,000', bytes: bmpHeaderOnly(3_000_000, 2_000_000), fileName: 'huge.bmp', mimeType: 'image/bmp', expected: { code: 'dimensions_too_large' } });

  // --- truncated and corrupt ----------------------------------------------------------------------------------
  add({ name: 'jpeg-cut-mid-scan', about: 'a 320×213 JPEG cut at 60% of its bytes', bytes: small.subarray(0, Math.floor(small.length * 0.6)), fileName: 'cut.jpg', mimeType: 'image/jpeg', expected: { image: { format: 'jpeg', truncated: true, width: 320, height: 213 } } });
  add({ name: 'jpeg-bad-header', about: 'a JPEG signature followed by garbage', bytes: Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(200, 0x5a)]), fileName: 'bad.jpg', mimeType: 'image/jpeg', expected: { code: 'decode_failed' } });
  add({ name: 'png-broken-zlib', about: 'a PNG whose IDAT is not a zlib stream', bytes: pngWithData(64, 64, Buffer.alloc(300, 0xab)), fileName: 'broken.png', mimeType: 'image/png', expected: { code: 'decode_failed' } });
  add({ name: 'png-no-iend', about: 'a complete image whose IEND chunk was cut off', bytes: (await sharp(small).png().toBuffer()).subarray(0, -12), fileName: 'cut.png', mimeType: 'image/png', expected: { image: { format: 'png', truncated: true, width: 320 } } });
  add({ name: 'gif-no-trailer', about: 'an animated GIF cut in its last frame', bytes: (await animatedGif(6)).subarray(0, -40), fileName: 'cut.gif', mimeType: 'image/gif', expected: { image: { format: 'gif', truncated: true } } });

  // --- disguises that are still real images -------------------------------------------------------------------
  add({ name: 'jpeg-as-gif', about: 'a JPEG named .gif with an image/gif type', bytes: small, fileName: 'photo.gif', mimeType: 'image/gif', expected: { image: { format: 'jpeg', width: 320, height: 213, truncated: false } } });
  add({ name: 'jpeg-with-zip-tail', about: 'a JPEG with a ZIP archive appended (a polyglot)', bytes: Buffer.concat([small, Buffer.from('PK\u0003\u0004'), Buffer.alloc(200, 1)]), fileName: 'photo.jpg', mimeType: 'image/jpeg', expected: { image: { format: 'jpeg', truncated: false } } });

  // --- orientation and colour models --------------------------------------------------------------------------
  add({ name: 'exif-rotated', about: 'stored 320×213 landscape, EXIF orientation 6 (rotate 90°): displayed 213×320', bytes: await sharp(small).withMetadata({ orientation: 6 }).jpeg().toBuffer(), fileName: 'portrait.jpg', mimeType: 'image/jpeg', expected: { image: { width: 213, height: 320 } } });
  add({ name: 'cmyk-jpeg', about: 'a CMYK JPEG (print workflows)', bytes: await sharp(small).toColourspace('cmyk').jpeg().toBuffer(), fileName: 'print.jpg', mimeType: 'image/jpeg', expected: { image: { format: 'jpeg', width: 320, height: 213 } } });
  add({ name: 'png-16bit', about: 'a 16-bit RGB PNG', bytes: await sharp(small).toColourspace('rgb16').png().toBuffer(), fileName: 'deep.png', mimeType: 'image/png', expected: { image: { format: 'png', width: 320 } } });
  add({ name: 'png-palette', about: 'a palette (indexed) PNG', bytes: await sharp(small).png({ palette: true, colours: 16 }).toBuffer(), fileName: 'indexed.png', mimeType: 'image/png', expected: { image: { format: 'png', width: 320 } } });
  add({ name: 'grey-jpeg', about: 'a greyscale JPEG', bytes: await sharp(small).greyscale().jpeg().toBuffer(), fileName: 'grey.jpg', mimeType: 'image/jpeg', expected: { image: { format: 'jpeg', width: 320 } } });
  add({ name: 'bmp-24bit', about: 'a 24-bit bottom-up BMP', bytes: bmp24(4, 3), fileName: 'tiny.bmp', mimeType: 'image/bmp', expected: { image: { format: 'bmp', width: 4, height: 3 } } });
  add({ name: 'avif', about: 'an AVIF still', bytes: await sharp(small).avif({ quality: 50 }).toBuffer(), fileName: 'photo.avif', mimeType: 'image/avif', expected: { image: { format: 'avif', width: 320, frames: 1 } } });
  add({ name: 'webp', about: 'a lossy WebP still', bytes: await sharp(small).webp().toBuffer(), fileName: 'photo.webp', mimeType: 'image/webp', expected: { image: { format: 'webp', width: 320, frames: 1 } } });

  // --- animations: frames counted, a sample analysed -----------------------------------------------------------
  add({ name: 'gif-animated-20', about: 'a 20-frame animated GIF', bytes: await animatedGif(20), fileName: 'anim.gif', mimeType: 'image/gif', expected: { image: { format: 'gif', frames: 20, sampledFrames: [0, 2, 5, 7, 10, 12, 15, 17] } } });
  add({ name: 'webp-animated-5', about: 'a 5-frame animated WebP', bytes: await animatedWebp(5), fileName: 'anim.webp', mimeType: 'image/webp', expected: { image: { format: 'webp', frames: 5, sampledFrames: [0, 1, 2, 3, 4] } } });
  add({ name: 'apng-3', about: 'a 3-frame APNG', bytes: apng(3), fileName: 'anim.png', mimeType: 'image/png', expected: { image: { format: 'png', frames: 3, sampledFrames: [0, 1, 2] } } });

  // --- metadata ------------------------------------------------------------------------------------------------
  add({
    name: 'gps-jpeg',
    about: 'a JPEG whose EXIF holds a GPS position and a camera',
    bytes: await sharp(small)
      .jpeg()
      .withExif({
        IFD0: { Make: 'TestCam', Model: 'X1' },
        IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '48/1 51/1 2952/100', GPSLongitudeRef: 'E', GPSLongitude: '2/1 17/1 4000/100' },
      })
      .toBuffer(),
    fileName: 'holiday.jpg',
    mimeType: 'image/jpeg',
    expected: { image: { format: 'jpeg' }, gps: true },
  });
  return entries;
}

/** A GIF that is all header: logical screen of w×h, then the trailer. 44 bytes. */
function gifHeaderOnly(width: number, height: number): Buffer {
  const bytes = Buffer.alloc(44);
  bytes.write('GIF89a', 0, 'latin1');
  bytes.writeUInt16LE(width, 6);
  bytes.writeUInt16LE(height, 8);
  bytes.set([0x2c, 0, 0, 0, 0], 13); // an image descriptor claiming the same size
  bytes.writeUInt16LE(width, 18);
  bytes.writeUInt16LE(height, 20);
  bytes.set([0x00, 0x02, 0x02, 0x4c, 0x01, 0x00, 0x3b], 23);
  return bytes;
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

function ihdr(width: number, height: number, colourType: number): Buffer {
  const data = Buffer.alloc(13);
  data.writeUInt32BE(width, 0);
  data.writeUInt32BE(height, 4);
  data[8] = 8;
  data[9] = colourType;
  return chunk('IHDR', data);
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Signature, IHDR, an empty IDAT and IEND: 69 bytes that claim any size. */
function pngHeaderOnly(width: number, height: number): Buffer {
  return Buffer.concat([PNG_SIGNATURE, ihdr(width, height, 2), chunk('IDAT', deflateSync(Buffer.alloc(0))), chunk('IEND', Buffer.alloc(0))]);
}

function pngWithData(width: number, height: number, idat: Buffer): Buffer {
  return Buffer.concat([PNG_SIGNATURE, ihdr(width, height, 2), chunk('IDAT', idat), chunk('IEND', Buffer.alloc(0))]);
}

/** A real, valid greyscale PNG of width×height zeros, deflated as a stream (it would be 400 MB in memory). */
async function validHugePng(width: number, height: number): Promise<Buffer> {
  const deflate = createDeflate({ level: 9 });
  const parts: Buffer[] = [];
  deflate.on('data', (part: Buffer) => parts.push(part));
  const done = new Promise((resolve) => deflate.on('end', resolve));
  const row = Buffer.alloc(width + 1);
  for (let y = 0; y < height; y++) deflate.write(row);
  deflate.end();
  await done;
  return Buffer.concat([PNG_SIGNATURE, ihdr(width, height, 0), chunk('IDAT', Buffer.concat(parts)), chunk('IEND', Buffer.alloc(0))]);
}

/** A BITMAPINFOHEADER claiming width×height at 24 bits, with no pixels behind it. */
function bmpHeaderOnly(width: number, height: number): Buffer {
  const bytes = Buffer.alloc(54);
  bytes.write('BM', 0, 'latin1');
  bytes.writeUInt32LE(54, 2);
  bytes.writeUInt32LE(54, 10);
  bytes.writeUInt32LE(40, 14);
  bytes.writeInt32LE(width, 18);
  bytes.writeInt32LE(height, 22);
  bytes.writeUInt16LE(1, 26);
  bytes.writeUInt16LE(24, 28);
  return bytes;
}

/** A small valid 24-bit BMP, rows bottom-up and padded to 4 bytes. */
function bmp24(width: number, height: number): Buffer {
  const rowSize = Math.ceil((width * 3) / 4) * 4;
  const header = bmpHeaderOnly(width, height);
  const pixels = Buffer.alloc(rowSize * height, 0x80);
  header.writeUInt32LE(54 + pixels.length, 2);
  header.writeUInt32LE(pixels.length, 34);
  return Buffer.concat([header, pixels]);
}

/** Frames of a moving square, stacked vertically, as sharp takes animations. */
async function frameStrip(count: number, size = 48): Promise<Sharp> {
  const raw = Buffer.alloc(size * size * count * 4);
  for (let f = 0; f < count; f++) {
    for (let y = 0; y < size; y++) {
      for (let x = 0; x < size; x++) {
        const i = ((f * size + y) * size + x) * 4;
        const inside = Math.abs(x - ((f * 7) % size)) < 8 && Math.abs(y - size / 2) < 8;
        raw.set(inside ? [220, 40, 40, 255] : [240, 240, 240, 255], i);
      }
    }
  }
  return sharp(raw, { raw: { width: size, height: size * count, channels: 4, pageHeight: size } });
}

async function animatedGif(frames: number): Promise<Buffer> {
  return (await frameStrip(frames)).gif({ loop: 0, delay: new Array(frames).fill(80) }).toBuffer();
}

async function animatedWebp(frames: number): Promise<Buffer> {
  return (await frameStrip(frames)).webp({ loop: 0, delay: new Array(frames).fill(80) }).toBuffer();
}

function apng(frames: number, size = 32): Buffer {
  const buffers: ArrayBuffer[] = [];
  for (let f = 0; f < frames; f++) {
    const rgba = new Uint8Array(size * size * 4).fill(255);
    for (let i = 0; i < size * size; i++) if (i % size < (f + 1) * 8) rgba.set([30, 90, 200, 255], i * 4);
    buffers.push(rgba.buffer);
  }
  return Buffer.from(UPNG.encode(buffers, size, size, 0, new Array(frames).fill(100)));
}
