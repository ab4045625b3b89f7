import type { PolicyInput } from '../../src/policy/index.js';
import type { FaceItem, Verdict } from '../../src/verdict/types.js';
import { evidenceWith, faceAged, judged } from './evidence.js';

// Real verdicts for the element's unit tests, built by the verdict code from fixed evidence: a mostly neutral photo,
// so the policy given decides whether it passes, needs review or is blocked.

export const rejectExplicit: PolicyInput = { nsfw: { explicit: { review: 0, reject: 0 } } };
export const reviewExplicit: PolicyInput = { nsfw: { explicit: { review: 0, reject: null } } };
/** Explicit content rejected and the GPS position sent to review: a verdict with one reason of each kind. */
export const rejectAndReview: PolicyInput = {
  preset: 'strict',
  nsfw: { explicit: { review: 0, reject: 0 } },
  privacy: { location: 'review' },
};

export const face = faceAged;

export function verdict(policy: PolicyInput = 'balanced', faces: FaceItem[] = [], gps = false): Verdict {
  const evidence = evidenceWith({
    nsfwScores: { drawing: 0.01, hentai: 0.01, neutral: 0.9, porn: 0.03, sexy: 0.05 },
    faces,
    metadata: { gps: gps ? { latitude: 52.5, longitude: 13.4 } : null, camera: null },
  });
  return judged(evidence, policy);
}

export const photo = (name = 'photo.jpg') => new File([new Uint8Array([0xff, 0xd8, 0xff])], name, { type: 'image/jpeg' });
