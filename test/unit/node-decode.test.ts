import { beforeAll, describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { ImageGuardError } from '../../src/errors.js';
import { DEFAULT_LIMITS, probeImage } from '../../src/input/probe.js';
import { decodeImage } from '../../src/node/decode.js';
import { buildCorpus, type CorpusEntry } from '../support/corpus.js';

// The Node verifier's decoding (sharp) on the hostile corpus the browser tests use (hostile.spec.ts): the same
// refusals, sizes, frame counts and sampled frames as Chromium, except where sharp cannot follow (BMP, APNG).

let corpus: CorpusEntry[];
beforeAll(async () => {
  corpus = await buildCorpus();
}, 30_000);

/** What the verdict's `analysis.image` says, or the error code. */
async function facts(bytes: Uint8Array): Promise<Record<string, unknown>> {
  try {
    const probe = probeImage(bytes, DEFAULT_LIMITS);
    const decoded = await decodeImage(bytes, probe, DEFAULT_LIMITS.maxFrames);
    for (const frame of decoded.frames) frame.close();
    return {
      image: {
        format: probe.format,
        width: decoded.width,
        height: decoded.height,
        frames: decoded.frameCount,
        sampledFrames: decoded.frames.map((frame) => frame.index),
        truncated: probe.truncated,
      },
    };
  } catch (error) {
    expect(error).toBeInstanceOf(ImageGuardError);
    return { code: (error as ImageGuardError).code };
  }
}

describe('Node decoding of the hostile corpus', () => {
  it('refuses and reads each file as the browser does', async () => {
    for (const entry of corpus) {
      if (entry.name === 'bmp-24bit' || entry.name === 'apng-3') continue;
      // GPS is metadata (exifr, shared with the browser), not decoding.
      const { gps: _gps, ...expected } = entry.expected as { gps?: boolean };
      expect(await facts(entry.bytes), entry.name).toMatchObject(expected);
    }
  });

  it('refuses BMP with a typed error that says why, and reads an APNG as its first frame', async () => {
    const bmp = corpus.find((entry) => entry.name === 'bmp-24bit')!;
    expect(await facts(bmp.bytes)).toEqual({ code: 'unsupported_format' });
    const apng = corpus.find((entry) => entry.name === 'apng-3')!;
    expect(await facts(apng.bytes)).toMatchObject({ image: { format: 'png', frames: 3, sampledFrames: [0] } });
  });

  it('gives straight RGBA, upright, with transparency kept for OCR and composited on white otherwise', async () => {
    // 2×1: opaque red, then fully transparent; stored sideways (EXIF orientation 6 turns it upright as 1×2).
    const png = await sharp(Buffer.from([255, 0, 0, 255, 0, 0, 0, 0]), { raw: { width: 2, height: 1, channels: 4 } })
      .png()
      .toBuffer();
    const [frame] = (await decodeImage(png, probeImage(png, DEFAULT_LIMITS), 8)).frames;
    expect([...(await frame!.resize(2, 1, 'nearest', 'transparent')).data]).toEqual([255, 0, 0, 255, 0, 0, 0, 0]);
    expect([...(await frame!.resize(2, 1, 'nearest')).data]).toEqual([255, 0, 0, 255, 255, 255, 255, 255]);
    const jpeg = await sharp({ create: { width: 4, height: 2, channels: 3, background: '#808080' } })
      .withMetadata({ orientation: 6 })
      .jpeg()
      .toBuffer();
    expect(await facts(jpeg)).toMatchObject({ image: { width: 2, height: 4 } });
  });
});
