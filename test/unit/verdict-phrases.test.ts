import { describe, expect, it } from 'vitest';
import { ImageGuardError } from '../../src/errors.js';
import { resolvePolicy } from '../../src/policy/index.js';
import type { PolicyInput } from '../../src/policy/index.js';
import { buildVerdict } from '../../src/verdict/build.js';
import { englishPhrases, phraseKeys } from '../../src/verdict/phrases.js';
import type { VerdictPhrases } from '../../src/verdict/phrases.js';
import { renderVerdictText } from '../../src/verdict/render.js';
import type { Evidence, FaceItem, NsfwClass, TextEvidence, Verdict } from '../../src/verdict/types.js';
import { expectValidVerdict } from './schema.js';

// The phrase table: every reason and the description are rendered from the flags' params and the evidence, so a
// page can say them in its own language. The cases below reach every phrase key between them.

const box = { x: 0.3, y: 0.2, width: 0.3, height: 0.35 };
const face = (ageRange: [number, number]): FaceItem => ({ box, score: 0.97, age: 30, ageRange, gender: 'female', genderProbability: 0.9 });

function scores(given: Partial<Record<NsfwClass, number>>): Record<NsfwClass, number> {
  const set = { drawing: 0, hentai: 0, porn: 0, sexy: 0, ...given };
  return { ...set, neutral: Math.max(0, Math.round((1 - set.drawing - set.hentai - set.porn - set.sexy) * 1e6) / 1e6) };
}

const spamText: TextEvidence = {
  content: 'FUCK YOU. WIN CASH at bit.ly/x, mail me at jane@example.com',
  confidence: 90,
  words: [],
  language: 'en',
  findings: [
    { kind: 'profanity', category: 'toxicity', match: 'FUCK', weight: 0.85 },
    { kind: 'link-shortener', category: 'spam', match: 'bit.ly/x', weight: 0.5 },
    { kind: 'money-bait', category: 'spam', match: 'WIN CASH', weight: 0.4 },
    { kind: 'email', category: 'personal-data', match: 'jane@example.com', weight: 1 },
  ],
  scores: { toxicity: 0.85, spam: 0.7 },
  rotation: 0,
};

interface Case {
  name: string;
  evidence: Partial<Evidence> & { nsfwScores?: Partial<Record<NsfwClass, number>> | null };
  policy?: PolicyInput;
}

function evidence({ nsfwScores = {}, ...given }: Case['evidence']): Evidence {
  return {
    hash: 'ef'.repeat(32),
    image: { width: 1280, height: 960, format: 'jpeg', mimeType: 'image/jpeg', bytes: 200_000, frames: 1, sampledFrames: [0], truncated: false },
    nsfw: nsfwScores && { scores: scores(nsfwScores), model: 'nsfwjs/mobilenet_v2', frame: 0 },
    faces: null,
    text: null,
    metadata: { gps: null, camera: null },
    errors: [],
    timings: { totalMs: 100 },
    backend: 'wasm',
    ...given,
  };
}

const cases: Case[] = [
  { name: 'explicit, rejected', evidence: { nsfwScores: { porn: 0.7, hentai: 0.2 } } },
  { name: 'a party photo under strict', evidence: { nsfwScores: { sexy: 0.93 } }, policy: 'strict' },
  { name: 'PG-13 led by the explicit classes', evidence: { nsfwScores: { porn: 0.45 } }, policy: { rating: { pg13: 0.4 } } },
  { name: 'PG led by sexy', evidence: { nsfwScores: { sexy: 0.3 } } },
  { name: 'PG led by the explicit classes', evidence: { nsfwScores: { porn: 0.3 } } },
  { name: 'a drawing', evidence: { nsfwScores: { drawing: 0.9 } } },
  {
    name: 'a possible minor with sexual signals, and a crowd',
    evidence: {
      nsfwScores: { porn: 0.6 },
      faces: { count: 2, items: [face([8, 24]), face([25, 40])], model: 'face-api' },
      objects: { items: ['person', 'person', 'person', 'dog', 'cell phone', 'cell phone'].map((label) => ({ label, score: 0.8, box })), model: 'human/centernet' },
    },
  },
  {
    name: 'a possible minor alone',
    evidence: { faces: { count: 1, items: [face([10, 20])], model: 'face-api' } },
    policy: { minors: { alone: 'review' } },
  },
  { name: 'abusive spam with an email address', evidence: { text: spamText } },
  {
    name: 'a small blurry animation with a GPS position',
    evidence: {
      image: { width: 320, height: 240, format: 'gif', mimeType: 'image/gif', bytes: 90_000, frames: 12, sampledFrames: [0, 4, 8, 11], truncated: false },
      quality: { sharpness: 0.05, exposure: 1, brightness: 0.5, resolution: 0.05, noise: 1, overall: 0.02 },
      metadata: { gps: { latitude: 1, longitude: 2 }, camera: null },
    },
    policy: 'strict',
  },
  {
    name: 'not fully checked, cut short',
    evidence: {
      image: { width: 320, height: 240, format: 'png', mimeType: 'image/png', bytes: 9_000, frames: 1, sampledFrames: [0], truncated: true },
      errors: [{ analyzer: 'text', code: 'model_load_failed', message: 'no' }],
    },
  },
  { name: 'the text alone', evidence: { nsfwScores: null, text: { ...spamText, findings: [], scores: { toxicity: 0, spam: 0 } } } },
  { name: 'nothing looked at it', evidence: { nsfwScores: null } },
];

