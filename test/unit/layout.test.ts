import { describe, expect, it } from 'vitest';
import type { RgbaImage } from '../../src/input/pixels.js';
import type { Box } from '../../src/layout/box.js';
import { layoutSize, readLayout, squareTiles } from '../../src/layout/index.js';
import { peopleGathered, planPersonPasses, planRegionPasses, planTurns } from '../../src/layout/plan.js';

// Synthetic layout images (what the layout step reads: a small copy of the upload). "Photos" are textured
// rectangles (smooth shading and grain around a colour), so no line inside them is uniform, as in a real photo.

type Colour = [number, number, number];

function canvas(width: number, height: number, colour: Colour): RgbaImage {
  const data = new Uint8ClampedArray(width * height * 4);
  for (let i = 0; i < width * height; i++) data.set([...colour, 255], i * 4);
  return { width, height, data };
}

function photo(image: RgbaImage, x: number, y: number, width: number, height: number, colour: Colour, seed = 1): void {
  let state = seed;
  for (let j = y; j < y + height; j++) {
    for (let i = x; i < x + width; i++) {
      const o = (j * image.width + i) * 4;
      // Smooth shading (neighbouring pixels alike, as in a photo) plus a little grain.
      const shade = 45 * Math.sin(i / 3 + j / 5 + seed);
      for (let c = 0; c < 3; c++) {
        state = (state * 1103515245 + 12345) & 0x7fffffff;
        image.data[o + c] = colour[c]! + shade + (state % 16) - 8;
      }
    }
  }
}

const near = (actual: Box, expected: Box, pixels: number, size: number) => {
  for (const key of ['x', 'y', 'width', 'height'] as const) expect(Math.abs(actual[key] - expected[key]) * size).toBeLessThanOrEqual(pixels);
};

