/**
 * image-guard-kit/node: the browser's screening, re-run on a server. The same analyzers, the same pipeline
 * (src/runtime/pipeline.ts) and the same policy code produce the same Verdict type; only decoding (sharp) and
 * resizing (./resize.ts, Chromium's resampling) are Node's own. A server re-checks an upload instead of trusting
 * the verdict the client sent with it (docs/SECURITY.md).
 */
import type { AnalyzerOptions } from '../analyzers/registry.js';
import { checkTimeoutMs, resolveVerifierOptions } from '../config/resolve.js';
import { abortError, ImageGuardError } from '../errors.js';
import type { Limits } from '../input/probe.js';
import { resolvePolicy } from '../policy/resolve.js';
import type { Policy, PolicyInput } from '../policy/types.js';
import { finishVerdict } from '../verdict/finish.js';
import type { AnalyzerFailure, Verdict } from '../verdict/types.js';
import { AnalysisThread, type ThreadSetup } from './isolate.js';
import { readUploadFile } from './read-file.js';
import { loadSharp } from './sharp.js';

export { ImageGuardError, isImageGuardError } from '../errors.js';
export type { ImageGuardErrorCode } from '../errors.js';
export type { PolicyInput, PolicyPresetName } from '../policy/types.js';
export type { Verdict } from '../verdict/types.js';

export interface VerifierOptions {
  /** Which analyzers run, as in the browser's createImageGuard: each is on unless set to false. */
  analyzers?: AnalyzerOptions;
  /** The default policy: a preset name or a partial policy (docs/POLICY.md). Default 'balanced'. */
  policy?: PolicyInput;
  /**
   * tfjs backend: 'wasm' (the default, and what browsers without a GPU use, so scores match theirs) or 'cpu'
   * (plain JavaScript, several times slower). 'auto' is 'wasm', falling back to 'cpu'.
   */
  backend?: 'auto' | 'wasm' | 'cpu';
  /** As in the browser: maxBytes (50 MB), maxPixels (50 megapixels), maxFrames (8), maxDecodedPixels (500 MP). */
  limits?: Partial<Limits>;
  /**
   * How long one file may take to check, in ms (default 20 000, a third of the browser's 60 000: a server shares
   * its time between uploads). A file that runs over is stopped with code 'timeout' and the analysis thread is
   * replaced, so the files after it are checked as usual.
   */
  timeoutMs?: number;
  /**
   * By default createVerifier rejects with 'model_load_failed' when any enabled analyzer cannot load, since no file
   * would then be fully checked. true: it resolves anyway, `failures` lists what is missing, and every verdict
   * records it in `analysis.errors` (the policy's onModelError decides what that means).
   */
  allowLoadFailures?: boolean;
}

export interface VerifyOptions {
  /** This call's policy instead of the verifier's. */
  policy?: PolicyInput;
  /** Echoed into `verdict.meta`. */
  meta?: unknown;
  /** Recorded in `verdict.analysis.actorId`. */
  actorId?: string;
  /** Stops this file's check: the call rejects with 'aborted' and the analysis thread is replaced. */
  signal?: AbortSignal;
  /** The verifier's `timeoutMs` for this file only. */
  timeoutMs?: number;
}

export interface Verifier {
  /** The tfjs backend the models run on, or null when no tfjs model is on. */
  readonly backend: string | null;
  /**
   * Analyzers whose model could not load (empty unless `allowLoadFailures`); every verdict records them and the
   * policy's onModelError decides.
   */
  readonly failures: readonly AnalyzerFailure[];
  /** The verdict for a file's bytes. Rejects with an ImageGuardError (its `code` says why). */
  verify(bytes: Uint8Array | ArrayBuffer, options?: VerifyOptions): Promise<Verdict>;
  /**
   * The verdict for a file on disk: a regular file only (a symbolic link, FIFO or device is refused with
   * 'invalid_input'), read with a bound (at most `maxBytes` + 1 bytes).
   */
  verifyFile(path: string, options?: VerifyOptions): Promise<Verdict>;
  /** Ends the analysis thread (tesseract's with it) and frees the models, so the process can exit. */
  dispose(): Promise<void>;
}

const THREAD_SCRIPT = new URL('./analysis-thread.js', import.meta.url);

