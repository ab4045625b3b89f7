import type { Policy } from '../policy/types.js';
import { actionsOf, decideFlags } from './decide.js';
import { describe } from './describe.js';
import { englishPhrases } from './phrases.js';
import { wordFlag } from './reasons.js';
import { confidence, nsfwCategories, rate, riskScores } from './scores.js';
import { nsfwSignals } from './signals.js';
import { topicsOf } from './topics.js';
import type { Evidence, ModerationContext, Verdict } from './types.js';

/**
 * Applies a policy to what the analyzers found. Pure: the same evidence, policy and context always give the same
 * verdict, so it is unit-tested without any model, DOM or clock. The jobs are in their own files: the flags the
 * policy raises (decide.ts), the scores and rating (scores.ts), the topics (topics.ts), and the words, English here,
 * rendered from the flags' params through the phrase table (reasons.ts, describe.ts, phrases.ts).
 */
export function buildVerdict(evidence: Evidence, policy: Policy, context: ModerationContext): Verdict {
  const signals = evidence.nsfw ? nsfwSignals(evidence.nsfw.scores) : null;
  const decisions = decideFlags(evidence, signals, policy);
  const flags = decisions.map((decision) => wordFlag(decision, englishPhrases));
  const { reject, review } = actionsOf(flags);
  const isSafe = !reject && !review;
  const rating = signals ? rate(signals, policy) : 'G';
  const risk = riskScores(signals, evidence.text);

  return {
    summary: { totalFlags: flags.length, contentRating: rating, language: evidence.text?.language ?? 'und' },
    isSafe,
    confidence: confidence(isSafe, risk.overall, flags),
    description: describe(evidence, signals, rating, decisions, policy.minors.age, englishPhrases),
    riskScores: risk,
    topics: topicsOf(evidence, signals, rating, flags, policy),
    nsfwCategories: signals ? nsfwCategories(signals.scores) : [],
    suggestedActions: { reject, review },
    meta: context.meta === undefined ? null : context.meta,
    hash: evidence.hash,
    analysis: {
      image: evidence.image,
      nsfw: evidence.nsfw,
      faces: evidence.faces,
      text: evidence.text,
      objects: evidence.objects ?? null,
      quality: evidence.quality ?? null,
      timings: evidence.timings,
      backend: evidence.backend,
      metadata: evidence.metadata,
      errors: evidence.errors,
      flags,
      policy,
      actorId: context.actorId ?? null,
    },
  };
}