const verdictOf = (entry: Case): Verdict => {
  const result = buildVerdict(evidence(entry.evidence), resolvePolicy(entry.policy ?? 'balanced'), {});
  expectValidVerdict(result);
  return result;
};

const words = (verdict: Verdict): string => [verdict.description, ...verdict.analysis.flags.map((flag) => flag.reason)].join('\n');

describe('the phrase table', () => {
  it('renders, in English, exactly the words buildVerdict gave: reasons and description come from the params', () => {
    for (const entry of cases) {
      const verdict = verdictOf(entry);
      expect(renderVerdictText(verdict, {}), entry.name).toEqual(verdict);
    }
  });

  it('uses every phrase key on these cases', () => {
    const used = new Set<string>();
    // Functions record their key when called; strings are replaced by a marker found in the rendered words.
    const tracing = Object.fromEntries(
      phraseKeys.map((key) => {
        const english = englishPhrases[key];
        if (typeof english === 'string') return [key, `<${key}>`];
        return [key, (...args: unknown[]) => (used.add(key), (english as (...a: unknown[]) => string)(...args))];
      }),
    ) as Partial<VerdictPhrases>;
    for (const entry of cases) {
      const text = words(renderVerdictText(verdictOf(entry), tracing));
      for (const key of phraseKeys) if (text.includes(`<${key}>`)) used.add(key);
    }
    expect(phraseKeys.filter((key) => !used.has(key))).toEqual([]);
  });

  it('a translated table changes the reasons and the description; what it leaves out stays English', () => {
    const french: Partial<VerdictPhrases> = {
      explicitReason: ({ percent }) => `Contenu sexuel explicite (${percent} %).`,
      minorReason: ({ age, youngest }) => `Une personne qui pourrait avoir moins de ${age} ans (${youngest[0]}-${youngest[1]}).`,
      rejected: ({ reasons }) => `refusée (${reasons})`,
      explicitBrief: 'contenu explicite',
      minorBrief: 'une personne peut-être mineure',
      list: (items) => items.join(' et '),
    };
    const original = verdictOf(cases[6]!);
    const translated = renderVerdictText(original, french);
    expect(translated.analysis.flags.map((flag) => flag.reason)).toEqual([
      'Contenu sexuel explicite (60 %).',
      'Une personne qui pourrait avoir moins de 18 ans (8-24).',
    ]);
    // The rest of the sentence has no French phrase: it stays English around the translated parts.
    expect(translated.description).toBe(
      'A photo of three people (two faces seen: one possibly under 18, about 8-40) et a dog et two cell phones. ' +
        'Rated R: looks like explicit sexual content (porn 60%); refusée (une personne peut-être mineure).',
    );
    expect(original.description).toBe(
      'A photo of three people (two faces seen: one possibly under 18, about 8-40), a dog and two cell phones. ' +
        'Rated R: looks like explicit sexual content (porn 60%); rejected (a possible minor).',
    );
    // Only the words change.
    const { description: _d, analysis: { flags, ...analysis }, ...rest } = translated;
    const { description: _o, analysis: { flags: originalFlags, ...originalAnalysis }, ...originalRest } = original;
    expect(rest).toEqual(originalRest);
    expect(analysis).toEqual(originalAnalysis);
    expect(flags.map(({ reason: _r, ...flag }) => flag)).toEqual(originalFlags.map(({ reason: _r, ...flag }) => flag));
    expectValidVerdict(translated);
  });

  it('refuses what is not a phrase table, naming the key', () => {
    const verdict = verdictOf(cases[0]!);
    const refusal = (phrases: unknown) => {
      try {
        renderVerdictText(verdict, phrases as Partial<VerdictPhrases>);
      } catch (error) {
        expect(error).toBeInstanceOf(ImageGuardError);
        expect((error as ImageGuardError).code).toBe('invalid_options');
        return (error as ImageGuardError).message;
      }
      throw new Error('accepted');
    };
    expect(refusal('fr')).toMatch(/^phrases must be an object/);
    expect(refusal({ explicitReasons: () => 'x' })).toMatch(/^phrases\.explicitReasons is not a phrase key/);
    expect(refusal({ explicitBrief: () => 'x' })).toBe('phrases.explicitBrief must be a string, got function');
    expect(refusal({ explicitReason: 'x' })).toBe('phrases.explicitReason must be a function, got "x"');
    expect(refusal({ explicitReason: () => undefined })).toBe('phrases.explicitReason returned undefined, not a string');
  });
});
