import { describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { ImageGuardError } from '../../src/errors.js';
import { sampleFrames } from '../../src/input/decode.js';
import { DEFAULT_LIMITS, probeImage } from '../../src/input/probe.js';
import { decodeImage } from '../../src/node/decode.js';
import { decodeGif } from '../../src/node/gif.js';
import { gifFramePastScreen, longGif } from '../support/server-attacks.js';

// The Node verifier's one-pass GIF decoder against libvips (libnsgif), which decoded GIFs before it: the same
// pixels for every frame, and the limits held on what is drawn, not on what the header claims.

/** A moving square with a transparent background: frames that differ by a part only, as GIF encoders store them. */
async function animation(options: { frames: number; transparent?: boolean }): Promise<Uint8Array> {
  const size = 40;
  const raw = Buffer.alloc(size * size * options.frames * 4);
  for (let f = 0; f < options.frames; f++) {
    for (let y = 0; y < size; y++) {
      for (let x = 0; x < size; x++) {
        const inside = Math.abs(x - ((f * 5) % size)) < 7 && Math.abs(y - 20) < 7;
        const background = options.transparent ? [0, 0, 0, 0] : [(x * 6) & 255, (y * 6) & 255, 128, 255];
        raw.set(inside ? [220, 40, 40, 255] : background, ((f * size + y) * size + x) * 4);
      }
    }
  }
  return new Uint8Array(
    await sharp(raw, { raw: { width: size, height: size * options.frames, channels: 4, pageHeight: size } })
      .gif({ loop: 0, delay: new Array(options.frames).fill(50) })
      .toBuffer(),
  );
}

/**
 * An interlaced 256-colour still (sharp writes no interlaced GIF), its LZW codes all literals: a clear code every
 * 254 codes keeps the code size at 9 bits.
 */
function interlacedGif(width: number, height: number): Uint8Array {
  const palette = Array.from({ length: 256 }, (_, i) => [i, 255 - i, (i * 7) & 255]).flat();
  // Rows in interlaced order: every 8th from 0, every 8th from 4, every 4th from 2, every 2nd from 1.
  const order = [[0, 8], [4, 8], [2, 4], [1, 2]].flatMap(([first, step]) =>
    Array.from({ length: Math.ceil((height - first!) / step!) }, (_, i) => first! + i * step!),
  );
  const indices = order.flatMap((y) => Array.from({ length: width }, (_, x) => (x * 3 + y * 17) & 255));
  const codes: number[] = [];
  indices.forEach((index, i) => {
    if (i % 254 === 0) codes.push(256);
    codes.push(index);
  });
  codes.push(257);
  const data: number[] = [];
  let buffer = 0;
  let bits = 0;
  for (const code of codes) {
    buffer |= code << bits;
    bits += 9;
    while (bits >= 8) {
      data.push(buffer & 255);
      buffer >>= 8;
      bits -= 8;
    }
  }
  if (bits > 0) data.push(buffer & 255);
  const blocks: number[] = [];
  for (let i = 0; i < data.length; i += 255) blocks.push(Math.min(255, data.length - i), ...data.slice(i, i + 255));
  const u16 = (value: number) => [value & 255, value >> 8];
  return new Uint8Array([
    ...[...'GIF89a'].map((c) => c.charCodeAt(0)),
    ...u16(width), ...u16(height), 0xf7, 0, 0, ...palette,
    0x2c, 0, 0, 0, 0, ...u16(width), ...u16(height), 0x40, 8, ...blocks, 0, 0x3b,
  ]);
}

async function sharpFrame(bytes: Uint8Array, page: number): Promise<Buffer> {
  return sharp(bytes, { page }).ensureAlpha().raw().toBuffer();
}

describe('decodeGif', () => {
  it.each([
    ['opaque', { frames: 12 }],
    ['transparent background', { frames: 12, transparent: true }],
  ])('gives the pixels libvips gives, frame by frame (%s)', async (_, options) => {
    const bytes = await animation(options);
    const decoded = decodeGif(bytes, (count) => Array.from({ length: count }, (_, i) => i));
    expect(decoded.frameCount).toBe(options.frames);
    for (const { index, image } of decoded.frames) {
      expect(Buffer.from(image.data.buffer).equals(await sharpFrame(bytes, index)), `frame ${index}`).toBe(true);
    }
  });

  it('gives the pixels libvips gives for an interlaced GIF', async () => {
    const bytes = interlacedGif(37, 29);
    const { image } = decodeGif(bytes, () => [0]).frames[0]!;
    expect(Buffer.from(image.data.buffer).equals(await sharpFrame(bytes, 0))).toBe(true);
  });

  it('decodes only up to the last frame asked for, and copies out only those', async () => {
    const bytes = await animation({ frames: 20 });
    const decoded = decodeGif(bytes, (count) => sampleFrames(count, 3));
    expect(decoded.frames.map((frame) => frame.index)).toEqual([0, 6, 13]);
    expect(Buffer.from(decoded.frames[2]!.image.data.buffer).equals(await sharpFrame(bytes, 13))).toBe(true);
  });

  it('keeps what decoded of a frame whose data stops early', async () => {
    const bytes = await animation({ frames: 3 });
    const cut = bytes.subarray(0, bytes.length - 60);
    const decoded = decodeGif(cut, (count) => [count - 1]);
    expect(decoded.frames).toHaveLength(1);
    expect(decoded.frames[0]!.image.data.some((value) => value !== 0)).toBe(true);
  });
});

describe('the limits hold on what a GIF draws', () => {
  const refusal = (bytes: Uint8Array) => {
    try {
      probeImage(bytes, DEFAULT_LIMITS);
      return 'accepted';
    } catch (error) {
      expect(error).toBeInstanceOf(ImageGuardError);
      return (error as ImageGuardError).message;
    }
  };

  it('refuses the 35-byte GIF with a 1×1 header and a 16383×16383 frame from its frame, before decoding', () => {
    const bytes = gifFramePastScreen();
    expect(bytes.length).toBe(35);
    expect(refusal(bytes)).toBe(
      'This image is 16383×16383 pixels (268 megapixels); the limit is 50 megapixels. Resize it and try again.',
    );
  });

  it('sizes a smaller frame past the screen as decoders draw it', async () => {
    const bytes = gifFramePastScreen(300);
    expect(probeImage(bytes, DEFAULT_LIMITS)).toMatchObject({ width: 300, height: 300 });
    expect(await sharp(bytes).metadata()).toMatchObject({ width: 300, height: 300 });
  });

  it('refuses 5000 frames of 2048×2048 by the pixels they would take to decode', () => {
    expect(refusal(longGif())).toBe(
      'This animation has 5000 frames of 2048×2048 pixels (20972 megapixels to decode); the limit is 500 megapixels. ' +
        'Shorten it or make it smaller and try again.',
    );
    expect(refusal(longGif(100, 512))).toBe('accepted');
  });

  it('refuses a decoder result larger than the probe counted (the check after decoding)', async () => {
    // A probe that claims less than the file holds stands in for a header the probe misread.
    const bytes = await animation({ frames: 2 });
    const probe = { ...probeImage(bytes, DEFAULT_LIMITS), width: 20 };
    await expect(decodeImage(bytes, probe, 8)).rejects.toMatchObject({ code: 'dimensions_too_large' });
    const png = new Uint8Array(await sharp({ create: { width: 64, height: 64, channels: 3, background: '#888' } }).png().toBuffer());
    await expect(decodeImage(png, { ...probeImage(png, DEFAULT_LIMITS), height: 10 }, 8)).rejects.toMatchObject({
      code: 'dimensions_too_large',
    });
  });
});
