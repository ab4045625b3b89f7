import { resolvePolicy } from '../../src/policy/index.js';
import type { PolicyInput } from '../../src/policy/index.js';
import { buildVerdict } from '../../src/verdict/build.js';
import type { Evidence, FaceItem, ImageFacts, ModerationContext, NsfwClass, Verdict } from '../../src/verdict/types.js';
import { expectValidVerdict } from './schema.js';

// The one builder of evidence and verdicts for the unit tests: fixed evidence of an ordinary photo, changed only
// where a test says, turned into a verdict by the real verdict code and held to the schema.

export type NsfwGiven = Partial<Record<NsfwClass, number>>;

/** nsfwjs-like scores: the classes given, `neutral` taking up the rest (unless given) so they sum to 1. */
export function nsfwScores(given: NsfwGiven): Record<NsfwClass, number> {
  const set = { drawing: 0, hentai: 0, porn: 0, sexy: 0, ...given };
  const rest = 1 - set.drawing - set.hentai - set.porn - set.sexy;
  return { ...set, neutral: given.neutral ?? Math.max(0, Math.round(rest * 1e6) / 1e6) };
}

/** A portrait photo: 1280×1920 JPEG, one frame. */
export const photoFacts: ImageFacts = {
  width: 1280,
  height: 1920,
  format: 'jpeg',
  mimeType: 'image/jpeg',
  bytes: 312_000,
  frames: 1,
  sampledFrames: [0],
  truncated: false,
};

export interface EvidenceGiven extends Partial<Omit<Evidence, 'image' | 'faces'>> {
  /** NSFW scores as `nsfwScores` completes them (default: all neutral); null: the NSFW analyzer was off. */
  nsfwScores?: NsfwGiven | null;
  /** The faces found (the faces evidence around them is filled in); null: the faces analyzer was off (default). */
  faces?: FaceItem[] | null;
  image?: Partial<ImageFacts>;
}

export function evidenceWith({ nsfwScores: nsfw = {}, faces = null, image = {}, ...given }: EvidenceGiven = {}): Evidence {
  return {
    hash: 'ab'.repeat(32),
    image: { ...photoFacts, ...image },
    nsfw: nsfw && { scores: nsfwScores(nsfw), model: 'nsfwjs/mobilenet_v2', frame: 0 },
    faces: faces && { count: faces.length, items: faces, model: 'face-api/ssd_mobilenetv1+human/blazeface+face-api/age_gender' },
    text: null,
    metadata: { gps: null, camera: null },
    errors: [],
    timings: { totalMs: 250 },
    backend: 'wasm',
    ...given,
  };
}

/** The verdict the guard builds from `evidence` under `policy`, checked against the schema. */
export function judged(evidence: Evidence, policy: PolicyInput = 'balanced', context: ModerationContext = {}): Verdict {
  const verdict = buildVerdict(evidence, resolvePolicy(policy), context);
  expectValidVerdict(verdict);
  return verdict;
}

/** A face in the upper middle of the frame, its age the middle of its range. */
export function faceAged(ageRange: [number, number], extra: Partial<FaceItem> = {}): FaceItem {
  const box = { x: 0.3, y: 0.2, width: 0.3, height: 0.35 };
  return { box, score: 0.97, age: (ageRange[0] + ageRange[1]) / 2, ageRange, gender: 'female', genderProbability: 0.93, ...extra };
}
