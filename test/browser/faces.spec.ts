import { test, expect, type Page } from '@playwright/test';
import { AGE_MARGIN } from '../../src/analyzers/faces/age.js';
import { verdictSchemaErrors } from '../support/verdict-schema.js';
import type { Verdict } from '../../src/index.js';
import type * as ImageGuardKit from '../../src/index.js';
import type * as TestImages from '../support/test-images.js';
import type * as FaceSet from '../support/face-set.js';

// The face analyzer with the real models (face-api's SSD and age net, Human's BlazeFace), in real Chromium, on real
// photos: the face-api demo photos (22 adult women), a subset of the widened face set (test/support/face-set.ts:
// portrait crops of several sources, sizes, JPEG qualities, greyscale and tilted; scenes; animals, drawings and
// icons), a crowd, and the minor rule. One page and one guard for the file (the models load once); OCR is off, as
// no case here needs it. bench/faces.mjs measures the whole set against the raw detectors.

declare global {
  interface Window {
    imageGuardKit: typeof ImageGuardKit;
    guard: ImageGuardKit.ImageGuard;
  }
}

const expectValidVerdict = (verdict: unknown) => expect(verdictSchemaErrors(verdict)).toBeNull();
/** Where the page imports the test image makers from (the Vite dev server serves the TypeScript). */
const IMAGES = '/test/support/test-images.ts';
const FACE_SET = '/test/support/face-set.ts';

let page: Page;

test.beforeAll(async ({ browser }) => {
  page = await browser.newPage();
  await page.goto('/test/browser/harness.html');
  await page.waitForFunction(() => document.body.dataset.ready === 'true');
  await page.evaluate(async () => {
    window.guard = await window.imageGuardKit.createImageGuard({ analyzers: { text: false } });
  });
});

test.afterAll(async () => {
  await page.evaluate(() => window.guard.dispose());
  await page.close();
});

