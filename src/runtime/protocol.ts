import type { SerializedError } from '../errors.js';
import type { AnalyzerName, BackendChoice } from '../options.js';
import type { Evidence } from '../verdict/types.js';

/** What the main thread tells the analysis worker once, at start. */
export interface WorkerConfig {
  /** Absolute URL ending in '/': every runtime file is fetched relative to it. */
  modelBaseUrl: string;
  backend: BackendChoice;
  analyzers: { nsfw: { model: 'mobilenet_v2' } | null; faces: boolean };
}

export type WorkerEvidence = Omit<Evidence, 'timings' | 'text'> & { timings: Record<string, number> };

/** Errors cross the worker boundary as data, so their `code` survives (a thrown Error would lose it). */
export type WorkerResult<T> = { ok: true; value: T } | { ok: false; error: SerializedError };

export interface WorkerReady {
  backend: string;
  models: { name: AnalyzerName; ms: number }[];
}

/** The API the worker exposes through comlink. */
export interface AnalysisWorkerApi {
  init(config: WorkerConfig): Promise<WorkerResult<WorkerReady>>;
  analyze(bytes: Uint8Array): Promise<WorkerResult<WorkerEvidence>>;
}
