import type { SerializedError } from '../errors.js';
import type { ObjectSelection } from '../analyzers/objects/select.js';
import type { Limits } from '../input/probe.js';
import type { AnalyzerName, BackendChoice } from '../options.js';
import type { AnalyzerFailure, Evidence } from '../verdict/types.js';

/** What the main thread tells the analysis worker once, at start. */
export interface WorkerConfig {
  /** Absolute URL ending in '/': every runtime file is fetched relative to it. */
  modelBaseUrl: string;
  backend: BackendChoice;
  /** null: that analyzer is off, and none of its files are fetched. */
  analyzers: {
    nsfw: { model: 'mobilenet_v2' } | null;
    faces: boolean;
    text: TextAnalyzerConfig | null;
    objects: ObjectSelection | null;
    quality: boolean;
  };
  limits: Limits;
}

/** Absolute URLs of tesseract.js' files (see runtime/asset-paths.ts). */
export interface TextAnalyzerConfig {
  workerPath: string;
  corePath: string;
  langPath: string;
}

export type WorkerEvidence = Omit<Evidence, 'timings'> & { timings: Record<string, number> };

/** Errors cross the worker boundary as data, so their `code` survives (a thrown Error would lose it). */
export type WorkerResult<T> = { ok: true; value: T } | { ok: false; error: SerializedError };

export interface WorkerReady {
  /** Each loaded model, with what it runs on ('wasm', 'webgl', 'cpu') and how long it took to load. */
  models: { name: AnalyzerName; backend: string; ms: number }[];
  /** Analyzers whose model could not load: the worker still runs, and every verdict says what was not checked. */
  failures: AnalyzerFailure[];
}

/** The API the worker exposes through comlink. */
export interface AnalysisWorkerApi {
  init(config: WorkerConfig): Promise<WorkerResult<WorkerReady>>;
  analyze(bytes: Uint8Array): Promise<WorkerResult<WorkerEvidence>>;
}
