import { readFileSync, writeFileSync } from 'node:fs';
import { test, expect } from '@playwright/test';
import { verdictSchemaErrors } from '../support/verdict-schema.js';
import type { PolicyPresetName, Verdict } from '../../src/index.js';
import type * as ImageGuardKit from '../../src/index.js';
import type * as TestImages from '../support/test-images.js';
import type * as TextCorpus from '../support/text-corpus.js';

// The golden pin. Issue 13 rewrites the analyzer registry, the options, the guard, the element and the verdict code
// at the same time; none of that may change what a user is told about an image. This spec moderates the project's
// own photos (the six face-api demo photos, the cat, the dog) and a few text images once each with the default
// analyzers, judges the same evidence under the three presets, and compares with test/fixtures/golden-verdicts.json,
// generated on main before that work (8b69e06). Scores are compared within a tolerance (the models may round
// differently on another build of the wasm backend); everything a decision rests on is compared exactly.
//
// Regenerate only when a verdict is meant to change, and say why in the commit:
//   GOLDEN_UPDATE=1 IMAGE_GUARD_TEST_PORT=<port> npx playwright test test/browser/golden.spec.ts

declare global {
  interface Window {
    imageGuardKit: typeof ImageGuardKit;
  }
}

const FIXTURE = new URL('../fixtures/golden-verdicts.json', import.meta.url);
const PRESETS: PolicyPresetName[] = ['balanced', 'strict', 'permissive'];
/** nsfwjs probabilities, 0-1. */
const SCORE_TOLERANCE = 0.02;
/** riskScores, 0-100. */
const RISK_TOLERANCE = 2;

/** What the pin keeps of a verdict: the decisions exactly, the scores for a tolerant comparison. */
interface Pinned {
  contentRating: string;
  isSafe: boolean;
  suggestedActions: Verdict['suggestedActions'];
  flags: { signal: string; action: string; reason: string }[];
  topics: string[];
  description: string;
  faces: number | null;
  objects: string[] | null;
  text: string | null;
  nsfw: Record<string, number> | null;
  riskScores: Record<string, number>;
}

/**
 * Numbers in sentences are masked: a percentage can move by one on a score that moved by 0.005, which the score
 * comparison already judges; the wording around it may not move at all.
 */
const masked = (sentence: string) => sentence.replace(/\d+/g, '#');

function pin(verdict: Verdict): Pinned {
  return {
    contentRating: verdict.summary.contentRating,
    isSafe: verdict.isSafe,
    suggestedActions: verdict.suggestedActions,
    flags: verdict.analysis.flags.map(({ signal, action, reason }) => ({ signal, action, reason: masked(reason) })),
    topics: verdict.topics,
    description: masked(verdict.description),
    faces: verdict.analysis.faces?.count ?? null,
    objects: verdict.analysis.objects?.items.map((item) => item.label) ?? null,
    text: verdict.analysis.text?.content ?? null,
    nsfw: verdict.analysis.nsfw?.scores ?? null,
    riskScores: verdict.riskScores,
  };
}

test('the project\'s photos and text images get the verdicts they got before issue 13, under every preset', async ({ page }) => {
  // About a minute alone; the shared machine can make it three.
  test.setTimeout(300_000);
  await page.goto('/test/browser/harness.html');
  await page.waitForFunction(() => document.body.dataset.ready === 'true');
  const verdicts: Record<string, Record<string, Verdict>> = await page.evaluate(
    async ({ imagesUrl, corpusUrl, presets }) => {
      const { catPhotoUrl, dogPhotoUrl, samplePhotoUrl }: typeof TestImages = await import(imagesUrl);
      const { drawnCases, packagedCases }: typeof TextCorpus = await import(corpusUrl);
      const drawn = await drawnCases();
      const packaged = await packagedCases();
      const textCase = (name: string) => [...drawn, ...packaged].find((entry) => entry.name === name)!.blob;
      const inputs: [string, string | Blob][] = [
        ...[1, 2, 3, 4, 5, 6].map((n): [string, string] => [`sample${n}`, samplePhotoUrl(n)]),
        ['cat', catPhotoUrl],
        ['dog', dogPhotoUrl],
        ['text: plain serif', textCase('plain serif')],
        ['text: light on dark', textCase('light on dark')],
        ['text: colour monospace', textCase('colour monospace')],
        ['text: overlay on photo', textCase('overlay on photo')],
      ];
      const { createImageGuard, applyPolicy } = window.imageGuardKit;
      const guard = await createImageGuard({ cache: false });
      const out: Record<string, Record<string, Verdict>> = {};
      try {
        for (const [name, input] of inputs) {
          // One moderation under balanced (the default); the other presets judge the same evidence.
          const verdict = await guard.moderate(input);
          out[name] = Object.fromEntries(presets.map((preset) => [preset, preset === 'balanced' ? verdict : applyPolicy(verdict, preset)]));
        }
      } finally {
        await guard.dispose();
      }
      return out;
    },
    { imagesUrl: '/test/support/test-images.ts', corpusUrl: '/test/support/text-corpus.ts', presets: PRESETS },
  );

  for (const [name, byPreset] of Object.entries(verdicts)) {
    for (const verdict of Object.values(byPreset)) expect(verdictSchemaErrors(verdict), name).toBeNull();
  }
  const actual = Object.fromEntries(
    Object.entries(verdicts).map(([name, byPreset]) => [
      name,
      Object.fromEntries(PRESETS.map((preset) => [preset, pin(byPreset[preset]!)])),
    ]),
  ) as Record<string, Record<PolicyPresetName, Pinned>>;

  if (process.env.GOLDEN_UPDATE === '1') {
    writeFileSync(FIXTURE, `${JSON.stringify(actual, null, 2)}\n`);
    return;
  }
  const golden = JSON.parse(readFileSync(FIXTURE, 'utf8')) as Record<string, Record<PolicyPresetName, Pinned>>;
  expect(Object.keys(actual).sort()).toEqual(Object.keys(golden).sort());
  for (const [name, byPreset] of Object.entries(golden)) {
    for (const preset of PRESETS) {
      const expected = byPreset[preset];
      const got = actual[name]![preset];
      const where = `${name} under ${preset}`;
      const { nsfw, riskScores, ...decisions } = got;
      const { nsfw: expectedNsfw, riskScores: expectedRisk, ...expectedDecisions } = expected;
      expect(decisions, where).toEqual(expectedDecisions);
      expect(nsfw === null, `${where}: nsfw ran`).toBe(expectedNsfw === null);
      for (const [key, value] of Object.entries(expectedNsfw ?? {})) {
        expect(Math.abs(nsfw![key]! - value), `${where}: nsfw ${key} ${nsfw![key]} vs ${value}`).toBeLessThanOrEqual(SCORE_TOLERANCE);
      }
      expect(Object.keys(riskScores).sort(), `${where}: risk score keys`).toEqual(Object.keys(expectedRisk).sort());
      for (const [key, value] of Object.entries(expectedRisk)) {
        expect(Math.abs(riskScores[key]! - value), `${where}: risk ${key} ${riskScores[key]} vs ${value}`).toBeLessThanOrEqual(RISK_TOLERANCE);
      }
    }
  }
});
