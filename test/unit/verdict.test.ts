import { beforeAll, describe, expect, it } from 'vitest';
import { loadLanguageDetector } from '../../src/analyzers/text/language.js';
import { resolvePolicy } from '../../src/policy/index.js';
import type { Policy, PolicyInput } from '../../src/policy/index.js';
import { buildVerdict } from '../../src/verdict/build.js';
import type { Evidence, ImageFacts, ModerationContext, NsfwClass, TextEvidence, Verdict } from '../../src/verdict/types.js';
import { textEvidence } from '../../src/analyzers/text/evidence.js';
import { evidenceWith, judged, type NsfwGiven } from './evidence.js';
import { expectValidVerdict } from './schema.js';

// Screening names the text's language: eld is imported on demand (text/language.ts), as the text analyzer does.
beforeAll(loadLanguageDetector);

const hash = '3f'.repeat(32);

function evidence(nsfw: NsfwGiven | null, image: Partial<ImageFacts> = {}): Evidence {
  return evidenceWith({
    hash,
    image: { bytes: 412_345, ...image },
    nsfwScores: nsfw,
    timings: { totalMs: 182.4, decode: 31.2, nsfw: 141.9 },
    backend: nsfw ? 'wasm' : null,
  });
}

/** Builds a verdict and checks it against the contract before any test looks at it. */
function verdict(
  nsfw: NsfwGiven | null,
  policy: PolicyInput = 'balanced',
  context: ModerationContext = {},
  image: Partial<ImageFacts> = {},
): Verdict {
  return judged(evidence(nsfw, image), policy, context);
}

const partyPhoto = { sexy: 0.93, porn: 0.03 };
const closeUpFace = { porn: 0.28, neutral: 0.7, sexy: 0.02 };

describe('the measured false positives (docs: Facts measured)', () => {
  it('a party photo (sexy 0.93, porn 0.03) passes balanced as PG-13, with no review', () => {
    const v = verdict(partyPhoto);
    expect(v.isSafe).toBe(true);
    expect(v.suggestedActions).toEqual({ reject: false, review: false });
    expect(v.summary).toEqual({ totalFlags: 0, contentRating: 'PG-13', language: 'und' });
    expect(v.analysis.flags).toEqual([]);
    expect(v.topics).toEqual(['photo', 'suggestive']);
    expect(v.description).toBe(
      'A photo. Rated PG-13: looks sexually suggestive (sexy 93%) but not explicit; fine to upload.',
    );
    // Suggestive counts half: 1 - 0.93 / 2.
    expect(v.confidence).toBe(54);
  });

  it('a party photo is rejected by strict, with the reason and threshold recorded', () => {
    const v = verdict(partyPhoto, 'strict');
    expect(v.isSafe).toBe(false);
    expect(v.suggestedActions).toEqual({ reject: true, review: false });
    expect(v.summary.contentRating).toBe('PG-13');
    expect(v.analysis.flags).toEqual([
      {
        signal: 'suggestive',
        action: 'reject',
        score: 0.93,
        threshold: 0.85,
        params: { score: 0.93, threshold: 0.85 },
        reason: 'Looks sexually suggestive (93%).',
      },
    ]);
    expect(v.confidence).toBe(93);
    expect(v.description).toBe(
      'A photo. Rated PG-13: looks sexually suggestive (sexy 93%) but not explicit; rejected (suggestive content).',
    );
  });

  it('a party photo passes permissive too', () => {
    const v = verdict(partyPhoto, 'permissive');
    expect(v.isSafe).toBe(true);
    expect(v.summary.contentRating).toBe('PG-13');
  });

  it.each([0.85, 0.88, 0.9, 0.95])('balanced neither rejects nor reviews sexy %s', (sexy) => {
    const v = verdict({ sexy });
    expect(v.suggestedActions).toEqual({ reject: false, review: false });
    expect(v.summary.contentRating).toBe('PG-13');
  });

  it('a close-up face (porn 0.28, neutral 0.7) gets no flag from balanced', () => {
    const v = verdict(closeUpFace);
    expect(v.analysis.flags).toEqual([]);
    expect(v.isSafe).toBe(true);
    expect(v.summary.contentRating).toBe('PG');
    expect(v.confidence).toBe(72);
    expect(v.topics).toEqual(['photo']);
    expect(v.description).toBe(
      'A photo. Rated PG: faint signs of sexual content (porn 28%); fine to upload.',
    );
  });

  it.each([0.15, 0.2, 0.25, 0.3])('balanced leaves a face with porn %s alone', (porn) => {
    const v = verdict({ porn, sexy: 0.02 });
    expect(v.analysis.flags).toEqual([]);
    expect(v.isSafe).toBe(true);
  });
});

