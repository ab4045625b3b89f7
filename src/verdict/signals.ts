import type { Policy } from '../policy/types.js';
import type { FaceItem, NsfwClass } from './types.js';

export type Scores = Record<NsfwClass, number>;

/** The NSFW scores and the policy's view of them, 0-1. */
export interface Signals {
  scores: Scores;
  /** porn + hentai: a photo and a drawing of the same act split the probability mass between them. */
  explicit: number;
  /** sexy: clothed, posed. */
  suggestive: number;
}

export function nsfwSignals(scores: Scores): Signals {
  // Rounded to 1e-9 so that float noise in the sum (0.7 + 0.1 = 0.7999…) cannot slip under a threshold.
  const explicit = clamp01(Math.round((scores.porn + scores.hentai) * 1e9) / 1e9);
  return { scores, explicit, suggestive: clamp01(scores.sexy) };
}

/** An illustration when the drawing classes outweigh the photo classes. */
export function isDrawing(scores: Scores): boolean {
  return scores.drawing + scores.hentai > scores.neutral + scores.porn + scores.sexy;
}

/** The sexual signal at or above its review threshold (explicit first), or null when there is none. */
export function sexualSignal(signals: Signals, policy: Policy): { signal: 'explicit' | 'suggestive'; score: number; threshold: number } | null {
  for (const signal of ['explicit', 'suggestive'] as const) {
    const threshold = policy.nsfw[signal].review;
    if (threshold !== null && signals[signal] >= threshold) return { signal, score: signals[signal], threshold };
  }
  return null;
}

/**
 * The one test of a possible minor, for the flags, the description and the element alike: a face whose age range
 * starts below the policy's minor age. Gender is never read here, and age nowhere else.
 */
export function isPossibleMinor(face: Pick<FaceItem, 'ageRange'>, minorAge: number): boolean {
  return face.ageRange[0] < minorAge;
}

/** A null threshold is switched off and never triggers. */
export function reaches(score: number, threshold: number | null): boolean {
  return threshold !== null && score >= threshold;
}

export function clamp01(value: number): number {
  return Math.min(1, Math.max(0, value));
}