describe('layout', () => {
  it('finds nothing to add in an ordinary photo', () => {
    const image = canvas(240, 160, [0, 0, 0]);
    photo(image, 0, 0, 240, 160, [120, 110, 100]);
    const layout = readLayout(image, 1920, 1280);
    expect(layout.content).toEqual({ x: 0, y: 0, width: 1, height: 1 });
    expect(layout.blocks).toHaveLength(1);
    expect(planRegionPasses(layout, 5)).toEqual([]);
  });

  it('cuts a border of any colour, and a two-colour frame, away', () => {
    for (const colour of [[255, 255, 255], [0, 0, 0], [210, 60, 120]] as Colour[]) {
      const image = canvas(200, 200, colour);
      for (let y = 10; y < 190; y++) for (let x = 10; x < 190; x++) image.data.set([40, 40, 40, 255], (y * 200 + x) * 4);
      photo(image, 40, 60, 120, 80, [130, 100, 90]);
      const layout = readLayout(image, 1000, 1000);
      near(layout.content, { x: 0.2, y: 0.3, width: 0.6, height: 0.4 }, 1, 200);
      const passes = planRegionPasses(layout, 5);
      expect(passes).toHaveLength(1);
      expect(passes[0]!.reason).toBe('border');
      near(passes[0]!.box, { x: 0.2, y: 0.3, width: 0.6, height: 0.4 }, 1, 200);
    }
  });

  it('finds a small picture in a corner of a canvas', () => {
    const image = canvas(256, 192, [128, 128, 128]);
    photo(image, 180, 130, 70, 55, [150, 120, 100]);
    const [pass] = planRegionPasses(readLayout(image, 1600, 1200), 5);
    near(pass!.box, { x: 180 / 256, y: 130 / 192, width: 70 / 256, height: 55 / 192 }, 1, 256);
  });

  it('splits a 3x3 collage at its gutters into nine cells', () => {
    const image = canvas(256, 256, [255, 255, 255]);
    for (let i = 0; i < 9; i++) photo(image, 4 + (i % 3) * 84, 4 + Math.floor(i / 3) * 84, 80, 80, [60 + i * 15, 100, 180 - i * 10], i + 1);
    const layout = readLayout(image, 1500, 1500);
    expect(layout.blocks).toHaveLength(9);
    expect(planRegionPasses(layout, 9).every((pass) => pass.reason === 'cell')).toBe(true);
  });

  it('splits a 2x2 collage with no gutter at its seams', () => {
    const image = canvas(200, 200, [0, 0, 0]);
    const colours: Colour[] = [[200, 80, 80], [60, 160, 60], [60, 60, 200], [200, 200, 90]];
    colours.forEach((colour, i) => photo(image, (i % 2) * 100, Math.floor(i / 2) * 100, 100, 100, colour, i + 3));
    const layout = readLayout(image, 1000, 1000);
    expect(layout.blocks).toHaveLength(4);
    for (const block of layout.blocks) {
      expect(block.box.width).toBeCloseTo(0.5, 1);
      expect(block.box.height).toBeCloseTo(0.5, 1);
    }
  });

  it('keeps the photo of a screenshot and drops its caption lines', () => {
    const image = canvas(118, 256, [255, 255, 255]);
    photo(image, 4, 4, 60, 4, [30, 30, 30]); // status bar text
    photo(image, 4, 20, 40, 5, [30, 30, 30]); // header
    photo(image, 0, 40, 118, 80, [140, 110, 100]); // the photo
    photo(image, 4, 128, 90, 5, [30, 30, 30]); // caption
    photo(image, 0, 240, 118, 16, [240, 240, 240]); // tab bar
    const layout = readLayout(image, 1080, 2340);
    expect(layout.blocks[0]!.box.y).toBeCloseTo(40 / 256, 2);
    expect(layout.blocks[0]!.box.height).toBeCloseTo(80 / 256, 2);
    expect(layout.blocks.every((block) => block.box.height > 10 / 256)).toBe(true);
  });

  it('cuts an extreme strip into overlapping squares', () => {
    const image = canvas(256, 51, [0, 0, 0]);
    photo(image, 0, 0, 256, 51, [120, 120, 120]);
    const passes = planRegionPasses(readLayout(image, 3000, 600), 9);
    expect(passes).toHaveLength(5);
    expect(passes.every((pass) => pass.reason === 'aspect')).toBe(true);
    expect(passes[0]!.box.x).toBe(0);
    expect(passes.at(-1)!.box.x + passes.at(-1)!.box.width).toBeCloseTo(1, 9);
  });

  it('looks at the content first when a border holds several blocks: it may be one photo a band of its own cut apart', () => {
    const image = canvas(256, 256, [255, 255, 255]);
    photo(image, 64, 64, 128, 128, [150, 120, 100]);
    for (let y = 64; y < 192; y++) for (let x = 120; x < 126; x++) image.data.set([10, 10, 10, 255], (y * 256 + x) * 4);
    const layout = readLayout(image, 1024, 1024);
    expect(layout.blocks).toHaveLength(2);
    const passes = planRegionPasses(layout, 3);
    expect(passes).toHaveLength(3);
    expect(passes[0]!.reason).toBe('border');
    near(passes[0]!.box, { x: 0.25, y: 0.25, width: 0.5, height: 0.5 }, 1, 256);
  });

  it('keeps to the budget, skin first', () => {
    const image = canvas(256, 256, [255, 255, 255]);
    for (let i = 0; i < 9; i++) photo(image, 4 + (i % 3) * 84, 4 + Math.floor(i / 3) * 84, 80, 80, i === 7 ? [200, 140, 110] : [70, 90, 160], i + 1);
    const passes = planRegionPasses(readLayout(image, 1500, 1500), 3);
    expect(passes).toHaveLength(3);
    // Cell 7 (skin-coloured) comes first.
    near(passes[0]!.box, { x: 88 / 256, y: 172 / 256, width: 80 / 256, height: 80 / 256 }, 1, 256);
    expect(planRegionPasses(readLayout(image, 1500, 1500), 0)).toEqual([]);
  });
});

