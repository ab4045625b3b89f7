import { evidenceOf } from './apply.js';
import { describe } from './describe.js';
import { resolvePhrases } from './phrases.js';
import type { VerdictPhrases } from './phrases.js';
import { wordFlag } from './reasons.js';
import { nsfwSignals } from './signals.js';
import type { Verdict } from './types.js';

/**
 * The verdict with its words in another language: every flag's `reason` and the `description` rendered again from
 * the facts the verdict carries (each flag's `params`, the evidence under `analysis`) through `phrases`, a partial
 * table over the English one (see `VerdictPhrases`). Nothing else changes, and no model runs. Pure. Throws an
 * `invalid_options` ImageGuardError for an unknown key, a wrong type, or a phrase that returns no string.
 */
export function renderVerdictText(verdict: Verdict, phrases: Partial<VerdictPhrases>): Verdict {
  const table = resolvePhrases(phrases);
  const evidence = evidenceOf(verdict);
  const signals = evidence.nsfw ? nsfwSignals(evidence.nsfw.scores) : null;
  const { flags, policy } = verdict.analysis;
  return {
    ...verdict,
    description: describe(evidence, signals, verdict.summary.contentRating, flags, policy.minors.age, table),
    analysis: { ...verdict.analysis, flags: flags.map((flag) => wordFlag(flag, table)) },
  };
}
