import type { Action, Policy } from '../policy/types.js';

export type { Action };

/** Formats the library recognises from the file's bytes (never from its name or MIME type). */
export type ImageFormat = 'jpeg' | 'png' | 'gif' | 'webp' | 'avif' | 'bmp';

export interface ImageFacts {
  /** Displayed size, after EXIF orientation. */
  width: number;
  height: number;
  format: ImageFormat;
  mimeType: string;
  /** Size of the original file in bytes. */
  bytes: number;
}

export type NsfwClass = 'drawing' | 'hentai' | 'neutral' | 'porn' | 'sexy';

export interface NsfwEvidence {
  /** The five nsfwjs class probabilities; they sum to about 1. */
  scores: Record<NsfwClass, number>;
  /** Which model produced them, e.g. 'nsfwjs/mobilenet_v2'. */
  model: string;
}

/** One face, as the face analyzer saw it. Age and gender are estimates from the face alone. */
export interface FaceItem {
  /** Where the face is, relative to the displayed image (0-1). */
  box: { x: number; y: number; width: number; height: number };
  /** Detection confidence, 0-1. */
  score: number;
  /** The age model's point estimate, in years. */
  age: number;
  /** Whole years; holds the true age for most people (see analyzers/faces/age.ts). */
  ageRange: [number, number];
  gender: 'female' | 'male';
  /** The model's probability for `gender`, 0.5-1. */
  genderProbability: number;
}

export interface FacesEvidence {
  count: number;
  items: FaceItem[];
  /** Which models produced them. */
  model: string;
}

/** What the analyzers found in one image: the input of the pure verdict function. */
export interface Evidence {
  /** SHA-256 of the original bytes, lowercase hex. */
  hash: string;
  image: ImageFacts;
  /** null when the NSFW analyzer is off. */
  nsfw: NsfwEvidence | null;
  /** null when the face analyzer is off. */
  faces: FacesEvidence | null;
  /** null until the text analyzer exists or when it is off. */
  text: null;
  /** Milliseconds per stage; `totalMs` is the whole call. */
  timings: { totalMs: number } & Record<string, number>;
  /** The tfjs backend the models ran on ('wasm', 'webgl', 'cpu'), or null when no model ran. */
  backend: string | null;
}

/** Per-call fields that are echoed into the verdict. */
export interface ModerationContext {
  meta?: unknown;
  actorId?: string;
}

/** What a flag is about: an NSFW signal, or a possible minor (docs/POLICY.md). */
export type Signal = 'explicit' | 'suggestive' | 'minor';

/** One reason the policy acted on, in words a person understands. */
export interface Flag {
  signal: Signal;
  action: Action;
  /**
   * The score that crossed the threshold, 0-1. For a possible minor with sexual signals, the sexual score; for a
   * possible minor alone, the face's detection score.
   */
  score: number;
  /** The threshold the score crossed; null for a possible minor alone, which no score triggers. */
  threshold: number | null;
  reason: string;
}

export type ContentRating = 'G' | 'PG' | 'PG-13' | 'R' | 'NC-17';

/** The verdict for one image, shaped like ContentMod's image moderation response (see verdict.schema.json). */
export interface Verdict {
  summary: { totalFlags: number; contentRating: ContentRating; language: string };
  isSafe: boolean;
  /** Confidence in `isSafe`, 1-100. */
  confidence: number;
  description: string;
  riskScores: { overall: number; spam: number; toxicity: number } & Record<string, number>;
  topics: string[];
  nsfwCategories: { category: string; severity: number }[];
  suggestedActions: { reject: boolean; review: boolean };
  /** The call's `meta`, echoed; null when none was given. */
  meta: unknown;
  hash: string;
  analysis: {
    image: ImageFacts;
    nsfw: NsfwEvidence | null;
    faces: FacesEvidence | null;
    text: null;
    timings: Evidence['timings'];
    backend: string | null;
    flags: Flag[];
    policy: Policy;
    actorId: string | null;
  };
}
