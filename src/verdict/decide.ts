import type { Policy, Thresholds } from '../policy/types.js';
import { isPossibleMinor, sexualSignal } from './signals.js';
import type { Signals } from './signals.js';
import type { Evidence, FacesEvidence, Flag, QualityCheck, QualityEvidence, QualityProblem, TextEvidence, TextFinding } from './types.js';

type Unworded<F> = F extends unknown ? Omit<F, 'reason'> : never;

/** A flag as the policy decides it: its action and the facts behind it, not yet put into words. */
export type FlagDecision = Unworded<Flag>;

/**
 * Every flag the policy raises on this evidence, in the order they are listed: NSFW, a possible minor, the text,
 * quality, then the file (a GPS position, an analyzer that could not run).
 */
export function decideFlags(evidence: Evidence, signals: Signals | null, policy: Policy): FlagDecision[] {
  return [
    ...(signals ? nsfwFlags(signals, policy) : []),
    ...minorFlags(evidence.faces, signals, policy),
    ...(evidence.text ? textFlags(evidence.text, policy) : []),
    ...(evidence.quality ? qualityFlags(evidence.quality, evidence.image, policy) : []),
    ...fileFlags(evidence, policy),
  ];
}

/** Any reject flag rejects; otherwise any flag asks for a review. */
export function actionsOf(flags: readonly Pick<Flag, 'action'>[]): { reject: boolean; review: boolean } {
  const reject = flags.some((flag) => flag.action === 'reject');
  return { reject, review: !reject && flags.length > 0 };
}

function nsfwFlags(signals: Signals, policy: Policy): FlagDecision[] {
  const flags: FlagDecision[] = [];
  for (const signal of ['explicit', 'suggestive'] as const) {
    const score = signals[signal];
    const crossed = crossing(score, policy.nsfw[signal]);
    if (!crossed) continue;
    flags.push({ signal, action: crossed.action, score, threshold: crossed.threshold, params: { score, threshold: crossed.threshold } });
  }
  return flags;
}

/** The action and threshold a score reaches, reject first; null below both. */
function crossing(score: number, { review, reject }: Thresholds): { action: 'reject' | 'review'; threshold: number } | null {
  if (reject !== null && score >= reject) return { action: 'reject', threshold: reject };
  if (review !== null && score >= review) return { action: 'review', threshold: review };
  return null;
}

/**
 * With sexual signals (explicit or suggestive at or above its review threshold) a possible minor takes
 * `minors.withSexualContent`; alone, `minors.alone`. One flag for the image, about its youngest-looking face.
 */
function minorFlags(faces: FacesEvidence | null, signals: Signals | null, policy: Policy): FlagDecision[] {
  const { age, withSexualContent, alone } = policy.minors;
  const minors = (faces?.items ?? []).filter((face) => isPossibleMinor(face, age));
  if (minors.length === 0) return [];
  const youngest = minors.reduce((a, b) => (b.ageRange[0] < a.ageRange[0] ? b : a));
  const ageRange: [number, number] = [youngest.ageRange[0], youngest.ageRange[1]];
  const sexual = signals ? sexualSignal(signals, policy) : null;
  if (sexual) {
    if (!withSexualContent) return [];
    const params = { age, ageRange, sexual: { signal: sexual.signal, score: sexual.score } };
    return [{ signal: 'minor', action: withSexualContent, score: sexual.score, threshold: sexual.threshold, params }];
  }
  if (!alone) return [];
  return [{ signal: 'minor', action: alone, score: youngest.score, threshold: null, params: { age, ageRange, sexual: null } }];
}

/** Toxicity and spam on their thresholds; personal data by the policy's action, naming what was found. */
function textFlags(text: TextEvidence, policy: Policy): FlagDecision[] {
  const flags: FlagDecision[] = [];
  const kinds = (category: TextFinding['category']) =>
    [...new Set(text.findings.filter((finding) => finding.category === category).map((finding) => finding.kind))];
  for (const signal of ['toxicity', 'spam'] as const) {
    const score = text.scores[signal];
    const crossed = crossing(score, policy.text[signal]);
    if (!crossed) continue;
    const params = { score, threshold: crossed.threshold, kinds: kinds(signal) };
    flags.push({ signal, action: crossed.action, score, threshold: crossed.threshold, params });
  }
  const personal = kinds('personal-data');
  if (policy.text.personalData && personal.length > 0) {
    flags.push({ signal: 'personal-data', action: policy.text.personalData, score: 1, threshold: null, params: { kinds: personal } });
  }
  return flags;
}

/** The aspects of quality the policy can act on, in the order their flags are listed. */
const qualityChecks: readonly QualityCheck[] = ['sharpness', 'exposure', 'resolution', 'noise'];

/**
 * A quality score at or below the policy's minimum takes `policy.quality.action`. The flag's score is how poor the
 * picture is (1 − the quality score), so the flag reads like the others: higher is worse.
 */
function qualityFlags(quality: QualityEvidence, image: Evidence['image'], policy: Policy): FlagDecision[] {
  const { action } = policy.quality;
  if (!action) return [];
  const flags: FlagDecision[] = [];
  for (const check of qualityChecks) {
    const minimum = policy.quality[check];
    const value = quality[check];
    if (minimum === null || value > minimum) continue;
    flags.push({
      signal: 'quality',
      action,
      score: round3(1 - value),
      threshold: round3(1 - minimum),
      params: { check, problem: qualityProblem(check, quality), value, minimum, width: image.width, height: image.height },
    });
  }
  return flags;
}

function qualityProblem(check: QualityCheck, quality: QualityEvidence): QualityProblem {
  switch (check) {
    case 'sharpness':
      return 'blurry';
    case 'exposure':
      return quality.brightness < 0.5 ? 'dark' : 'bright';
    case 'resolution':
      return 'small';
    case 'noise':
      return 'grainy';
  }
}

/**
 * Flags that come from the file rather than its pixels: a GPS position in its metadata (privacy.location), and an
 * analyzer that could not run (onModelError). Both are yes/no: score 1, no threshold.
 */
function fileFlags(evidence: Evidence, policy: Policy): FlagDecision[] {
  const flags: FlagDecision[] = [];
  const location = policy.privacy.location;
  if (location && evidence.metadata.gps) {
    flags.push({ signal: 'location', action: location, score: 1, threshold: null, params: {} });
  }
  if (policy.onModelError !== 'allow') {
    for (const { analyzer, code } of evidence.errors) {
      flags.push({ signal: 'unchecked', action: policy.onModelError, score: 1, threshold: null, params: { analyzer, code } });
    }
  }
  return flags;
}

function round3(value: number): number {
  return Math.round(value * 1000) / 1000;
}
