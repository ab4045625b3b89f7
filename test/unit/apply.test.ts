import { describe, expect, it } from 'vitest';
import { resolvePolicy } from '../../src/policy/resolve.js';
import { applyPolicy } from '../../src/verdict/apply.js';
import { buildVerdict } from '../../src/verdict/build.js';
import { evidenceWith } from './evidence.js';
import { expectValidVerdict } from './schema.js';

const evidence = evidenceWith({
  image: { width: 1920, height: 1367, bytes: 181_758 },
  nsfwScores: { drawing: 0.003, hentai: 0.004, neutral: 0.012, porn: 0.032, sexy: 0.949 },
  metadata: { gps: { latitude: 1, longitude: 2 }, camera: null },
  timings: { totalMs: 95.9, nsfwMs: 67 },
});
const context = { meta: { postId: 'p-1' }, actorId: 'user-42' };

describe('applyPolicy re-judges a verdict from the evidence it carries', () => {
  it.each(['strict', 'permissive', { nsfw: { suggestive: { review: 0.9 } } }] as const)(
    'gives exactly the verdict the guard would have built under %j',
    (policy) => {
      const original = buildVerdict(evidence, resolvePolicy('balanced'), context);
      const again = applyPolicy(original, policy);
      expectValidVerdict(again);
      expect(again).toEqual(buildVerdict(evidence, resolvePolicy(policy), context));
    },
  );

  it('turns a party photo that passed into a rejected one under strict, keeping meta, actor and hash', () => {
    const balanced = buildVerdict(evidence, resolvePolicy('balanced'), context);
    expect(balanced.suggestedActions.reject).toBe(false);
    const strict = applyPolicy(balanced, 'strict');
    expect(strict.suggestedActions.reject).toBe(true);
    expect(strict.analysis.flags.map((flag) => flag.signal).sort()).toEqual(['location', 'suggestive']);
    expect(strict).toMatchObject({ hash: evidence.hash, meta: context.meta, analysis: { actorId: 'user-42' } });
  });

  it('survives a JSON round trip (a verdict stored or sent to a server)', () => {
    const stored = JSON.parse(JSON.stringify(buildVerdict(evidence, resolvePolicy('balanced'), {})));
    expect(applyPolicy(stored, 'strict').analysis.policy.name).toBe('strict');
    expect(applyPolicy(stored, 'strict').analysis.actorId).toBeNull();
  });
});