describe('explicit content', () => {
  it('porn 0.9 is NC-17 and rejected by balanced', () => {
    const v = verdict({ porn: 0.9 });
    expect(v.summary).toEqual({ totalFlags: 1, contentRating: 'NC-17', language: 'und' });
    expect(v.suggestedActions).toEqual({ reject: true, review: false });
    expect(v.isSafe).toBe(false);
    expect(v.analysis.flags).toEqual([
      {
        signal: 'explicit',
        action: 'reject',
        score: 0.9,
        threshold: 0.8,
        params: { score: 0.9, threshold: 0.8 },
        reason: 'Looks like explicit sexual content (90%).',
      },
    ]);
    expect(v.confidence).toBe(90);
    expect(v.riskScores).toEqual({ overall: 90, nsfw: 90, suggestive: 0, spam: 0, toxicity: 0 });
    expect(v.topics).toEqual(['photo', 'adult content']);
    expect(v.nsfwCategories).toEqual([{ category: 'explicit', severity: 90 }]);
    expect(v.description).toBe(
      'A photo. Rated NC-17: looks like explicit sexual content (porn 90%); rejected (explicit content).',
    );
  });

  it('an explicit drawing is described as a drawing', () => {
    const v = verdict({ hentai: 0.88, drawing: 0.1 }, 'balanced', {}, { width: 800, height: 600, format: 'png' });
    expect(v.summary.contentRating).toBe('NC-17');
    expect(v.suggestedActions.reject).toBe(true);
    expect(v.topics).toEqual(['drawing', 'adult content']);
    expect(v.nsfwCategories).toEqual([{ category: 'explicit drawing', severity: 88 }]);
    expect(v.description).toBe(
      'A drawing. Rated NC-17: looks like explicit sexual content (hentai 88%); rejected (explicit content).',
    );
  });

  it('adds porn and hentai: neither alone reaches reject, together they do', () => {
    const v = verdict({ porn: 0.45, hentai: 0.4 });
    expect(v.summary.contentRating).toBe('NC-17');
    expect(v.analysis.flags[0]?.score).toBe(0.85);
    expect(v.riskScores.nsfw).toBe(85);
    expect(v.description).toContain('(porn 45%, hentai 40%)');
  });

  it('does not let float error in the sum slip under a threshold (0.7 + 0.1 = 0.8)', () => {
    const v = verdict({ porn: 0.7, hentai: 0.1 });
    expect(v.analysis.flags).toMatchObject([{ action: 'reject', score: 0.8, threshold: 0.8 }]);
  });

  it('clamps an explicit sum above 1', () => {
    const v = verdict({ porn: 0.7, hentai: 0.4, neutral: 0 });
    expect(v.analysis.flags[0]?.score).toBe(1);
    expect(v.riskScores.nsfw).toBe(100);
    expect(v.confidence).toBe(100);
  });
});

