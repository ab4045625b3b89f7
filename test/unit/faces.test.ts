import { describe, expect, it } from 'vitest';
import { ageRange } from '../../src/analyzers/faces/age.js';
import { clipBox, groupDetections, isFace, type Detection } from '../../src/analyzers/faces/fuse.js';

describe('ageRange', () => {
  it('is the estimate ±10 years (the measured error, age.ts), in whole years, never below 0', () => {
    expect(ageRange(25.4)).toEqual([15, 35]);
    expect(ageRange(3)).toEqual([0, 13]);
  });

  it("a child's range reaches under 18 even when the estimate is too old by the model's measured error", async () => {
    const { AGE_MARGIN, PUBLISHED_AGE_MAE, Z_80, ageErrorSd } = await import('../../src/analyzers/faces/age.js');
    const childGroups = PUBLISHED_AGE_MAE.filter((group) => group.from < 18);
    expect(childGroups.map((group) => `${group.from}-${group.to}`)).toEqual(['0-3', '4-8', '9-18']);
    for (const group of childGroups) {
      // The oldest child of the group, estimated too old by 80% of the group's error (published MAE and the set's
      // spread across edits): the estimate an overestimated child gets in 9 cases of 10.
      const oldest = Math.min(group.to, 17);
      const overestimate = oldest + Z_80 * ageErrorSd(group.mae);
      expect(ageRange(overestimate)[0], `${group.from}-${group.to}: estimate ${overestimate.toFixed(1)}`).toBeLessThan(18);
    }
    // The margin is that error, not wider: an adult estimated past it is not a possible minor.
    expect(AGE_MARGIN).toBe(10);
    expect(ageRange(17 + AGE_MARGIN + 1)[0]).toBeGreaterThanOrEqual(18);
  });

  it("reaches under 18 for every child's estimate and a teenager estimated up to 27, not for an adult estimated 28+", () => {
    for (const age of [2, 9, 14, 17.9, 21, 25, 27]) expect(ageRange(age)[0], `estimate ${age}`).toBeLessThan(18);
    for (const age of [28, 30, 35, 50]) expect(ageRange(age)[0], `estimate ${age}`).toBeGreaterThanOrEqual(18);
  });
});

const box = (x: number, width = 0.3) => ({ x, y: 0.2, width, height: width * 1.2 });
const ssd = (score: number, b = box(0.3)): Detection => ({ detector: 'ssd', score, box: b });
const blaze = (score: number, b = box(0.28, 0.34)): Detection => ({ detector: 'blazeface', score, box: b });

describe('groupDetections and isFace', () => {
  it('groups the two detectors boxes of one face, keeping the best score of each and the SSD box', () => {
    const [candidate, ...rest] = groupDetections([blaze(0.8), ssd(0.4), ssd(0.3), blaze(0.5, box(0.7))]);
    expect(rest).toHaveLength(1);
    expect(candidate).toEqual({ box: box(0.3), scores: { ssd: 0.4, blazeface: 0.8 } });
  });

  it('keeps a face both detectors see, and drops what only one sees (a cat for SSD, the mandrill for BlazeFace)', () => {
    const large = 100;
    expect(isFace({ box: box(0.3), scores: { ssd: 0.9, blazeface: 0.3 } }, large)).toBe(true);
    expect(isFace({ box: box(0.3), scores: { ssd: 0.69, blazeface: 0.14 } }, large)).toBe(false);
    expect(isFace({ box: box(0.3), scores: { ssd: 0, blazeface: 0.65 } }, large)).toBe(false);
    expect(isFace({ box: box(0.3), scores: { ssd: 0.4, blazeface: 0.5 } }, large)).toBe(false);
  });

  it('lets SSD decide alone on faces too small for BlazeFace to see', () => {
    expect(isFace({ box: box(0.3, 0.03), scores: { ssd: 0.55, blazeface: 0 } }, 12)).toBe(true);
    expect(isFace({ box: box(0.3, 0.03), scores: { ssd: 0.45, blazeface: 0 } }, 12)).toBe(false);
  });

  it('clips boxes to the image', () => {
    const clipped = clipBox({ x: -0.1, y: 0.9, width: 0.3, height: 0.2 });
    expect([clipped.x, clipped.y, clipped.width, clipped.height].map((v) => Math.round(v * 1e9) / 1e9)).toEqual([0, 0.9, 0.2, 0.1]);
  });
});

describe('the element’s people line', () => {
  it('counts people and possible minors in plain words', async () => {
    const { defaultStrings } = await import('../../src/element/strings.js');
    expect(defaultStrings.people(1, 0, 18)).toBe('1 person.');
    expect(defaultStrings.people(3, 0, 18)).toBe('3 people.');
    expect(defaultStrings.people(1, 1, 18)).toBe('1 person, possibly under 18.');
    expect(defaultStrings.people(3, 1, 18)).toBe('3 people, 1 possibly under 18.');
    expect(defaultStrings.people(2, 2, 16)).toBe('2 people, all possibly under 16.');
  });
});