test('every person in the demo photos is found, with a box, an age range and a gender', async () => {
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
      expect(face.ageRange[1] - face.ageRange[0]).toBe(2 * AGE_MARGIN);
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

/**
 * The part of the face set pinned here: every 12th portrait crop (sources, sizes, qualities and edits in turn),
 * every scene but the whole demo photos (the first test has them), every picture without a person.
 */
const PORTRAIT_STEP = 12;

/**
 * The crops of the set only BlazeFace's zoomed-out look finds (src/analyzers/faces/fuse.ts ZOOMED_OUT; the first
 * look scored them 0.30-0.54), pinned besides every 12th; the cat heads it would also take are in the set's
 * pictures without a person, with the object detector on here to veto them.
 */
const ZOOMED_OUT_CROPS = ['grid 1,7 64px pad 1 q40', 'grid 1,15 160px pad 1 q50 grey', 'grid 2,4 64px pad 1 q40', 'grid 2,13 as cropped', 'grid 2,13 64px pad 1 q40'];

test('the face set: portrait crops found once each, scenes counted exactly, no face on animals, drawings or icons', async () => {
  test.setTimeout(240_000);
  const results = await page.evaluate(
    async ({ faceSetUrl, step, zoomedOut }) => {
      const { buildFaceSet }: typeof FaceSet = await import(faceSetUrl);
      const out = [];
      let portraits = 0;
      for (const item of await buildFaceSet()) {
        if (item.kind === 'portrait' && portraits++ % step !== 0 && !zoomedOut.includes(item.name)) continue;
        if (item.name.endsWith(' whole')) continue;
        const verdict = await window.guard.moderate(item.blob);
        const faces = verdict.analysis.faces!;
        out.push({ name: item.name, kind: item.kind, expected: item.expected, count: faces.count, topics: verdict.topics, description: verdict.description });
      }
      return out;
    },
    { faceSetUrl: FACE_SET, step: PORTRAIT_STEP, zoomedOut: ZOOMED_OUT_CROPS },
  );
  const of = (kind: FaceSet.FaceCaseKind) => results.filter((result) => result.kind === kind);
  expect(results.filter((result) => ZOOMED_OUT_CROPS.includes(result.name)).map((result) => result.count)).toEqual([1, 1, 1, 1, 1]);
  expect(of('portrait').length).toBeGreaterThanOrEqual(25);
  expect(of('not a person').length).toBeGreaterThanOrEqual(15);
  // Every case whose count is wrong, by name, so one run shows them all. Two are known: the cut demo photo's edge face
  // (a half face at the border) and the mandrill (128 px): BlazeFace's only boxes on it at 0.5 or more are two of about
  // 10 px on its eyes (0.65 and 0.56), each taken for a tiny face, and SSD agrees (0.59), so it passes as a face in a
  // scene, not as a portrait; the set's real faces in thumbnails are 12-16 px, too close for a size rule, and objects
  // sees no animal (CenterNet has no primate class). Probe of 2026-12-02 (BlazeFace on every case of the set).
  const wrong = results.filter((result) => result.count !== result.expected).map(({ name, expected, count }) => `${name}: ${count} of ${expected}`);
  expect(wrong).toEqual(['demo 4 cut to its faces: 3 of 4', 'mandrill: 1 of 0', 'mandrill 128 px: 1 of 0']);
  for (const result of of('not a person').filter((result) => !result.name.startsWith('mandrill'))) {
    expect(result.topics, result.name).not.toContain('people');
    // No face, so no age band in the description.
    expect(result.description, result.name).not.toMatch(/adult|possibly under/);
  }
});

test('the one face of documented age in the installed photos: the error at most 8 years, the range holding the age', async () => {
  const found = await page.evaluate(async (faceSetUrl) => {
    const { buildFaceSet }: typeof FaceSet = await import(faceSetUrl);
    const out = [];
    for (const item of await buildFaceSet()) {
      for (const known of item.knownAges ?? []) {
        const faces = (await window.guard.moderate(item.blob)).analysis.faces!;
        const { x, y, width, height } = known.region;
        const face = faces.items.find(({ box }) => {
          const cx = box.x + box.width / 2;
          const cy = box.y + box.height / 2;
          return cx >= x && cx <= x + width && cy >= y && cy <= y + height;
        });
        out.push({ name: item.name, age: known.age, estimate: face?.age, range: face?.ageRange });
      }
    }
    return out;
  }, FACE_SET);
  // Jolie at the 2007 Golden Globes, 31 (face-set.ts KNOWN_AGE_PHOTOS): measured 29.8.
  expect(found).toHaveLength(1);
  for (const { name, age, estimate, range } of found) {
    expect(estimate, name).toBeDefined();
    expect(Math.abs(estimate! - age), name).toBeLessThanOrEqual(8);
    expect(range![0], name).toBeLessThanOrEqual(age);
    expect(range![1], name).toBeGreaterThanOrEqual(age);
  }
});

test('a crowd of 22 small faces: at least as many as raw face-api SSD finds (18)', async () => {
  const count = await page.evaluate(async (imagesUrl) => {
    const { crowd, jpeg }: typeof TestImages = await import(imagesUrl);
    const verdict = await window.guard.moderate(await jpeg(await crowd(2)));
    return verdict.analysis.faces!.count;
  }, IMAGES);
  // Measured 19 of 22; none of them is anything but a face (the crowd is made of the demo photos only).
  expect(count).toBeGreaterThanOrEqual(18);
  expect(count).toBeLessThanOrEqual(22);
});

test('the minor rule on real photos: ranges that reach under 18 make the policy act as configured', async () => {
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

test('analyzers.faces: false switches the face models off', async () => {
  const faces = await page.evaluate(async (imagesUrl) => {
    const { samplePhotoUrl }: typeof TestImages = await import(imagesUrl);
    const noFaces = await window.imageGuardKit.createImageGuard({ analyzers: { faces: false, text: false, objects: false } });
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