describe('the review band', () => {
  it('porn 0.6 is R and goes to human review under balanced', () => {
    const v = verdict({ porn: 0.6 });
    expect(v.summary.contentRating).toBe('R');
    expect(v.suggestedActions).toEqual({ reject: false, review: true });
    expect(v.isSafe).toBe(false);
    expect(v.analysis.flags).toEqual([
      {
        signal: 'explicit',
        action: 'review',
        score: 0.6,
        threshold: 0.5,
        params: { score: 0.6, threshold: 0.5 },
        reason: 'Looks like explicit sexual content (60%).',
      },
    ]);
    expect(v.confidence).toBe(60);
    expect(v.topics).toEqual(['photo', 'adult content']);
    expect(v.description).toMatch(/needs a human review \(explicit content\)\.$/);
  });

  it('reviews under strict what balanced lets through', () => {
    const v = verdict({ porn: 0.35, sexy: 0.1 }, 'strict');
    expect(v.suggestedActions).toEqual({ reject: false, review: true });
    expect(v.summary.contentRating).toBe('R');
    expect(verdict({ porn: 0.35, sexy: 0.1 }).isSafe).toBe(true);
  });

  it('a reject on one signal wins over a review on the other; both flags are kept', () => {
    const v = verdict({ porn: 0.65, sexy: 0.3 }, 'strict');
    expect(v.analysis.flags.map((flag) => [flag.signal, flag.action])).toEqual([['explicit', 'reject']]);
    const both = verdict({ porn: 0.62, sexy: 0.55 }, 'strict');
    expect(both.analysis.flags.map((flag) => [flag.signal, flag.action])).toEqual([
      ['explicit', 'reject'],
      ['suggestive', 'review'],
    ]);
    expect(both.suggestedActions).toEqual({ reject: true, review: false });
    expect(both.summary.totalFlags).toBe(2);
  });

  it('two review flags ask for one review; confidence follows the strongest flag', () => {
    const v = verdict({ porn: 0.35, sexy: 0.6 }, 'strict');
    expect(v.analysis.flags.map((flag) => flag.action)).toEqual(['review', 'review']);
    expect(v.suggestedActions).toEqual({ reject: false, review: true });
    expect(v.confidence).toBe(60);
  });
});

describe('the rating ladder (balanced: pg 0.25, pg13 0.6, explicit review 0.5, reject 0.8)', () => {
  it.each([
    [{ sexy: 0.2499 }, 'G'],
    [{ sexy: 0.25 }, 'PG'],
    [{ sexy: 0.5999 }, 'PG'],
    [{ sexy: 0.6 }, 'PG-13'],
    [{ sexy: 1, neutral: 0 }, 'PG-13'],
    [{ porn: 0.2499 }, 'G'],
    [{ porn: 0.25 }, 'PG'],
    [{ porn: 0.4999 }, 'PG'],
    [{ porn: 0.5 }, 'R'],
    [{ porn: 0.7999 }, 'R'],
    [{ porn: 0.8 }, 'NC-17'],
    [{ hentai: 0.8, drawing: 0.2 }, 'NC-17'],
    [{ neutral: 0.99 }, 'G'],
  ] as const)('%j is %s', (nsfw, rating) => {
    expect(verdict(nsfw).summary.contentRating).toBe(rating);
  });

  it.each([
    [{ sexy: 0.1499 }, 'G'],
    [{ sexy: 0.15 }, 'PG'],
    [{ sexy: 0.4 }, 'PG-13'],
    [{ porn: 0.2999 }, 'PG'],
    [{ porn: 0.3 }, 'R'],
    [{ porn: 0.6 }, 'NC-17'],
  ] as const)('strict: %j is %s', (nsfw, rating) => {
    expect(verdict(nsfw, 'strict').summary.contentRating).toBe(rating);
  });

  it.each([
    [{ sexy: 0.3499 }, 'G'],
    [{ sexy: 0.35 }, 'PG'],
    [{ sexy: 0.75 }, 'PG-13'],
    [{ porn: 0.6999 }, 'PG'],
    [{ porn: 0.7 }, 'R'],
    [{ porn: 0.9 }, 'NC-17'],
  ] as const)('permissive: %j is %s', (nsfw, rating) => {
    expect(verdict(nsfw, 'permissive').summary.contentRating).toBe(rating);
  });

  it('a null threshold never triggers: explicit switched off leaves the rating to the ladder', () => {
    const v = verdict({ porn: 0.95 }, { nsfw: { explicit: { review: null, reject: null } } });
    expect(v.analysis.flags).toEqual([]);
    expect(v.isSafe).toBe(true);
    expect(v.summary.contentRating).toBe('PG-13');
    expect(v.topics).toEqual(['photo']);
    expect(v.description).toBe(
      'A photo. Rated PG-13: signs of sexual content (porn 95%); fine to upload.',
    );
    // Safe, yet almost certainly explicit: confidence bottoms out rather than claiming certainty.
    expect(v.confidence).toBe(5);
  });

  it('with only review switched off, explicit content is still NC-17 at reject and climbs the ladder below it', () => {
    const policy: PolicyInput = { nsfw: { explicit: { review: null } } };
    expect(verdict({ porn: 0.85 }, policy).summary.contentRating).toBe('NC-17');
    expect(verdict({ porn: 0.65 }, policy).summary.contentRating).toBe('PG-13');
    expect(verdict({ porn: 0.65 }, policy).isSafe).toBe(true);
  });

  it('a review threshold of 0 reviews everything the analyzer saw', () => {
    const v = verdict({ neutral: 1 }, { nsfw: { suggestive: { review: 0 } } });
    expect(v.suggestedActions.review).toBe(true);
    expect(v.confidence).toBe(1);
  });
});

