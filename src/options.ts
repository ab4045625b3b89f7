import type { AnalyzerName, AnalyzerOptions, ModelAnalyzerName } from './analyzers/registry.js';
import type { CacheOption } from './cache/options.js';
import type { ImageGuardError } from './errors.js';
import type { Limits } from './input/probe.js';
import type { PolicyInput } from './policy/types.js';
import type { Verdict } from './verdict/types.js';

/** tfjs backend for the models. 'auto' picks the fastest this device offers (see runtime/backend.ts). */
export type BackendChoice = 'auto' | 'wasm' | 'webgl' | 'cpu';

export type TfjsBackend = Exclude<BackendChoice, 'auto'>;

/** What the device offers the models, as the worker probed it (runtime/backend.ts). */
export interface DeviceFacts {
  /** A WebGPU adapter was granted. Reported only: tfjs' WebGPU backend is not bundled (docs/ARCHITECTURE.md). */
  webgpu: boolean;
  /** WebGL 2 on a real GPU, only software-rendered (SwiftShader, llvmpipe...), or none. */
  webgl: 'gpu' | 'software' | 'none';
  /** The WebGL renderer string, when the browser tells it. */
  renderer: string | null;
  wasm: boolean;
  wasmSimd: boolean;
  /** Threads need SharedArrayBuffer, which needs a cross-origin isolated page. */
  wasmThreads: boolean;
}

/** What `guard.diagnostics()` returns: the worker's state, for support pages, tests and leak hunting. */
export interface GuardDiagnostics {
  /** The tfjs backend the models run on (null when no tfjs model is on). */
  backend: string | null;
  /** The order backends were tried in, from `backend` and the device facts. */
  backendOrder: TfjsBackend[];
  device: DeviceFacts | null;
  /** tfjs.memory() in the worker: steady across images when nothing leaks. */
  tfMemory: { numTensors: number; numBytes: number; numDataBuffers: number };
  /** The worker's memory beyond tfjs' own count (workerMemory in runtime/worker.ts). */
  memory: WorkerMemory;
}

/**
 * What the analysis worker holds beyond tfjs' tensors, as far as the browser lets a page see it (no browser has
 * `performance.memory` in a worker). tesseract.js runs in a worker of its own, whose heap is not counted here.
 */
export interface WorkerMemory {
  /** The tfjs wasm backend's heap (it only grows): null when tfjs is not on wasm. */
  wasmHeapBytes: number | null;
}

export type { NsfwAnalyzerOptions } from './analyzers/nsfw/spec.js';
export type { ObjectsAnalyzerOptions } from './analyzers/objects/options.js';
export type { AnalyzerName, AnalyzerOptions, ModelAnalyzerName } from './analyzers/registry.js';

export interface GuardOptions {
  /**
   * Which analyzers run (analyzers/registry.ts): `nsfw`, `faces`, `objects` (or `{ maxLabels, minConfidence }`),
   * `text`, `quality`, and `nsfw` takes `{ model }`. Each is on unless set to false; one that is off loads
   * nothing and its `analysis.<name>` is null. Any other key is refused ('invalid_options').
   */
  analyzers?: AnalyzerOptions;
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
  /**
   * How long starting the guard may take, in ms (default 180 000): loading and warming every model, which on a first
   * visit downloads about 30 MB. Past it, `createImageGuard` rejects with 'timeout' and a message saying what was
   * still loading; so does a call that needs a fresh worker (after a timeout or a crash) whose start runs over.
   */
  initTimeoutMs?: number;
  /** How long a URL input may take to download, in ms (default 30 000); past it the call fails with 'timeout'. */
  fetchTimeoutMs?: number;
  /**
   * Whether a URL input is fetched with the page's cookies and HTTP authentication: `fetch`'s `credentials`.
   * Default 'omit': an image URL rarely needs them, and a URL someone else supplied must not get them.
   */
  fetchCredentials?: 'omit' | 'same-origin' | 'include';
  /**
   * The verdict cache in IndexedDB (on unless false): the evidence of an image already checked is reused, even
   * after a reload, so the same file under any policy is judged again without running a model. `name` is the
   * database (default 'image-guard-kit'), `maxEntries` how many images it keeps (default 500, least recently used
   * go first). Where IndexedDB or WebCrypto is unavailable the guard simply runs without it.
   */
  cache?: CacheOption;
  /**
   * Keep the model and wasm files in Cache Storage (named after the library version; older versions' caches are
   * deleted), so the next visit loads them from disk. Default true.
   */
  cacheModels?: boolean;
  /** Model loading (with bytes per file), per-call progress, and the outcome of each `callbackUrl` POST. */
  onProgress?: (progress: GuardProgress) => void;
}

