import type { Policy } from '../policy/types.js';
import { isDrawing } from './signals.js';
import type { Signals } from './signals.js';
import type { ContentRating, Evidence, FacesEvidence, Flag, ObjectsEvidence, TextEvidence } from './types.js';

/**
 * ContentMod's `topics`: what the picture is (photo or drawing, adult, suggestive), who is in it, its text and what
 * the screening found in it, animation, then the object labels.
 */
export function topicsOf(
  evidence: Evidence,
  signals: Signals | null,
  rating: ContentRating,
  flags: readonly Pick<Flag, 'signal'>[],
  policy: Policy,
): string[] {
  return [
    ...(signals ? nsfwTopics(signals, rating, flags, policy) : []),
    ...peopleTopics(evidence.faces),
    ...(evidence.text ? textTopics(evidence.text, flags) : []),
    ...(evidence.image.frames > 1 ? ['animation'] : []),
    ...objectLabels(evidence.objects),
  ];
}

function nsfwTopics(signals: Signals, rating: ContentRating, flags: readonly Pick<Flag, 'signal'>[], policy: Policy): string[] {
  const result = [isDrawing(signals.scores) ? 'drawing' : 'photo'];
  if (rating === 'R' || rating === 'NC-17') result.push('adult content');
  const suggestiveRating = rating === 'PG-13' && signals.suggestive >= policy.rating.pg13;
  if (suggestiveRating || flags.some((flag) => flag.signal === 'suggestive')) result.push('suggestive');
  return result;
}

/** `text` when the image has any, and what its screening found. */
function textTopics(text: TextEvidence, flags: readonly Pick<Flag, 'signal'>[]): string[] {
  if (text.content === '') return [];
  const result = ['text'];
  if (flags.some((flag) => flag.signal === 'toxicity')) result.push('abusive language');
  if (flags.some((flag) => flag.signal === 'spam')) result.push('spam');
  if (text.findings.some((finding) => finding.category === 'personal-data')) result.push('personal data');
  return result;
}

/**
 * `people` when there is a face; `portrait` when there is one and it is a large part of the picture (its box at
 * least a fifth of the width or height: a head shot, not a person across a room); `group` from three faces.
 */
function peopleTopics(faces: FacesEvidence | null): string[] {
  if (!faces || faces.count === 0) return [];
  const result = ['people'];
  const only = faces.count === 1 ? faces.items[0] : undefined;
  if (only && Math.max(only.box.width, only.box.height) >= 0.2) result.push('portrait');
  if (faces.count >= 3) result.push('group');
  return result;
}

/** Each object label once, best first (they arrive sorted by score). */
function objectLabels(objects: ObjectsEvidence | null | undefined): string[] {
  return [...new Set((objects?.items ?? []).map((item) => item.label))];
}