describe('when the NSFW analyzer did not run', () => {
  it('there are no NSFW signals, and the description says so', () => {
    const v = verdict(null, 'strict', {}, { width: 640, height: 480, format: 'png', mimeType: 'image/png' });
    expect(v.isSafe).toBe(true);
    expect(v.summary).toEqual({ totalFlags: 0, contentRating: 'G', language: 'und' });
    expect(v.suggestedActions).toEqual({ reject: false, review: false });
    expect(v.confidence).toBe(100);
    expect(v.description).toBe('An image that no analyzer looked at; fine to upload.');
    expect(v.riskScores).toEqual({ overall: 0, nsfw: 0, suggestive: 0, spam: 0, toxicity: 0 });
    expect(v.nsfwCategories).toEqual([]);
    expect(v.topics).toEqual([]);
    expect(v.analysis.nsfw).toBeNull();
    expect(v.analysis.backend).toBeNull();
  });

  it('even a threshold of 0 does not flag what was never looked at', () => {
    const v = verdict(null, { nsfw: { explicit: { review: 0, reject: 0 }, suggestive: { review: 0, reject: 0 } } });
    expect(v.analysis.flags).toEqual([]);
    expect(v.isSafe).toBe(true);
  });
});

describe('scores and categories', () => {
  it('risk scores are 0-100 with at most one decimal; suggestive counts half in overall', () => {
    const v = verdict({ sexy: 0.12345, porn: 0.04321 });
    expect(v.riskScores).toEqual({ overall: 6.2, nsfw: 4.3, suggestive: 12.3, spam: 0, toxicity: 0 });
    expect(verdict(partyPhoto).riskScores.overall).toBe(46.5);
    expect(verdict({ porn: 0.5, sexy: 0.5, neutral: 0 }).riskScores.overall).toBe(50);
  });

  it('lists categories of severity 10 or more, most severe first', () => {
    const v = verdict({ porn: 0.2, hentai: 0.35, sexy: 0.3 });
    expect(v.nsfwCategories).toEqual([
      { category: 'explicit drawing', severity: 35 },
      { category: 'suggestive', severity: 30 },
      { category: 'explicit', severity: 20 },
    ]);
    expect(verdict({ porn: 0.0999, hentai: 0.05, sexy: 0.1 }).nsfwCategories).toEqual([
      { category: 'explicit', severity: 10 },
      { category: 'suggestive', severity: 10 },
    ]);
    expect(verdict({ porn: 0.09, sexy: 0.094 }).nsfwCategories).toEqual([]);
  });

  it('confidence is an integer from 1 to 100', () => {
    for (const nsfw of [partyPhoto, closeUpFace, { porn: 0.9 }, { sexy: 0.333 }, { porn: 0.123, sexy: 0.456 }, null]) {
      const { confidence } = verdict(nsfw);
      expect(Number.isInteger(confidence)).toBe(true);
      expect(confidence).toBeGreaterThanOrEqual(1);
      expect(confidence).toBeLessThanOrEqual(100);
    }
  });
});

