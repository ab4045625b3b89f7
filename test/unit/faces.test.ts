import { describe, expect, it } from 'vitest';
import { ageRange } from '../../src/analyzers/faces/age.js';
import { clipBox, groupDetections, isFace, type Detection } from '../../src/analyzers/faces/fuse.js';

describe('ageRange', () => {
  it('is the estimate ±8 years, in whole years, never below 0', () => {
    expect(ageRange(25.4)).toEqual([17, 33]);
    expect(ageRange(3)).toEqual([0, 11]);
  });

  it('reaches under 18 for a teenager estimated up to 25, and not for an adult estimated 27 or more', () => {
    for (const age of [10, 14, 17, 21, 25]) expect(ageRange(age)[0], `estimate ${age}`).toBeLessThan(18);
    for (const age of [27, 30, 35, 50]) expect(ageRange(age)[0], `estimate ${age}`).toBeGreaterThanOrEqual(18);
  });
});

const box = (x: number, width = 0.3) => ({ x, y: 0.2, width, height: width * 1.2 });
const ssd = (score: number, b = box(0.3)): Detection => ({ detector: 'ssd', score, box: b });
const tiny = (score: number, b = box(0.28, 0.36)): Detection => ({ detector: 'tiny', score, box: b });

describe('groupDetections and isFace', () => {
  it('groups the two detectors boxes of one face, keeping the best score of each and the SSD box', () => {
    const [candidate, ...rest] = groupDetections([tiny(0.8), ssd(0.4), ssd(0.3), tiny(0.5, box(0.7))]);
    expect(rest).toHaveLength(1);
    expect(candidate).toEqual({ box: box(0.3), scores: { ssd: 0.4, tiny: 0.8 } });
  });

  it('keeps a face both detectors see, and drops what only one sees (a cat for SSD, a drawing for tiny)', () => {
    const large = 200;
    expect(isFace({ box: box(0.3), scores: { ssd: 0.9, tiny: 0.3 } }, large)).toBe(true);
    expect(isFace({ box: box(0.3), scores: { ssd: 0.69, tiny: 0.14 } }, large)).toBe(false);
    expect(isFace({ box: box(0.3), scores: { ssd: 0.21, tiny: 0.84 } }, large)).toBe(false);
    expect(isFace({ box: box(0.3), scores: { ssd: 0.4, tiny: 0.5 } }, large)).toBe(false);
  });

  it('lets SSD decide alone on faces too small for the tiny detector to see', () => {
    expect(isFace({ box: box(0.3, 0.03), scores: { ssd: 0.55, tiny: 0 } }, 30)).toBe(true);
    expect(isFace({ box: box(0.3, 0.03), scores: { ssd: 0.45, tiny: 0 } }, 30)).toBe(false);
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
