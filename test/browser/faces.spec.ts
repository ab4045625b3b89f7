import { test, expect } from '@playwright/test';
import { verdictSchemaErrors } from '../support/verdict-schema.js';
import type { Verdict } from '../../src/index.js';
import type * as ImageGuardKit from '../../src/index.js';
import type * as TestImages from '../support/test-images.js';

// The face analyzer with the real face-api models, in real Chromium, on real photos (the face-api demo photos, 22
// adult women), crops of their faces as profile pictures are cropped, a crowd made of them, a cat, a mandrill and
// drawn faces. The counts pinned here are where raw face-api fails (bench/faces.mjs measures both side by side).

declare global {
  interface Window {
    imageGuardKit: typeof ImageGuardKit;
    guard: ImageGuardKit.ImageGuard;
  }
}

const expectValidVerdict = (verdict: unknown) => expect(verdictSchemaErrors(verdict)).toBeNull();
/** Where the page imports the test image makers from (the Vite dev server serves the TypeScript). */
const IMAGES = '/test/support/test-images.ts';

test.beforeEach(async ({ page }) => {
  await page.goto('/test/browser/harness.html');
  await page.waitForFunction(() => document.body.dataset.ready === 'true');
  await page.evaluate(async () => {
    window.guard = await window.imageGuardKit.createImageGuard();
  });
});

test.afterEach(async ({ page }) => {
  await page.evaluate(() => window.guard.dispose());
});

test('every person in the demo photos is found, with a box, an age range and a gender', async ({ page }) => {
  const verdicts: Verdict[] = await page.evaluate(async (imagesUrl) => {
    const { samplePhotoUrl }: typeof TestImages = await import(imagesUrl);
    const out = [];
    for (const n of [1, 2, 3, 4, 5, 6]) out.push(await window.guard.moderate(samplePhotoUrl(n)));
    return out;
  }, IMAGES);
  const people = [3, 3, 3, 4, 5, 4];
  verdicts.forEach((verdict, index) => {
    expectValidVerdict(verdict);
    const faces = verdict.analysis.faces!;
    expect(faces.count, `sample${index + 1}`).toBe(people[index]);
    expect(faces.items).toHaveLength(faces.count);
    for (const face of faces.items) {
      expect(face.box.x + face.box.width).toBeLessThanOrEqual(1);
      expect(face.box.y + face.box.height).toBeLessThanOrEqual(1);
      expect(face.box.width).toBeGreaterThan(0.05);
      expect(face.ageRange[1] - face.ageRange[0]).toBe(16);
      expect(face.age).toBeGreaterThan(face.ageRange[0]);
      expect(face.age).toBeLessThan(face.ageRange[1]);
      // Adult women, 20-35 or so: every range holds an adult age, and the model reads them as women.
      expect(face.ageRange[1]).toBeGreaterThanOrEqual(20);
      expect(face.gender).toBe('female');
    }
    expect(verdict.topics).toEqual(expect.arrayContaining(['people', 'group']));
    // The description counts people and gives their age band (the exact count is pinned above).
    expect(verdict.description).toMatch(/^A photo of \w+ people \((adults|.*possibly under 18), about \d+-\d+\)/);
  });
});

test('profile-picture crops: a face filling a 200×200 picture is found (raw face-api: 10 and 4 of 22)', async ({ page }) => {
  test.setTimeout(240_000);
  const found = await page.evaluate(async (imagesUrl) => {
    const { samplePhotoUrl, loadBitmap, squareCrop, jpeg }: typeof TestImages = await import(imagesUrl);
    const counts: Record<string, number[]> = { '1': [], '1.3': [] };
    const noNsfw = await window.imageGuardKit.createImageGuard({ analyzers: { nsfw: false } });
    try {
      for (const n of [1, 2, 3, 4, 5, 6]) {
        const photo = await loadBitmap(samplePhotoUrl(n));
        const { faces } = (await noNsfw.moderate(samplePhotoUrl(n))).analysis;
        for (const { box } of faces!.items) {
          const pixels = { x: box.x * photo.width, y: box.y * photo.height, width: box.width * photo.width, height: box.height * photo.height };
          for (const pad of [1, 1.3]) {
            const verdict = await noNsfw.moderate(await jpeg(squareCrop(photo, pixels, 200, pad)));
            counts[String(pad)]!.push(verdict.analysis.faces!.count);
          }
        }
      }
    } finally {
      noNsfw.dispose();
    }
    return counts;
  }, IMAGES);
  const exactlyOne = (counts: number[]) => counts.filter((count) => count === 1).length;
  expect(found['1']).toHaveLength(22);
  // Measured: 16 of 22 with the box edge to edge (brows to chin), 20 of 22 with a little margin (bench/faces.mjs).
  expect(exactlyOne(found['1']!)).toBeGreaterThanOrEqual(15);
  expect(exactlyOne(found['1.3']!)).toBeGreaterThanOrEqual(19);
  // Never two faces in a one-face crop.
  expect(Math.max(...found['1']!, ...found['1.3']!)).toBe(1);
});