describe('topics', () => {
  it('an illustration is a drawing, a photo is a photo', () => {
    expect(verdict({ drawing: 0.9 }).topics).toEqual(['drawing']);
    expect(verdict({ drawing: 0.5, neutral: 0.5 }).topics).toEqual(['photo']);
    expect(verdict({ drawing: 0.1, hentai: 0.55, neutral: 0.35 }).topics).toEqual(['drawing', 'adult content']);
  });

  it('suggestive only when the sexy score makes it PG-13 or a suggestive flag fired', () => {
    expect(verdict({ sexy: 0.59 }).topics).toEqual(['photo']);
    expect(verdict({ sexy: 0.6 }).topics).toEqual(['photo', 'suggestive']);
    const flagged = verdict({ porn: 0.3, sexy: 0.35 }, { nsfw: { suggestive: { review: 0.3 } } });
    expect(flagged.summary.contentRating).toBe('PG');
    expect(flagged.topics).toEqual(['photo', 'suggestive']);
    expect(verdict({ porn: 0.85, sexy: 0.1 }).topics).toEqual(['photo', 'adult content']);
  });

  it('match ^[a-z0-9 ]+$ and never repeat', () => {
    const cases = [partyPhoto, closeUpFace, { porn: 0.9 }, { hentai: 0.9 }, { drawing: 0.95 }, { porn: 0.6, sexy: 0.4 }];
    for (const policy of ['balanced', 'strict', 'permissive'] as const) {
      for (const nsfw of cases) {
        const { topics } = verdict(nsfw, policy);
        for (const topic of topics) expect(topic).toMatch(/^[a-z0-9 ]+$/);
        expect(new Set(topics).size).toBe(topics.length);
      }
    }
  });
});

describe('description', () => {
  it.each([
    [
      { neutral: 0.96, drawing: 0.04 },
      {},
      'A photo. Rated G: nothing sexual found (neutral 96%); fine to upload.',
    ],
    [
      { drawing: 0.92 },
      { width: 1024, height: 768, format: 'webp' },
      'A drawing. Rated G: nothing sexual found (drawing 92%); fine to upload.',
    ],
    [
      { sexy: 0.4 },
      { width: 1800, height: 1200 },
      'A photo. Rated PG: mildly suggestive (sexy 40%); fine to upload.',
    ],
    [
      { porn: 0.55 },
      { width: 11, height: 11, format: 'gif', mimeType: 'image/gif' },
      'A photo. Rated R: looks like explicit sexual content (porn 55%); needs a human review (explicit content).',
    ],
  ] as const)('%j', (nsfw, image, description) => {
    expect(verdict(nsfw, 'balanced', {}, image).description).toBe(description);
  });

  it('is never empty', () => {
    for (const nsfw of [null, partyPhoto, closeUpFace, { porn: 1, neutral: 0 }, { neutral: 1 }]) {
      expect(verdict(nsfw).description.length).toBeGreaterThan(20);
    }
  });
});

