import { resolvePolicy } from '../../src/policy/index.js';
import type { PolicyInput } from '../../src/policy/index.js';
import { buildVerdict } from '../../src/verdict/build.js';
import type { Evidence, FaceItem, Verdict } from '../../src/verdict/types.js';
import { expectValidVerdict } from './schema.js';

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

export function face(ageRange: [number, number]): FaceItem {
  const box = { x: 0.3, y: 0.2, width: 0.3, height: 0.35 };
  return { box, score: 0.97, age: (ageRange[0] + ageRange[1]) / 2, ageRange, gender: 'female', genderProbability: 0.93 };
}

export function verdict(policy: PolicyInput = 'balanced', faces: FaceItem[] = [], gps = false): Verdict {
  const evidence: Evidence = {
    hash: 'ab'.repeat(32),
    image: { width: 1280, height: 1920, format: 'jpeg', mimeType: 'image/jpeg', bytes: 312_000, frames: 1, sampledFrames: [0], truncated: false },
    nsfw: { scores: { drawing: 0.01, hentai: 0.01, neutral: 0.9, porn: 0.03, sexy: 0.05 }, model: 'nsfwjs/mobilenet_v2', frame: 0 },
    faces: { count: faces.length, items: faces, model: 'face-api/ssd_mobilenetv1+human/blazeface+face-api/age_gender' },
    text: null,
    metadata: { gps: gps ? { latitude: 52.5, longitude: 13.4 } : null, camera: null },
    errors: [],
    timings: { totalMs: 250 },
    backend: 'wasm',
  };
  const result = buildVerdict(evidence, resolvePolicy(policy), {});
  expectValidVerdict(result);
  return result;
}

export const photo = (name = 'photo.jpg') => new File([new Uint8Array([0xff, 0xd8, 0xff])], name, { type: 'image/jpeg' });