describe('blazeFaceAnchors', () => {
  it('lays 896 anchors at 256 px: 16×16 cells of 2, then 8×8 cells of 6, at the cell centres', async () => {
    const { blazeFaceAnchors } = await import('../../src/analyzers/faces/blazeface.js');
    const anchors = blazeFaceAnchors(256);
    expect(anchors).toHaveLength(16 * 16 * 2 + 8 * 8 * 6);
    expect(anchors.slice(0, 3)).toEqual([[8, 8], [8, 8], [24, 8]]);
    expect(anchors[512]).toEqual([16, 16]);
    expect(anchors.at(-1)).toEqual([240, 240]);
  });
});

describe('fillsPicture', () => {
  it('is a face BlazeFace is sure of whose box spans 30% or more of the shorter side', async () => {
    const { fillsPicture } = await import('../../src/analyzers/faces/fuse.js');
    const candidate = (blazeface: number, side: number) => ({ box: { x: 0.1, y: 0.1, width: side, height: side }, scores: { ssd: 0, blazeface } });
    expect(fillsPicture(candidate(0.8, 0.6), 200, 200)).toBe(true);
    expect(fillsPicture(candidate(0.51, 0.6), 200, 200)).toBe(false);
    expect(fillsPicture(candidate(0.9, 0.1), 1920, 1280)).toBe(false);
    // 0.2 of a 1000 px width is 200 px: 31% of a 640 px height.
    expect(fillsPicture(candidate(0.9, 0.2), 1000, 640)).toBe(true);
  });

  it('takes the zoomed-out look at its own bar', async () => {
    const { fillsPicture, ZOOMED_OUT } = await import('../../src/analyzers/faces/fuse.js');
    const candidate = { box: { x: 0.1, y: 0.1, width: 0.6, height: 0.6 }, scores: { ssd: 0, blazeface: 0.53 } };
    expect(fillsPicture(candidate, 106, 106)).toBe(false);
    expect(fillsPicture(candidate, 106, 106, ZOOMED_OUT.blazeAtLeast)).toBe(true);
  });
});

describe('onAnimal', () => {
  it("is a face whose centre lies in an animal's box, whether or not a person is there too", async () => {
    const { onAnimal } = await import('../../src/analyzers/faces/animals.js');
    const cat = { x: 0.1, y: 0.1, width: 0.8, height: 0.8 };
    const face = { x: 0.3, y: 0.3, width: 0.4, height: 0.4 };
    expect(onAnimal(face, { animals: [cat], people: [] })).toBe(true);
    expect(onAnimal(face, { animals: [cat], people: [cat] })).toBe(true);
    expect(onAnimal({ ...face, x: 0.85 }, { animals: [cat], people: [] })).toBe(false);
    expect(onAnimal(face, { animals: [], people: [] })).toBe(false);
  });
});

describe('looksDrawn', () => {
  const image = (width: number, height: number, colourAt: (x: number, y: number) => [number, number, number]) => {
    const data = new Uint8ClampedArray(width * height * 4);
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) data.set([...colourAt(x, y), 255], (y * width + x) * 4);
    }
    return { width, height, data };
  };
  const whole = { x: 0, y: 0, width: 1, height: 1 };

  it('calls a flat-coloured picture drawn, and neither a photo-like gradient nor a greyscale one', async () => {
    const { looksDrawn } = await import('../../src/analyzers/faces/drawn.js');
    const cartoon = image(40, 40, (x, y) => ((x - 20) ** 2 + (y - 20) ** 2 < 200 ? [243, 201, 160] : [187, 221, 238]));
    expect(looksDrawn(cartoon, whole)).toBe(true);
    // Skin-like tones that vary smoothly (and with noise) over the box: many colours.
    const skin = image(40, 40, (x, y) => [150 + x * 2 + ((x * 7 + y * 13) % 9), 100 + y * 2, 80 + ((x + y) % 17)]);
    expect(looksDrawn(skin, whole)).toBe(false);
    const grey = image(40, 40, (x) => (x < 20 ? [90, 90, 90] : [200, 200, 200]));
    expect(looksDrawn(grey, whole)).toBe(false);
  });

  it('reads only the box', async () => {
    const { looksDrawn } = await import('../../src/analyzers/faces/drawn.js');
    const half = image(40, 40, (x, y) => (x < 20 ? [250, 40, 40] : [100 + ((x * 31 + y * 17) % 120), 60 + ((x * 7 + y * 29) % 150), 30 + ((x * 13 + y * 5) % 160)]));
    expect(looksDrawn(half, { x: 0, y: 0, width: 0.5, height: 1 })).toBe(true);
    expect(looksDrawn(half, { x: 0.5, y: 0, width: 0.5, height: 1 })).toBe(false);
  });
});

describe('dropNested', () => {
  it('drops a weaker box half inside a stronger one, and keeps faces side by side', async () => {
    const { dropNested } = await import('../../src/analyzers/faces/fuse.js');
    const face = { box: { x: 0.2, y: 0.2, width: 0.6, height: 0.6 }, score: 0.9 };
    const brow = { box: { x: 0.3, y: 0.15, width: 0.3, height: 0.2 }, score: 0.6 };
    const neighbour = { box: { x: 0.85, y: 0.2, width: 0.15, height: 0.2 }, score: 0.7 };
    expect(dropNested([face, neighbour, brow])).toEqual([face, neighbour]);
  });
});