/**
 * Loads the enabled models (about 2-4 s) in a worker thread and returns a verifier that checks one image at a
 * time there. The model files are the package's own, read from disk (no server, no socket); nothing is fetched
 * from anywhere. Rejects with 'model_load_failed' when an analyzer cannot load, unless `allowLoadFailures`.
 */
export async function createVerifier(options: VerifierOptions = {}): Promise<Verifier> {
  const { analyzers, policy, limits, backend, timeoutMs, allowLoadFailures } = resolveVerifierOptions(options);
  // Before any model loads: without sharp (an optional peer) no image could be decoded.
  loadSharp();
  const setup: ThreadSetup = { analyzers, backend, limits };
  const thread = await AnalysisThread.start(THREAD_SCRIPT, setup);
  if (thread.failures.length > 0 && !allowLoadFailures) {
    await thread.dispose();
    throw new ImageGuardError(
      'model_load_failed',
      `Not every analyzer could load, so no file would be fully checked: ${thread.failures.map((f) => f.message).join(' ')} ` +
        '(allowLoadFailures: true verifies without them.)',
    );
  }
  return new NodeVerifier(thread, setup, policy, limits, timeoutMs);
}

class NodeVerifier implements Verifier {
  /** The analysis thread, or the one starting after the last was stopped. */
  #thread: Promise<AnalysisThread>;
  #setup: ThreadSetup;
  #policy: Policy;
  #limits: Limits;
  #timeoutMs: number;
  /** One image at a time: the models share one tfjs engine. */
  #queue: Promise<unknown> = Promise.resolve();
  #disposed = false;
  #latest: AnalysisThread;

  constructor(thread: AnalysisThread, setup: ThreadSetup, policy: Policy, limits: Limits, timeoutMs: number) {
    this.#thread = Promise.resolve(thread);
    this.#latest = thread;
    this.#setup = setup;
    this.#policy = policy;
    this.#limits = limits;
    this.#timeoutMs = timeoutMs;
  }

  get backend(): string | null {
    return this.#latest.backend;
  }

  get failures(): readonly AnalyzerFailure[] {
    return this.#latest.failures;
  }

  verify(input: Uint8Array | ArrayBuffer, options: VerifyOptions = {}): Promise<Verdict> {
    if (this.#disposed) return Promise.reject(new ImageGuardError('disposed', 'This verifier was disposed; create a new one.'));
    let policy: Policy;
    let timeoutMs: number;
    try {
      policy = options.policy === undefined ? this.#policy : resolvePolicy(options.policy);
      timeoutMs = options.timeoutMs === undefined ? this.#timeoutMs : checkTimeoutMs(options.timeoutMs, 'timeoutMs');
    } catch (error) {
      return Promise.reject(error);
    }
    const bytes = input instanceof ArrayBuffer ? new Uint8Array(input) : input;
    const run = this.#queue.then(async () => {
      if (options.signal?.aborted) throw abortError();
      const thread = await this.#thread.catch((error: unknown) => {
        // A thread that could not start again fails this file; the next one tries again.
        if (!this.#disposed) this.#restart();
        throw error;
      });
      const started = performance.now();
      try {
        const evidence = await thread.analyze(bytes, timeoutMs, options.signal);
        return finishVerdict(evidence, policy, { meta: options.meta, actorId: options.actorId }, performance.now() - started, false);
      } finally {
        // Stopped (time, abort) or dead: a fresh thread for the next file, loading while the caller moves on.
        if (!thread.alive && !this.#disposed) this.#restart();
      }
    });
    this.#queue = run.catch(() => undefined);
    return run;
  }

  async verifyFile(path: string, options?: VerifyOptions): Promise<Verdict> {
    return this.verify(await readUploadFile(path, this.#limits.maxBytes), options);
  }

  async dispose(): Promise<void> {
    if (this.#disposed) return;
    this.#disposed = true;
    await this.#queue;
    const thread = await this.#thread.catch(() => null);
    await thread?.dispose();
  }

  #restart(): void {
    this.#thread = AnalysisThread.start(THREAD_SCRIPT, this.#setup);
    this.#thread.then(
      (thread) => (this.#latest = thread),
      () => undefined,
    );
  }
}
