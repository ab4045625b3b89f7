import type { AnalyzerConfig, ModelAnalyzerName } from '../analyzers/registry.js';
import type { SerializedError } from '../errors.js';
import type { Limits } from '../input/probe.js';
import type { BackendChoice, GuardDiagnostics } from '../options.js';
import type { AnalyzerFailure, Evidence } from '../verdict/types.js';
import type { FileProgress } from './model-fetch.js';

/** What the main thread tells the analysis worker once, at start. */
export interface WorkerConfig {
  /** Absolute URL ending in '/': every runtime file is fetched relative to it. */
  modelBaseUrl: string;
  backend: BackendChoice;
  /** Cache Storage name for model files (the library version in it), or null for no cache. */
  modelCache: string | null;
  /** Each analyzer's checked settings (config/resolve.ts); null: that analyzer is off, and none of its files are fetched. */
  analyzers: AnalyzerConfig;
  limits: Limits;
}

export type WorkerEvidence = Omit<Evidence, 'timings'> & { timings: Record<string, number> };

/** Errors cross the worker boundary as data, so their `code` survives (a thrown Error would lose it). */
export type WorkerResult<T> = { ok: true; value: T } | { ok: false; error: SerializedError };

export interface WorkerReady {
  /** Each loaded model, with what it runs on ('wasm', 'webgl', 'cpu') and how long it took to load. */
  models: { name: ModelAnalyzerName; backend: string; ms: number }[];
  /** Analyzers whose model could not load: the worker still runs, and every verdict says what was not checked. */
  failures: AnalyzerFailure[];
  /** The tfjs backend the models run on, or null when none loaded. */
  backend: string | null;
  /** The worker's own script URL: content-hashed in a build, so it names the analysis code (cache/key.ts). */
  scriptUrl: string;
}

/** The API the worker exposes through comlink. */
export interface AnalysisWorkerApi {
  /**
   * `onFileProgress` and `onModelSettled` are comlink proxies: bytes of each model file as it arrives (or comes from
   * the cache), and each model as it finished loading or failed to.
   */
  init(
    config: WorkerConfig,
    onFileProgress: (progress: FileProgress) => void,
    onModelSettled: (name: ModelAnalyzerName) => void,
  ): Promise<WorkerResult<WorkerReady>>;
  /** `hash`: the SHA-256 of `bytes` when the page already computed it (for the cache), so it is not done twice. */
  analyze(bytes: Uint8Array, hash?: string): Promise<WorkerResult<WorkerEvidence>>;
  diagnostics(): Promise<WorkerResult<GuardDiagnostics>>;
}
