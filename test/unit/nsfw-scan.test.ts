import { describe, expect, it } from 'vitest';
import { cropPixels, type Frame, type RgbaImage } from '../../src/input/pixels.js';
import { WHOLE } from '../../src/layout/box.js';
import { lookAgain, scanFrame, type LookAgainOptions, type NsfwScores, type People } from '../../src/analyzers/nsfw/regions.js';

// When a region's look replaces the whole frame's scores (src/analyzers/nsfw/regions.ts), with a stand-in for the
// model: the picture is a photo in a wide white border, top half red and bottom half blue, so the stand-in can tell
// the whole frame (mostly white), the photo upright (red on top) and the photo turned (anything else) apart.

const WIDTH = 600;
const HEIGHT = 400;
/** The photo inside the border, in pixels. */
const PHOTO = { x: 200, y: 140, width: 200, height: 120 };

function picture(): RgbaImage {
  const data = new Uint8ClampedArray(WIDTH * HEIGHT * 4).fill(255);
  let state = 7;
  for (let y = PHOTO.y; y < PHOTO.y + PHOTO.height; y++) {
    for (let x = PHOTO.x; x < PHOTO.x + PHOTO.width; x++) {
      // Noise, so no line of the photo is one colour (the layout would trim it as a border) and no edge runs across.
      state = (state * 1103515245 + 12345) & 0x7fffffff;
      const grey = 40 + (state % 120);
      // A red mark at the photo's top left says which way up it is.
      const mark = x < PHOTO.x + PHOTO.width * 0.25 && y < PHOTO.y + PHOTO.height * 0.25;
      data.set(mark ? [230, grey / 3, grey / 3, 255] : [grey, grey, grey, 255], (y * WIDTH + x) * 4);
    }
  }
  return { width: WIDTH, height: HEIGHT, data };
}

function resizeNearest(image: RgbaImage, width: number, height: number): RgbaImage {
  const data = new Uint8ClampedArray(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const from = (Math.floor(((y + 0.5) * image.height) / height) * image.width + Math.floor(((x + 0.5) * image.width) / width)) * 4;
      data.set(image.data.subarray(from, from + 4), (y * width + x) * 4);
    }
  }
  return { width, height, data };
}

const image = picture();
const frame: Frame = {
  index: 0,
  width: WIDTH,
  height: HEIGHT,
  resize: async (width, height, _sampling, _background, region) => resizeNearest(region ? cropPixels(image, region) : image, width, height),
};

const scores = (sexy: number, porn: number): NsfwScores => ({ sexy, porn, hentai: 0, drawing: 0, neutral: 1 - sexy - porn });

type Look = 'whole' | 'upright' | 'turned';
function lookOf(pixels: RgbaImage): Look {
  const pixel = (x: number, y: number) => [...pixels.data.subarray((y * pixels.width + x) * 4, (y * pixels.width + x) * 4 + 3)];
  const centre = pixel(pixels.width >> 1, pixels.height >> 1);
  if (pixel(2, 2).every((value) => value === 255) && centre.every((value) => value === 255) === false) return 'whole';
  const red = (x: number, y: number) => pixel(x, y)[0]! > 200 && pixel(x, y)[1]! < 100;
  return red(8, 8) ? 'upright' : 'turned';
}

const NOBODY: People = { persons: [], faces: [] };

/** Both looks, as the analyzer runs them: the scan, then the second look (people, then turns). */
async function scan(answers: Record<Look, NsfwScores>, options: Partial<LookAgainOptions> = {}, people = NOBODY) {
  const seen: Look[] = [];
  const classify = async (pixels: RgbaImage) => {
    const look = lookOf(pixels);
    seen.push(look);
    return answers[look];
  };
  const whole = await frame.resize(224, 224, 'nearest');
  const all = { inputSize: 224, turns: true, maxPasses: 4, ...options };
  const first = await scanFrame(frame, whole, classify, all);
  const again = await lookAgain(frame, first.scan, first.likeliest, people, classify, all);
  return { ...(again ?? first.scan), seen };
}