/** Loading progress as a small typed union, in the manner of transformers.js. */
export type GuardProgress =
  | { phase: 'model-loading'; model: ModelAnalyzerName }
  | {
      phase: 'model-loading';
      /** 'backend': tfjs' wasm binary, which the tfjs models (NSFW, faces, objects) share. */
      model: ModelAnalyzerName | 'backend';
      /** The file's path under modelBaseUrl. */
      file: string;
      loadedBytes: number;
      /** null when the server sends no Content-Length. */
      totalBytes: number | null;
      /** Read from Cache Storage (a second visit), not the network. */
      fromCache: boolean;
    }
  | { phase: 'model-ready'; model: ModelAnalyzerName; backend: string; ms: number }
  | { phase: 'model-failed'; model: ModelAnalyzerName; message: string }
  | { phase: 'analyzing'; stage: 'decode' | AnalyzerName }
  /** A `callbackUrl` POST finished: `ok` when the server answered 2xx; `status` is null when no answer came. */
  | { phase: 'callback'; id: string; url: string; ok: boolean; status: number | null; message?: string };

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
  /**
   * When the call settles, its task (`{ id, status: 'completed', verdict }` or `{ id, status: 'failed', error }`)
   * is POSTed here as JSON. Any http(s) URL the page chooses, relative to the page. A callback that fails does not
   * fail the call: the guard's `onProgress` gets `{ phase: 'callback', ok: false, ... }`.
   */
  callbackUrl?: string;
  /**
   * true: `moderate` resolves at once with a task `{ id, status: 'pending' }`, and `guard.status(id)` follows it
   * through 'processing' to 'completed' (with the verdict) or 'failed' (with the error).
   */
  defer?: boolean;
}

/** One image of a batch: the input alone, or with its own `meta` and `actorId` (over the batch's). */
export type BatchEntry = ModerationInput | { input: ModerationInput; meta?: unknown; actorId?: string };

export interface BatchOptions extends Omit<ModerateOptions, 'defer'> {
  /**
   * How many images are in flight at once (default 2): while the worker analyses one, the next is read, hashed
   * and looked up in the cache. Analysis itself is one image at a time (one tfjs engine per guard).
   */
  concurrency?: number;
  /** Called as each image settles, in the order they finish. */
  onProgress?: (progress: BatchProgress) => void;
}

/** One result per input, in the inputs' order. A failed image is an item, never a failed batch. */
export type BatchItem = { status: 'ok'; verdict: Verdict } | { status: 'error'; error: ImageGuardError };

/** `done` of `total` have settled; `index` is the one that just did. */
export type BatchProgress = BatchItem & { index: number; done: number; total: number };

/** A deferred moderation (`defer: true`), as `guard.status(id)` reports it and `callbackUrl` receives it. */
export type ModerationTask =
  | { id: string; status: 'pending' | 'processing' }
  | { id: string; status: 'completed'; verdict: Verdict }
  | { id: string; status: 'failed'; error: ImageGuardError };

/** Everything `moderate` accepts. A string is a URL, a data URL, or bare base64 (as ContentMod accepts). */
export type ModerationInput = File | Blob | ArrayBuffer | Uint8Array | string;

export interface ImageGuard {
  moderate(input: ModerationInput, options?: ModerateOptions & { defer?: false }): Promise<Verdict>;
  moderate(input: ModerationInput, options: ModerateOptions & { defer: true }): Promise<ModerationTask>;
  moderate(input: ModerationInput, options?: ModerateOptions): Promise<Verdict | ModerationTask>;
  /**
   * Moderates every input and resolves to one item per input, in order. Rejects only for invalid options; each
   * image's failure (including 'aborted' when `signal` aborts before or while it is checked) is its item.
   */
  moderateBatch(inputs: readonly BatchEntry[], options?: BatchOptions): Promise<BatchItem[]>;
  /** The latest state of a deferred call; undefined for an id this guard never gave (or forgot: it keeps 1,000). */
  status(id: string): ModerationTask | undefined;
  /** Empties the verdict cache (every guard's entries in the same database). */
  clearCache(): Promise<void>;
  /**
   * The worker's backend, device facts and tfjs memory, read after the calls queued before it. Starts the worker
   * if needed; rejects with 'disposed' after dispose.
   */
  diagnostics(): Promise<GuardDiagnostics>;
  /** Frees the worker and its models. Safe to call twice; later calls to `moderate` reject with code 'disposed'. */
  dispose(): void;
  readonly disposed: boolean;
}
