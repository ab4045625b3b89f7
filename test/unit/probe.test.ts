import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS, probeImage, resolveLimits } from '../../src/input/probe.js';
import { framesToSample, sampleFrames } from '../../src/input/decode.js';
import { ImageGuardError } from '../../src/errors.js';
import { buildCorpus, type CorpusEntry } from '../support/corpus.js';

// The header probe on the hostile corpus, in Node: every refusal that must happen before decoding happens here,
// and every frame count and truncation the browser test later relies on is read here first.

let corpus: CorpusEntry[];
beforeAll(async () => {
  corpus = await buildCorpus();
}, 30_000);

const entry = (name: string) => {
  const found = corpus.find((candidate) => candidate.name === name);
  if (!found) throw new Error(`no corpus entry ${name}`);
  return found;
};

function codeOf(bytes: Uint8Array, limits = DEFAULT_LIMITS): string {
  try {
    probeImage(bytes, limits);
    return 'ok';
  } catch (error) {
    expect(error).toBeInstanceOf(ImageGuardError);
    return (error as ImageGuardError).code;
  }
}

describe('bombs are refused from the header', () => {
  it.each(['gif-bomb', 'png-bomb-header', 'png-bomb-valid', 'bmp-bomb', 'gif-frame-past-screen', 'gif-long'])('%s → dimensions_too_large', (name) => {
    // Thrown by the header probe, which runs before the decoder: no pixel buffer is ever asked for.
    expect(codeOf(entry(name).bytes)).toBe('dimensions_too_large');
  });

  it('says the size and the limit in words', () => {
    expect(() => probeImage(entry('bmp-bomb').bytes, DEFAULT_LIMITS)).toThrow(
      'This image is 3000000×2000000 pixels (6000000 megapixels); the limit is 50 megapixels. Resize it and try again.',
    );
  });

  it('file_too_large comes before anything else is read', () => {
    expect(codeOf(entry('jpeg-as-gif').bytes, { ...DEFAULT_LIMITS, maxBytes: 1000 })).toBe('file_too_large');
  });
});

describe('formats, frames and truncation from the bytes', () => {
  it.each([
    ['jpeg-as-gif', { format: 'jpeg', frames: 1, truncated: false, width: 320, height: 213 }],
    ['jpeg-with-zip-tail', { format: 'jpeg', truncated: false }],
    ['jpeg-cut-mid-scan', { format: 'jpeg', truncated: true }],
    ['png-no-iend', { format: 'png', truncated: true, frames: 1 }],
    ['gif-no-trailer', { format: 'gif', truncated: true }],
    ['gif-animated-20', { format: 'gif', frames: 20, truncated: false }],
    ['webp-animated-5', { format: 'webp', frames: 5, truncated: false }],
    ['apng-3', { format: 'png', frames: 3, truncated: false }],
    ['webp', { format: 'webp', frames: 1, truncated: false }],
    ['avif', { format: 'avif', frames: 1 }],
    ['bmp-24bit', { format: 'bmp', width: 4, height: 3, truncated: false }],
    ['exif-rotated', { format: 'jpeg', width: 320, height: 213 }],
  ])('%s', (name, expected) => {
    expect(probeImage(entry(name).bytes, DEFAULT_LIMITS)).toMatchObject(expected);
  });

  it.each(['empty', 'text-as-png', 'html-as-jpg', 'svg-script', 'pdf', 'heic', 'tiff', 'jpeg-bad-header'])(
    '%s is refused with the corpus code',
    (name) => {
      const { bytes, expected } = entry(name);
      expect(codeOf(bytes)).toBe('code' in expected ? expected.code : 'ok');
    },
  );
});

describe('frames that reach past the header are counted at their own size', () => {
  /** The bytes with a frame's size fields overwritten: a frame larger than the canvas its header gives. */
  const patched = (name: string, chunk: string, write: (bytes: DataView, at: number) => void) => {
    const bytes = new Uint8Array(entry(name).bytes);
    const at = Buffer.from(bytes).indexOf(chunk, 0, 'latin1');
    expect(at, chunk).toBeGreaterThan(0);
    write(new DataView(bytes.buffer), at);
    return bytes;
  };

  it('an APNG fcTL of 20000×20000 is refused', () => {
    const bytes = patched('apng-3', 'fcTL', (view, at) => {
      view.setUint32(at + 8, 20000);
      view.setUint32(at + 12, 20000);
    });
    expect(codeOf(bytes)).toBe('dimensions_too_large');
  });

  it('a WebP ANMF frame of 16384×16384 is refused', () => {
    const bytes = patched('webp-animated-5', 'ANMF', (view, at) => {
      for (const field of [at + 14, at + 17]) {
        view.setUint16(field, 16383, true);
        view.setUint8(field + 2, 0);
      }
    });
    expect(codeOf(bytes)).toBe('dimensions_too_large');
  });

  it('frames inside the canvas leave the size as the header gives it', () => {
    expect(probeImage(entry('webp-animated-5').bytes, DEFAULT_LIMITS)).toMatchObject({ width: 48, height: 48 });
    expect(probeImage(entry('apng-3').bytes, DEFAULT_LIMITS)).toMatchObject({ width: 32, height: 32 });
    expect(probeImage(entry('gif-animated-20').bytes, DEFAULT_LIMITS)).toMatchObject({ width: 48, height: 48 });
  });
});

describe('frame sampling', () => {
  it('takes every frame of a short animation and an even spread of a long one, always the first', () => {
    expect(sampleFrames(1, 8)).toEqual([0]);
    expect(sampleFrames(5, 8)).toEqual([0, 1, 2, 3, 4]);
    expect(sampleFrames(20, 8)).toEqual([0, 2, 5, 7, 10, 12, 15, 17]);
    expect(sampleFrames(1000, 4)).toEqual([0, 250, 500, 750]);
  });

  it('samples fewer frames of an animation with large frames, so the copies held stay bounded', () => {
    expect(framesToSample({ width: 480, height: 270 }, 8)).toBe(8);
    expect(framesToSample({ width: 4000, height: 4000 }, 8)).toBe(4);
    expect(framesToSample({ width: 7071, height: 7071 }, 8)).toBe(1);
  });
});

describe('resolveLimits', () => {
  it('merges over the defaults and refuses nonsense with the path', () => {
    expect(resolveLimits()).toEqual(DEFAULT_LIMITS);
    expect(resolveLimits({ maxFrames: 2 })).toEqual({ ...DEFAULT_LIMITS, maxFrames: 2 });
    expect(() => resolveLimits({ maxPixels: 0 })).toThrow('limits.maxPixels must be a whole number of at least 1, got 0');
    expect(() => resolveLimits({ maxBytes: 1.5 })).toThrow(/limits.maxBytes/);
    expect(() => resolveLimits({ maxSize: 5 } as never)).toThrow('limits.maxSize is not a limit');
  });
});
