import type { FlagDecision } from './decide.js';
import type { VerdictPhrases } from './phrases.js';
import type { Flag, TextFindingKind } from './types.js';

/** A decided flag with its `reason` rendered from its params. */
export function wordFlag(decision: FlagDecision, phrases: VerdictPhrases): Flag {
  return { ...decision, reason: reasonOf(decision, phrases) } as Flag;
}

/** The flag's full reason, from its params alone. */
export function reasonOf(flag: FlagDecision, phrases: VerdictPhrases): string {
  const findings = (kinds: TextFindingKind[]) => phrases.list(kinds.map((kind) => phrases.findingName(kind)));
  switch (flag.signal) {
    case 'explicit':
      return phrases.explicitReason({ percent: percent(flag.params.score) });
    case 'suggestive':
      return phrases.suggestiveReason({ percent: percent(flag.params.score) });
    case 'minor': {
      const { age, ageRange, sexual } = flag.params;
      return phrases.minorReason({
        age,
        youngest: [ageRange[0], ageRange[1]],
        sexual: sexual && { signal: sexual.signal, percent: percent(sexual.score) },
      });
    }
    case 'toxicity':
      return phrases.toxicityReason({ findings: findings(flag.params.kinds), percent: percent(flag.params.score) });
    case 'spam':
      return phrases.spamReason({ findings: findings(flag.params.kinds), percent: percent(flag.params.score) });
    case 'personal-data':
      return phrases.personalDataReason({ findings: findings(flag.params.kinds) });
    case 'location':
      return phrases.locationReason;
    case 'quality': {
      const { check, problem, value, width, height } = flag.params;
      return phrases.qualityReason({ check, problem, percent: percent(value), width, height });
    }
    case 'unchecked':
      return phrases.uncheckedReason({ analyzer: phrases.analyzerName(flag.params.analyzer) });
  }
}

/** The flag in a few words, for the description's outcome. */
export function briefOf(flag: FlagDecision, phrases: VerdictPhrases): string {
  switch (flag.signal) {
    case 'explicit':
      return phrases.explicitBrief;
    case 'suggestive':
      return phrases.suggestiveBrief;
    case 'minor':
      return phrases.minorBrief;
    case 'toxicity':
      return phrases.toxicityBrief;
    case 'spam':
      return phrases.spamBrief;
    case 'personal-data':
      return phrases.personalDataBrief;
    case 'location':
      return phrases.locationBrief;
    case 'quality':
      return phrases.qualityBrief({ check: flag.params.check, problem: flag.params.problem });
    case 'unchecked':
      return phrases.uncheckedBrief;
  }
}

/** A 0-1 score as the whole percentage the phrases show. */
export function percent(score: number): number {
  return Math.round(score * 100);
}
