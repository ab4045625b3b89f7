import type { Limits } from './input/probe.js';
import type { PolicyInput } from './policy/types.js';
import type { Verdict } from './verdict/types.js';

/** tfjs backend for the models. 'auto' picks the fastest this device offers (see runtime/backend.ts). */
export type BackendChoice = 'auto' | 'wasm' | 'webgl' | 'cpu';

export interface NsfwAnalyzerOptions {
  /** Which nsfwjs model to use. Only MobileNetV2 (224x224, 2.6 MB) is served today. */
  model?: 'mobilenet_v2';
}

/** imagerecognize's `max_labels` / `min_confidence`, for the COCO objects. */
export interface ObjectsAnalyzerOptions {
  /** At most this many distinct labels (the best-scored), 1-80. Default 10. */
  maxLabels?: number;
  /** Objects found with less confidence than this (0-1) are dropped. Default 0.3. */
  minConfidence?: number;
}

export interface GuardOptions {
  /** Which analyzers run. Each is on unless set to false. */
  analyzers?: {
    nsfw?: boolean | NsfwAnalyzerOptions;
    /** Faces with age ranges and gender (face-api). */
    faces?: boolean;
    /**
     * OCR (tesseract.js, English) and screening of the text read: profanity and abuse, spam, personal data.
     * false: `analysis.text` is null, and neither tesseract nor its language data is loaded.
     */
    text?: boolean;
    /**
     * COCO objects (80 classes: person, cat, car, cell phone...) with CenterNet (@vladmandic/human's model, 4 MB):
     * `analysis.objects`, and their labels in `topics`. false: `analysis.objects` is null and the model is not loaded.
     */
    objects?: boolean | ObjectsAnalyzerOptions;
    /** Sharpness, exposure, resolution and noise (`analysis.quality`); pure arithmetic on pixels, no model. */
    quality?: boolean;
  };
  /** A preset name or a partial policy merged over the defaults (docs/POLICY.md). */
  policy?: PolicyInput;
  /**
   * Where the model, wasm and language files are served from, on the page's own origin. Defaults to the
   * `<meta name="image-guard-kit:model-base-url">` the Vite plugin injects, else `/image-guard-kit/`.
   */
  modelBaseUrl?: string;
  /** tfjs backend; 'auto' by default. */
  backend?: BackendChoice;
  /**
   * Resource limits, checked from the file size and the image header before anything is decoded. Defaults:
   * maxBytes 50 MB, maxPixels 50 megapixels, maxFrames 8 (frames of an animation that are analysed).
   */
  limits?: Partial<Limits>;
  /**
   * How long one image may take, in ms (default 60 000). A check that runs over is stopped with code 'timeout',
   * and the guard starts a fresh worker for the next image, so one pathological file cannot wedge it.
   */
  timeoutMs?: number;
  /** Model loading and per-call progress. */
  onProgress?: (progress: GuardProgress) => void;
}

/** Loading progress as a small typed union, in the manner of transformers.js. */
export type GuardProgress =
  | { phase: 'model-loading'; model: AnalyzerName }
  | { phase: 'model-ready'; model: AnalyzerName; backend: string; ms: number }
  | { phase: 'model-failed'; model: AnalyzerName; message: string }
  | { phase: 'analyzing'; stage: 'decode' | AnalyzerName };

export type AnalyzerName = 'nsfw' | 'faces' | 'text' | 'objects';

export interface ModerateOptions {
  /** Echoed into `verdict.meta` (ContentMod's `meta`). */
  meta?: unknown;
  /** Who uploaded the image; recorded in `verdict.analysis.actorId`. */
  actorId?: string;
  /**
   * The policy for this call, instead of the guard's. The policy only turns evidence into a verdict, so changing
   * it needs no new guard and no model reload.
   */
  policy?: PolicyInput;
  /** Cancels the call: it rejects with an ImageGuardError whose code is 'aborted'. */
  signal?: AbortSignal;
  /** The guard's `timeoutMs` for this call only. */
  timeoutMs?: number;
}

/** Everything `moderate` accepts. A string is a URL, a data URL, or bare base64 (as ContentMod accepts). */
export type ModerationInput = File | Blob | ArrayBuffer | Uint8Array | string;

export interface ImageGuard {
  moderate(input: ModerationInput, options?: ModerateOptions): Promise<Verdict>;
  /** Frees the worker and its models. Safe to call twice; later calls to `moderate` reject with code 'disposed'. */
  dispose(): void;
  readonly disposed: boolean;
}
