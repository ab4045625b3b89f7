import type { Policy } from '../policy/types.js';

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
  /** Frames in the file (animated GIF, APNG, WebP, AVIF); 1 for a still image. */
  frames: number;
  /** Indices of the frames that were analysed: all of a short animation, an even sample of a long one. */
  sampledFrames: number[];
  /** The file ends before its format's end marker: the verdict covers only the part that decoded. */
  truncated: boolean;
}

/** What the file's own metadata reveals (EXIF), reported because it is part of the uploader's privacy. */
export interface PhotoMetadata {
  gps: { latitude: number; longitude: number; altitude?: number } | null;
  camera: { make?: string; model?: string; software?: string; takenAt?: string } | null;
}

/** An analyzer that could not run, so the image was not fully checked. */
export interface AnalyzerFailure {
  analyzer: 'nsfw';
  code: 'model_load_failed' | 'analysis_failed';
  message: string;
}

export type NsfwClass = 'drawing' | 'hentai' | 'neutral' | 'porn' | 'sexy';

export interface NsfwEvidence {
  /** The five nsfwjs class probabilities of the worst frame analysed; they sum to about 1. */
  scores: Record<NsfwClass, number>;
  /** Which frame those scores are from (0 for a still image). */
  frame: number;
  /** Which model produced them, e.g. 'nsfwjs/mobilenet_v2'. */
  model: string;
}

/** What the analyzers found in one image: the input of the pure verdict function. */
export interface Evidence {
  /** SHA-256 of the original bytes, lowercase hex. */
  hash: string;
  image: ImageFacts;
  /** null when the NSFW analyzer is off. */
  nsfw: NsfwEvidence | null;
  /** null until the face analyzer exists or when it is off. */
  faces: null;
  /** null until the text analyzer exists or when it is off. */
  text: null;
  metadata: PhotoMetadata;
  /** Analyzers that were asked for but could not run; the policy's `onModelError` decides what that means. */
  errors: AnalyzerFailure[];
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

export type Action = 'reject' | 'review';

export type Signal = 'explicit' | 'suggestive' | 'location' | 'unchecked';

/** One reason the policy acted on, in words a person understands. */
export interface Flag {
  signal: Signal;
  action: Action;
  /** The score that crossed the threshold, 0-1 (1 for yes/no signals such as a GPS position). */
  score: number;
  threshold: number;
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
    faces: null;
    text: null;
    timings: Evidence['timings'];
    backend: string | null;
    metadata: PhotoMetadata;
    errors: AnalyzerFailure[];
    flags: Flag[];
    policy: Policy;
    actorId: string | null;
  };
}