describe('context and evidence echo', () => {
  it('meta: undefined becomes null; null, strings and objects are kept as given', () => {
    expect(verdict(closeUpFace).meta).toBeNull();
    expect(verdict(closeUpFace, 'balanced', { meta: undefined }).meta).toBeNull();
    expect(verdict(closeUpFace, 'balanced', { meta: null }).meta).toBeNull();
    expect(verdict(closeUpFace, 'balanced', { meta: 'upload-17' }).meta).toBe('upload-17');
    const meta = { postId: 42, tags: ['beach'] };
    const v = verdict(closeUpFace, 'balanced', { meta });
    expect(v.meta).toBe(meta);
    expect(v.meta).toEqual({ postId: 42, tags: ['beach'] });
  });

  it('actorId is recorded, or null', () => {
    expect(verdict(closeUpFace, 'balanced', { actorId: 'user_123' }).analysis.actorId).toBe('user_123');
    expect(verdict(closeUpFace).analysis.actorId).toBeNull();
  });

  it('records the evidence, the hash and the policy object used', () => {
    const policy: Policy = resolvePolicy({ preset: 'strict', nsfw: { suggestive: { review: 0.7 } } });
    const ev = evidence(partyPhoto);
    const v = buildVerdict(ev, policy, {});
    expectValidVerdict(v);
    expect(v.hash).toBe(hash);
    expect(v.analysis.policy).toBe(policy);
    expect(v.analysis.policy.name).toBe('custom');
    expect(v.analysis).toMatchObject({
      image: ev.image,
      nsfw: ev.nsfw,
      faces: null,
      text: null,
      timings: { totalMs: 182.4, decode: 31.2, nsfw: 141.9 },
      backend: 'wasm',
    });
  });

  it('is pure: the same input gives the same verdict and the evidence is untouched', () => {
    const ev = evidence({ porn: 0.6, sexy: 0.2 });
    const before = structuredClone(ev);
    const policy = resolvePolicy();
    const first = buildVerdict(ev, policy, { meta: { n: 1 }, actorId: 'a' });
    const second = buildVerdict(ev, policy, { meta: { n: 1 }, actorId: 'a' });
    expectValidVerdict(first);
    expect(second).toEqual(first);
    expect(ev).toEqual(before);
  });

  it('is checked by a schema helper that does catch a broken verdict', () => {
    const v = verdict(closeUpFace);
    expect(() => expectValidVerdict({ ...v, hash: 'not-a-hash' })).toThrow(/verdict\/hash must match pattern/);
    expect(() => expectValidVerdict({ ...v, topics: ['Adult-Content'] })).toThrow(/verdict\/topics\/0/);
    expect(() => expectValidVerdict({ ...v, confidence: 0 })).toThrow(/verdict\/confidence must be >= 1/);
  });

  it('survives JSON, as it must to cross a worker or reach a server', () => {
    const v = verdict({ porn: 0.6, sexy: 0.2 }, 'strict', { meta: { id: 'x' }, actorId: 'u1' });
    const copy: unknown = JSON.parse(JSON.stringify(v));
    expectValidVerdict(copy);
    expect(copy).toEqual(v);
  });
});

