import type { Policy } from '../policy/types.js';
import { clamp01, reaches } from './signals.js';
import type { Scores, Signals } from './signals.js';
import type { ContentRating, Flag, TextEvidence, Verdict } from './types.js';

/** R and NC-17 follow the explicit thresholds; below them the sexual score climbs G → PG → PG-13. */
export function rate(signals: Signals, policy: Policy): ContentRating {
  if (reaches(signals.explicit, policy.nsfw.explicit.reject)) return 'NC-17';
  if (reaches(signals.explicit, policy.nsfw.explicit.review)) return 'R';
  const sexual = Math.max(signals.explicit, signals.suggestive);
  if (sexual >= policy.rating.pg13) return 'PG-13';
  if (sexual >= policy.rating.pg) return 'PG';
  return 'G';
}

/**
 * Confidence in `isSafe`: for a safe image, how far it is from any risk (100 − overall risk, so suggestive counts
 * half); for an unsafe one, how strong the strongest evidence against it is.
 */
export function confidence(isSafe: boolean, overallRisk: number, flags: readonly Pick<Flag, 'score'>[]): number {
  const value = isSafe ? 100 - overallRisk : 100 * Math.max(...flags.map((flag) => flag.score));
  return Math.min(100, Math.max(1, Math.round(value)));
}

export function riskScores(signals: Signals | null, text: TextEvidence | null): Verdict['riskScores'] {
  const nsfw = signals ? score100(signals.explicit) : 0;
  const suggestive = signals ? score100(signals.suggestive) : 0;
  const spam = text ? score100(text.scores.spam) : 0;
  const toxicity = text ? score100(text.scores.toxicity) : 0;
  // Suggestive counts half: clothed posing is not harm by itself, and party photos score "sexy" 0.85-0.95.
  const overall = Math.max(nsfw, round1(suggestive / 2), spam, toxicity);
  return { overall, nsfw, suggestive, spam, toxicity };
}

/** ContentMod's categories with a severity of 10 or more, most severe first. */
export function nsfwCategories(scores: Scores): Verdict['nsfwCategories'] {
  return [
    { category: 'explicit', severity: score100(scores.porn) },
    { category: 'explicit drawing', severity: score100(scores.hentai) },
    { category: 'suggestive', severity: score100(scores.sexy) },
  ]
    .filter((entry) => entry.severity >= 10)
    .sort((a, b) => b.severity - a.severity);
}

/** A 0-1 score as 0-100 with at most one decimal. */
function score100(score: number): number {
  return round1(clamp01(score) * 100);
}

function round1(value: number): number {
  return Math.round(value * 10) / 10;
}