test('animals and drawings are not people: a cat, its head as a profile picture, a mandrill, drawn faces', async ({ page }) => {
  const counts = await page.evaluate(async (imagesUrl) => {
    const { catPhotoUrl, catHead, loadBitmap, mandrillBitmap, squareCrop, cartoonFace, smiley, png, jpeg }: typeof TestImages =
      await import(imagesUrl);
    const cat = await loadBitmap(catPhotoUrl);
    const head = { x: catHead.centerX - catHead.side / 2, y: catHead.centerY - catHead.side / 2, width: catHead.side, height: catHead.side };
    const mandrill = await mandrillBitmap();
    const mandrillCanvas = new OffscreenCanvas(mandrill.width, mandrill.height);
    mandrillCanvas.getContext('2d')!.drawImage(mandrill, 0, 0);
    // The cartoon framed in a wider picture: raw face-api's tiny detector scores it 0.85 as a face.
    const framedCartoon = new OffscreenCanvas(400, 400);
    const context = framedCartoon.getContext('2d')!;
    context.fillStyle = '#808080';
    context.fillRect(0, 0, 400, 400);
    context.drawImage(cartoonFace(200), 100, 100);
    const inputs: [string, Blob | string][] = [
      ['cat photo', catPhotoUrl],
      // SSD alone scores this crop 0.66-0.69 as a face.
      ['cat head, profile picture', await jpeg(squareCrop(cat, head, 200, 1.5))],
      ['cat head, wider', await jpeg(squareCrop(cat, head, 400, 2))],
      // The tiny detector alone scores the mandrill 0.61.
      ['mandrill', await png(mandrillCanvas)],
      ['cartoon face', await png(cartoonFace(200))],
      ['cartoon face, framed', await png(framedCartoon)],
      ['smiley', await png(smiley(200))],
    ];
    const out: Record<string, { count: number; topics: string[]; description: string }> = {};
    for (const [name, input] of inputs) {
      const verdict = await window.guard.moderate(input);
      out[name] = { count: verdict.analysis.faces!.count, topics: verdict.topics, description: verdict.description };
    }
    return out;
  }, IMAGES);
  for (const [name, result] of Object.entries(counts)) {
    expect(result.count, name).toBe(0);
    expect(result.topics, name).not.toContain('people');
    // No face, so no age band in the description.
    expect(result.description, name).not.toMatch(/adult|possibly under/);
  }
});

test('a crowd of 22 small faces: at least as many as raw face-api finds (18 with SSD, 1 with tiny)', async ({ page }) => {
  const count = await page.evaluate(async (imagesUrl) => {
    const { crowd, jpeg }: typeof TestImages = await import(imagesUrl);
    const verdict = await window.guard.moderate(await jpeg(await crowd(2)));
    return verdict.analysis.faces!.count;
  }, IMAGES);
  // Measured 19 of 22; none of them is anything but a face (the crowd is made of the demo photos only).
  expect(count).toBeGreaterThanOrEqual(18);
  expect(count).toBeLessThanOrEqual(22);
});

test('the minor rule on real photos: ranges that reach under 18 make the policy act as configured', async ({ page }) => {
  const results = await page.evaluate(async (imagesUrl) => {
    const { samplePhotoUrl }: typeof TestImages = await import(imagesUrl);
    // sample2: three adult women in party dresses ("sexy" about 0.95), two of whom the age model estimates about
    // 20-22, so their ranges reach under 18: the model's published error is why the range is wide, why a possible
    // minor alone is not a flag by default, and why balanced (which never acts on suggestive content) passes it.
    const url = samplePhotoUrl(2);
    return {
      balanced: await window.guard.moderate(url),
      aloneReview: await window.guard.moderate(url, { policy: { minors: { alone: 'review' } } }),
      strict: await window.guard.moderate(url, { policy: 'strict' }),
      strictMinorsOff: await window.guard.moderate(url, { policy: { preset: 'strict', minors: { withSexualContent: null } } }),
    };
  }, IMAGES);
  for (const verdict of Object.values(results)) expectValidVerdict(verdict);
  const minorFlag = (verdict: Verdict) => verdict.analysis.flags.find((flag) => flag.signal === 'minor');
  const youngest = Math.min(...results.balanced.analysis.faces!.items.map((face) => face.ageRange[0]));
  expect(youngest).toBeLessThan(18);
  expect(results.balanced.description).toMatch(/ three people \((one |two )?possibly under 18, about \d+-\d+\)/);
  expect(minorFlag(results.balanced)).toBeUndefined();
  expect(results.balanced.suggestedActions).toEqual({ reject: false, review: false });
  expect(minorFlag(results.aloneReview)).toMatchObject({ action: 'review', threshold: null });
  expect(results.aloneReview.suggestedActions).toEqual({ reject: false, review: true });
  // Strict reviews suggestive content from 0.5 and this photo scores "sexy" above that: with a possible minor in
  // it, the minor rule rejects it (strict's suggestive reject threshold would too, so switching the rule off
  // removes the minor flag but not the rejection).
  expect(results.strict.analysis.nsfw!.scores.sexy).toBeGreaterThanOrEqual(0.5);
  expect(minorFlag(results.strict)).toMatchObject({ action: 'reject', threshold: 0.5 });
  expect(minorFlag(results.strict)!.reason).toMatch(/^A person who may be under 18 \(estimated age \d+-\d+\) in an image with sexual signals \(suggestive \d+%\)\.$/);
  expect(results.strict.suggestedActions.reject).toBe(true);
  expect(minorFlag(results.strictMinorsOff)).toBeUndefined();
});

test('analyzers.faces: false switches the face models off', async ({ page }) => {
  const faces = await page.evaluate(async (imagesUrl) => {
    const { samplePhotoUrl }: typeof TestImages = await import(imagesUrl);
    const noFaces = await window.imageGuardKit.createImageGuard({ analyzers: { faces: false } });
    try {
      const verdict = await noFaces.moderate(samplePhotoUrl(1));
      return { faces: verdict.analysis.faces, topics: verdict.topics, timings: Object.keys(verdict.analysis.timings) };
    } finally {
      noFaces.dispose();
    }
  }, IMAGES);
  expect(faces.faces).toBeNull();
  expect(faces.topics).not.toContain('people');
  expect(faces.timings).not.toContain('facesMs');
});