describe('text in the image', () => {
  /** Text evidence as the worker produces it, screened and placed by the real code. */
  function text(content: string): TextEvidence {
    let index = 0;
    // Nine words a line, as a page reads: a box stays inside the image (the full schema checks it).
    const lines = content
      ? content.split('\n').map((line) =>
          line.split(/\s+/).filter(Boolean).map((word) => {
            const box = { x: 0.05 + (index % 9) * 0.1, y: 0.1 + Math.floor(index / 9) * 0.12, width: 0.09, height: 0.1 };
            index++;
            return { text: word, confidence: 91.5, box };
          }),
        )
      : [];
    return textEvidence(lines, content ? 91.5 : 0, 0);
  }

  function textVerdict(content: string, policy: PolicyInput = 'balanced', nsfw: Partial<Record<NsfwClass, number>> | null = {}): Verdict {
    const result = buildVerdict({ ...evidence(nsfw), text: text(content) }, resolvePolicy(policy), {});
    expectValidVerdict(result);
    return result;
  }

  it('clean everyday text: safe, zero text risk, quoted in the description, language detected', () => {
    const v = textVerdict('Fresh bread baked daily');
    expect(v.isSafe).toBe(true);
    expect(v.analysis.flags).toEqual([]);
    expect(v.riskScores).toMatchObject({ spam: 0, toxicity: 0 });
    expect(v.summary.language).toBe('en');
    expect(v.topics).toEqual(['photo', 'text']);
    expect(v.description).toBe(
      'A photo, with the text "Fresh bread baked daily". Rated G: nothing sexual found (neutral 100%); fine to upload.',
    );
  });

  it('no text: no text topic, language und, the description unchanged', () => {
    const v = textVerdict('');
    expect(v.summary.language).toBe('und');
    expect(v.topics).toEqual(['photo']);
    expect(v.description).toBe('A photo. Rated G: nothing sexual found (neutral 100%); fine to upload.');
  });

  it('abuse is reviewed by balanced and rejected by strict, with the reason in words', () => {
    const balanced = textVerdict('fuck you');
    expect(balanced.suggestedActions).toEqual({ reject: false, review: true });
    expect(balanced.riskScores.toxicity).toBe(85);
    expect(balanced.riskScores.overall).toBe(85);
    expect(balanced.analysis.flags).toEqual([
      {
        signal: 'toxicity',
        action: 'review',
        score: 0.85,
        threshold: 0.5,
        params: { score: 0.85, threshold: 0.5, kinds: ['profanity'] },
        reason: 'The text in the image contains profanity (85%).',
      },
    ]);
    expect(balanced.topics).toContain('abusive language');
    const strict = textVerdict('fuck you', 'strict');
    expect(strict.suggestedActions.reject).toBe(true);
    expect(strict.description).toContain('Rated G: nothing sexual found (neutral 100%); rejected (abusive text).');
  });

  it('a slur is rejected by balanced; mild swearing passes it', () => {
    expect(textVerdict('dirty kike').suggestedActions.reject).toBe(true);
    expect(textVerdict('shit happens').isSafe).toBe(true);
    expect(textVerdict('shit happens', 'strict').suggestedActions.review).toBe(true);
  });

  it('spam is reviewed with what made it spam', () => {
    const v = textVerdict('CONGRATULATIONS! YOU WON A FREE IPHONE. CLICK HERE: bit.ly/3xYz9');
    expect(v.suggestedActions).toEqual({ reject: false, review: true });
    const flag = v.analysis.flags.find((f) => f.signal === 'spam')!;
    expect(flag.reason).toMatch(/^The text in the image looks like spam: a shortened link, a call to action, prize or money bait and shouting \(\d+%\)\.$/);
    expect(v.topics).toContain('spam');
    expect(textVerdict('CONGRATULATIONS! YOU WON A FREE IPHONE. CLICK HERE: bit.ly/3xYz9', 'strict').suggestedActions.reject).toBe(true);
  });

  it('personal data asks for review by default, naming the kinds; a policy can reject or ignore it', () => {
    const v = textVerdict('Call me on +44 20 7946 0958 or mail jane.doe@example.com');
    expect(v.suggestedActions).toEqual({ reject: false, review: true });
    expect(v.analysis.flags).toEqual([
      {
        signal: 'personal-data',
        action: 'review',
        score: 1,
        threshold: null,
        params: { kinds: ['email', 'phone'] },
        reason: 'The text in the image shows personal data: an email address and a phone number.',
      },
    ]);
    expect(v.topics).toContain('personal data');
    expect(textVerdict('mail jane.doe@example.com', { text: { personalData: 'reject' } }).suggestedActions.reject).toBe(true);
    expect(textVerdict('mail jane.doe@example.com', { text: { personalData: null } }).isSafe).toBe(true);
  });

  it('with the NSFW analyzer off, the text alone describes the image', () => {
    const v = textVerdict('Fresh bread baked daily', 'balanced', null);
    expect(v.description).toBe('An image, with the text "Fresh bread baked daily". Rated G: not checked for sexual content; fine to upload.');
    expect(v.topics).toEqual(['text']);
  });

  it('quotes at most 60 characters of a long text, on one line', () => {
    const long = 'The quick brown fox jumps over the lazy dog.\nPlease keep this door closed at all times.';
    const v = textVerdict(long);
    expect(v.description).toContain('with the text "The quick brown fox jumps over the lazy dog. Please keep…".');
  });
});