describe('person passes (the second look, at the boxes objects and faces found)', () => {
  const person = (x: number, y: number, width: number, height: number): Box => ({ x, y, width, height });

  it('looks at a small person with a margin, not at a large one', () => {
    const passes = planPersonPasses([person(0.1, 0.1, 0.2, 0.3), person(0.2, 0, 0.6, 1)], [], 1.5, 5);
    expect(passes).toHaveLength(1);
    expect(passes[0]).toMatchObject({ reason: 'person', turn: 0 });
    near(passes[0]!.box, { x: 0.07, y: 0.055, width: 0.26, height: 0.39 }, 1e-6, 1);
  });

  it('looks at several small people together first, then at each, larger first, within the budget', () => {
    const people = [person(0.6, 0.6, 0.05, 0.15), person(0.5, 0.55, 0.08, 0.2)];
    const passes = planPersonPasses(people, [], 1, 5);
    expect(passes).toHaveLength(3);
    // The group: their union (0.5-0.65 by 0.55-0.75) grown by 15% of its size on each side.
    near(passes[0]!.box, { x: 0.5 - 0.0225, y: 0.55 - 0.03, width: 0.15 * 1.3, height: 0.2 * 1.3 }, 1e-9, 1);
    // Then the larger person.
    expect(passes[1]!.box.x).toBeLessThan(0.5);
    expect(planPersonPasses(people, [], 1, 1)).toEqual([passes[0]]);
    expect(planPersonPasses(people, [], 1, 0)).toEqual([]);
  });

  it('widens a standing person to half as wide as tall, in pixels of the frame', () => {
    // A 16:9 frame: a box 0.045 wide and 0.4 tall is 86 px by 432 px at 1920×1080; widened to 216 px = 0.1125.
    const [pass] = planPersonPasses([person(0.3, 0.3, 0.045, 0.4)], [], 16 / 9, 1);
    expect(pass!.box.width).toBeCloseTo((0.4 * 1.3 * 0.5) / (16 / 9), 9);
    expect(pass!.box.x + pass!.box.width / 2).toBeCloseTo(0.3 + 0.045 / 2, 9);
  });

  it('a face stands for the body around it where no person box holds it', () => {
    // A face inside a person box adds nothing; a face elsewhere gives its upper body.
    const passes = planPersonPasses([person(0.1, 0.1, 0.1, 0.3)], [person(0.12, 0.12, 0.03, 0.04), person(0.7, 0.2, 0.04, 0.05)], 1, 5);
    const body = { x: 0.7 - 0.06, y: 0.2 - 0.03, width: 0.04 * 4, height: 0.05 * 5.6 };
    expect(passes.map((pass) => pass.reason)).toEqual(['person', 'person', 'person']);
    // The group (the person and the second face's body), then the face's body (the larger), then the person.
    near(passes[1]!.box, { x: body.x - body.width * 0.15, y: body.y - body.height * 0.15, width: body.width * 1.3, height: body.height * 1.3 }, 1e-9, 1);
    // Faces alone (objects off) give their bodies too.
    expect(planPersonPasses([], [person(0.7, 0.2, 0.04, 0.05)], 1, 5)).toHaveLength(1);
  });

  it('nothing for people large in the frame, nor for a group that fills it', () => {
    expect(planPersonPasses([person(0, 0, 0.5, 0.9)], [], 1, 5)).toEqual([]);
    // Two small people far apart: their group would be most of the frame, so only each is looked at.
    const apart = planPersonPasses([person(0, 0, 0.15, 0.3), person(0.8, 0.65, 0.15, 0.3)], [], 1, 5);
    expect(apart).toHaveLength(2);
    expect(planPersonPasses([], [], 1, 5)).toEqual([]);
  });

  it('people are gathered when all of them, faces\' bodies included, lie in less than half the frame', () => {
    // A group pasted small into a scene.
    expect(peopleGathered([person(0.1, 0.5, 0.1, 0.25), person(0.25, 0.5, 0.1, 0.25)], [person(0.4, 0.55, 0.03, 0.05)])).toBe(true);
    // A small person beside a large one, as in a party photo: spread over the frame.
    expect(peopleGathered([person(0.3, 0.15, 0.24, 0.8), person(0.68, 0.13, 0.29, 0.86)], [])).toBe(false);
    // A large face alone stands for a large body.
    expect(peopleGathered([], [person(0.5, 0.2, 0.17, 0.3)])).toBe(false);
    expect(peopleGathered([], [])).toBe(false);
  });
});

describe('tiles and turns', () => {
  it('covers a strip with as many squares as it takes, or wider tiles when fewer are allowed', () => {
    const box = { x: 0, y: 0.25, width: 1, height: 0.5 };
    const squares = squareTiles(box, 4.5, 10);
    expect(squares).toHaveLength(5);
    expect(squares[0]!.width).toBeCloseTo(1 / 4.5, 9);
    const wide = squareTiles(box, 4.5, 2);
    expect(wide.map((tile) => tile.width)).toEqual([0.5, 0.5]);
    expect(squareTiles({ x: 0, y: 0, width: 1, height: 1 }, 0.25, 10).map((tile) => tile.y)).toEqual([0, 0.25, 0.5, 0.75]);
  });

  it('tries turns only on a doubtful score, within the budget', () => {
    const box = { x: 0, y: 0, width: 1, height: 1 };
    expect(planTurns({ box, signal: 0.05 }, 3)).toEqual([]);
    expect(planTurns({ box, signal: 0.9 }, 3)).toEqual([]);
    expect(planTurns({ box, signal: 0.4 }, 3).map((pass) => pass.turn)).toEqual([2, 1, 3]);
    expect(planTurns({ box, signal: 0.4 }, 1)).toHaveLength(1);
  });
});

describe('the layout copy', () => {
  it('is 256 px long, but at least 128 px thick for a strip, and never larger than the image', () => {
    expect(layoutSize(1920, 1280)).toEqual({ width: 256, height: 171 });
    expect(layoutSize(1536, 256)).toEqual({ width: 768, height: 128 });
    expect(layoutSize(640, 107)).toEqual({ width: 640, height: 107 });
    expect(layoutSize(200, 100)).toEqual({ width: 200, height: 100 });
  });
});
