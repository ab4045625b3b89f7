import { describe, expect, it } from 'vitest';
import type { PolicyInput } from '../../src/policy/index.js';
import type { DetectedObject, FaceItem, QualityEvidence, TextEvidence, Verdict } from '../../src/verdict/types.js';
import { evidenceWith, judged } from './evidence.js';

// Objects, quality and the description that combines everything found. Every verdict is checked against the
// contract before a test looks at it.

const box = { x: 0.1, y: 0.1, width: 0.3, height: 0.4 };
const object = (label: string, score = 0.7): DetectedObject => ({ label, score, box });
const face = (ageRange: [number, number]): FaceItem => ({
  box,
  score: 0.95,
  age: (ageRange[0] + ageRange[1]) / 2,
  ageRange,
  gender: 'male',
  genderProbability: 0.9,
});
const good: QualityEvidence = { sharpness: 1, exposure: 1, brightness: 0.45, resolution: 1, noise: 0.98, overall: 0.98 };

function text(content: string): TextEvidence {
  return { content, confidence: 90, words: [], language: 'en', findings: [], scores: { toxicity: 0, spam: 0 }, rotation: 0 };
}

function verdict(
  given: { objects?: DetectedObject[] | null; faces?: FaceItem[]; quality?: QualityEvidence | null; text?: TextEvidence },
  policy: PolicyInput = 'balanced',
): Verdict {
  const evidence = evidenceWith({
    image: { width: 1600, height: 1200, bytes: 240_000 },
    nsfwScores: { drawing: 0.01, neutral: 0.97, porn: 0.01, sexy: 0.01 },
    faces: given.faces ?? null,
    text: given.text ?? null,
    objects: given.objects === null ? null : { items: given.objects ?? [], model: 'human/centernet' },
    quality: given.quality === undefined ? good : given.quality,
    timings: { totalMs: 900 },
  });
  return judged(evidence, policy);
}

describe('objects', () => {
  it('are recorded under analysis.objects and their labels become topics, each once', () => {
    const items = [object('cat', 0.9), object('person', 0.6), object('cat', 0.4)];
    const v = verdict({ objects: items });
    expect(v.analysis.objects).toEqual({ items, model: 'human/centernet' });
    expect(v.topics).toEqual(['photo', 'cat', 'person']);
  });

  it('off: analysis.objects is null and no topic comes from them', () => {
    const v = verdict({ objects: null });
    expect(v.analysis.objects).toBeNull();
    expect(v.topics).toEqual(['photo']);
  });

  it('never act on their own: a knife or a bottle is no reason to review', () => {
    const v = verdict({ objects: [object('knife'), object('bottle'), object('wine glass')] });
    expect(v.suggestedActions).toEqual({ reject: false, review: false });
    expect(v.analysis.flags).toEqual([]);
  });
});

describe('quality', () => {
  const blurry: QualityEvidence = { ...good, sharpness: 0.01, overall: 0.01 };
  const dark: QualityEvidence = { ...good, exposure: 0.04, brightness: 0.02, overall: 0.04 };
  const washedOut: QualityEvidence = { ...good, exposure: 0.05, brightness: 0.97, overall: 0.05 };

  it('a hopelessly blurred photo goes to review under balanced, with the problem in words', () => {
    const v = verdict({ quality: blurry });
    expect(v.suggestedActions).toEqual({ reject: false, review: true });
    expect(v.analysis.flags).toEqual([
      {
        signal: 'quality',
        action: 'review',
        score: 0.99,
        threshold: 0.97,
        params: { check: 'sharpness', problem: 'blurry', value: 0.01, minimum: 0.03, width: 1600, height: 1200 },
        reason: 'Too blurry to read (sharpness 1%).',
      },
    ]);
    expect(v.description).toBe('A photo with no people or common objects found. Rated G: nothing sexual found (neutral 97%); needs a human review (too blurry to read).');
    expect(v.analysis.quality).toEqual(blurry);
  });

  it('says whether poor exposure is too dark or too bright', () => {
    expect(verdict({ quality: dark }).analysis.flags[0]!.reason).toBe('Too dark (exposure 4%).');
    expect(verdict({ quality: washedOut }).analysis.flags[0]!.reason).toBe('Too bright, washed out (exposure 5%).');
  });

  it('follows the presets: strict also reviews soft, small and grainy pictures; permissive never', () => {
    const poor: QualityEvidence = { sharpness: 0.08, exposure: 0.2, brightness: 0.1, resolution: 0.05, noise: 0.08, overall: 0.04 };
    expect(verdict({ quality: poor }).analysis.flags).toEqual([]);
    const strict = verdict({ quality: poor }, 'strict');
    expect(strict.analysis.flags.map((flag) => flag.reason)).toEqual([
      'Too blurry to read (sharpness 8%).',
      'Too dark (exposure 20%).',
      'Too small (1600×1200 pixels, resolution 5%).',
      'Too grainy (noise 8%).',
    ]);
    expect(verdict({ quality: blurry }, 'permissive').analysis.flags).toEqual([]);
  });

  it('a policy can reject instead, or switch the action off', () => {
    expect(verdict({ quality: blurry }, { quality: { action: 'reject' } }).suggestedActions).toEqual({ reject: true, review: false });
    expect(verdict({ quality: blurry }, { quality: { action: null } }).analysis.flags).toEqual([]);
  });

  it('not measured: analysis.quality is null and nothing is flagged', () => {
    const v = verdict({ quality: null });
    expect(v.analysis.quality).toBeNull();
    expect(v.suggestedActions.review).toBe(false);
  });
});

describe('the description combines everything found', () => {
  it('people with their age band, objects counted, and the text', () => {
    const v = verdict({
      faces: [face([25, 41]), face([27, 43])],
      objects: [object('person'), object('dog'), object('person')],
      text: text('SALE 50% OFF'),
    });
    expect(v.description).toBe(
      'A photo of two people (adults, about 25-43) and a dog, with the text "SALE 50% OFF". Rated G: nothing sexual found (neutral 97%); fine to upload.',
    );
  });

  it('counts more people than faces from the object model, and says whose ages are given', () => {
    const v = verdict({ faces: [face([20, 36])], objects: [object('person'), object('person'), object('person')] });
    expect(v.description).toMatch(/^A photo of three people \(one face seen: an adult, about 20-36\)\./);
  });

  it('names several objects with plurals and articles, at most five kinds', () => {
    const items = ['knife', 'knife', 'umbrella', 'bus', 'bus', 'sheep', 'sheep', 'mouse', 'mouse', 'tv', 'cup'].map((label) => object(label));
    expect(verdict({ objects: items }).description).toMatch(
      /^A photo of two knives, an umbrella, two buses, two sheep and two mice\. /,
    );
    expect(verdict({ objects: [object('tv')] }).description).toMatch(/^A photo of a TV\. /);
  });

  it('people without a face analyzer come from the object model alone', () => {
    const v = verdict({ objects: [object('person'), object('motorcycle')] });
    expect(v.description).toMatch(/^A photo of one person and a motorcycle\. /);
    expect(v.topics).toEqual(['photo', 'person', 'motorcycle']);
  });
});