describe('NSFW region passes', () => {
  it('a region that scores 0.5 or more and worse than the whole frame decides, and says where it is', async () => {
    const result = await scan({ whole: scores(0.02, 0), upright: scores(0.9, 0.05), turned: scores(0, 0) });
    expect(result.scores.sexy).toBe(0.9);
    expect(result.region).toMatchObject({ turn: 0, reason: 'border' });
    const box = result.region!.box;
    expect(box.x * WIDTH).toBeCloseTo(PHOTO.x, -1);
    expect(box.width * WIDTH).toBeCloseTo(PHOTO.width, -1);
    expect(result.passes).toBe(2);
  });

  it('where the whole frame already sees sexual content, no region is looked at', async () => {
    const result = await scan({ whole: scores(0.6, 0), upright: scores(0, 0.9), turned: scores(0, 0.9) });
    expect(result.passes).toBe(1);
    expect(result.region).toBeUndefined();
    expect(result.seen).toEqual(['whole']);
  });

  it('a region under 0.5 changes nothing: the whole frame scores stand', async () => {
    const result = await scan({ whole: scores(0.02, 0), upright: scores(0.3, 0.15), turned: scores(0.1, 0) }, { turns: false });
    expect(result.scores.sexy).toBe(0.02);
    expect(result.region).toBeUndefined();
  });

  it('a doubtful region is tried turned, and a turn counts when it restores the suggestive class', async () => {
    const result = await scan({ whole: scores(0.02, 0), upright: scores(0.3, 0.1), turned: scores(0.85, 0.05) });
    // Four passes: the whole frame, the region, then a half turn and a quarter turn of it.
    expect(result.seen).toEqual(['whole', 'upright', 'turned', 'turned']);
    expect(result.region).toMatchObject({ reason: 'turn', turn: 2 });
    expect(result.scores.sexy).toBe(0.85);
  });

  it('a turn that reads as explicit does not count, whatever its signal', async () => {
    const result = await scan({ whole: scores(0.02, 0), upright: scores(0.3, 0.1), turned: scores(0.1, 0.85) });
    expect(result.seen).toEqual(['whole', 'upright', 'turned', 'turned']);
    expect(result.region).toBeUndefined();
    expect(result.scores.sexy).toBe(0.02);
  });

  it('keeps to the budget: one pass is the whole frame only, and turns off tries none', async () => {
    expect((await scan({ whole: scores(0.02, 0), upright: scores(0.9, 0), turned: scores(0.9, 0) }, { maxPasses: 1 })).seen).toEqual(['whole']);
    const off = await scan({ whole: scores(0.02, 0), upright: scores(0.3, 0.1), turned: scores(0.9, 0) }, { turns: false });
    expect(off.seen).toEqual(['whole', 'upright']);
  });

  describe('the second look, at people', () => {
    // A person inside the photo, whose look (the box and its margin) stays on the photo: upright to the stand-in.
    const onPhoto = { x: 0.375, y: 0.39, width: 0.25, height: 0.22 };
    const classifier = (answers: Record<Look, NsfwScores>, seen: Look[]) => async (pixels: RgbaImage) => {
      const look = lookOf(pixels);
      seen.push(look);
      return answers[look];
    };
    const answers = { whole: scores(0.02, 0), upright: scores(0.8, 0.1), turned: scores(0, 0) };
    /** The first look's likeliest: the whole frame, under the doubtful band (no turn), or the photo, doubtful. */
    const calm = { box: WHOLE, signal: 0.02 };
    const doubtful = { box: { x: PHOTO.x / WIDTH, y: PHOTO.y / HEIGHT, width: PHOTO.width / WIDTH, height: PHOTO.height / HEIGHT }, signal: 0.3 };

    it('people come before turns: a person that counts takes the pass a turn would have had, and no turn is tried', async () => {
      const seen: Look[] = [];
      const first = { scores: scores(0.2, 0.1), passes: 3 };
      const again = await lookAgain(frame, first, doubtful, { persons: [onPhoto], faces: [] }, classifier({ ...answers, turned: scores(0.9, 0) }, seen), { inputSize: 224, maxPasses: 4, turns: true });
      expect(again).toMatchObject({ region: { reason: 'person' }, passes: 4 });
      expect(seen).toEqual(['upright']);
    });

    it('people spread over the frame come after turns: the whole frame saw them', async () => {
      const seen: Look[] = [];
      const spread = { persons: [onPhoto, { x: 0, y: 0, width: 0.3, height: 0.9 }], faces: [] };
      const again = await lookAgain(frame, { scores: scores(0.2, 0.1), passes: 1 }, doubtful, spread, classifier(answers, seen), { inputSize: 224, maxPasses: 4, turns: true });
      expect(seen).toEqual(['turned', 'turned', 'turned']);
      expect(again).toEqual({ scores: scores(0.2, 0.1), passes: 4 });
    });

    it('turns of the likeliest follow people who did not count, with the passes left', async () => {
      const seen: Look[] = [];
      const mild = { ...answers, upright: scores(0.4, 0.05), turned: scores(0.85, 0) };
      const again = await lookAgain(frame, { scores: scores(0.2, 0.1), passes: 1 }, doubtful, { persons: [onPhoto], faces: [] }, classifier(mild, seen), { inputSize: 224, maxPasses: 4, turns: true });
      expect(seen).toEqual(['upright', 'turned', 'turned']);
      expect(again).toMatchObject({ region: { reason: 'turn', turn: 2 }, passes: 4 });
    });

    it('a small person that scores 0.5 or more decides, with the passes the first look left', async () => {
      const seen: Look[] = [];
      const again = await lookAgain(frame, { scores: answers.whole, passes: 2 }, calm, { persons: [onPhoto], faces: [] }, classifier(answers, seen), { inputSize: 224, maxPasses: 4, turns: true });
      expect(again).toMatchObject({ scores: { sexy: 0.8 }, region: { reason: 'person', turn: 0 }, passes: 3 });
      expect(seen).toEqual(['upright']);
    });

    it('nothing when the whole frame already stands, the budget is spent or nobody is small in the frame', async () => {
      const seen: Look[] = [];
      const classify = classifier(answers, seen);
      const people = { persons: [onPhoto], faces: [] };
      expect(await lookAgain(frame, { scores: scores(0.6, 0), passes: 1 }, calm, people, classify, { inputSize: 224, maxPasses: 4, turns: true })).toBeNull();
      expect(await lookAgain(frame, { scores: answers.whole, passes: 4 }, calm, people, classify, { inputSize: 224, maxPasses: 4, turns: true })).toBeNull();
      expect(await lookAgain(frame, { scores: answers.whole, passes: 1 }, calm, { persons: [{ x: 0, y: 0, width: 0.8, height: 0.9 }], faces: [] }, classify, { inputSize: 224, maxPasses: 4, turns: true })).toBeNull();
      expect(seen).toEqual([]);
    });

    it('a person under 0.5, or milder than the region that decided, changes nothing but the passes', async () => {
      const mild = { ...answers, upright: scores(0.4, 0.05) };
      const kept = await lookAgain(frame, { scores: answers.whole, passes: 1 }, calm, { persons: [onPhoto], faces: [] }, classifier(mild, []), { inputSize: 224, maxPasses: 4, turns: true });
      expect(kept).toEqual({ scores: answers.whole, passes: 2 });
      const region = { box: { x: 0, y: 0, width: 0.5, height: 0.5 }, turn: 0 as const, reason: 'cell' as const };
      const worse = { scores: scores(0.2, 0.7), region, passes: 2 };
      const stays = await lookAgain(frame, worse, calm, { persons: [onPhoto], faces: [] }, classifier(answers, []), { inputSize: 224, maxPasses: 4, turns: true });
      expect(stays).toEqual({ ...worse, passes: 3 });
    });
  });
});
