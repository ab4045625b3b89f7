/**
 * image-guard-kit/node: the browser's screening, re-run on a server. The same analyzers, the same pipeline
 * (src/runtime/pipeline.ts) and the same policy code produce the same Verdict type; only decoding (sharp) and
 * resizing (./resize.ts, Chromium's resampling) are Node's own. A server re-checks an upload instead of trusting
 * the verdict the client sent with it (docs/SECURITY.md).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFile, stat } from 'node:fs/promises';
import * as tf from '@tensorflow/tfjs';
import { analyzerSpecs, TFJS_WASM_FOLDER, type AnalyzerOptions } from '../analyzers/registry.js';
import { locateOnDisk, nodeFileOnDisk, runtimeAssets } from '../assets/npm.js';
import { resolveVerifierOptions } from '../config/resolve.js';
import { ImageGuardError } from '../errors.js';
import { checkBytes, type Limits } from '../input/probe.js';
import { resolvePolicy } from '../policy/resolve.js';
import type { Policy, PolicyInput } from '../policy/types.js';
import { selectBackend } from '../runtime/backend.js';
import { analyzeImage, disposeAnalyzers, errorText, loadAnalyzers, type LoadedAnalyzers } from '../runtime/pipeline.js';
import { finishVerdict } from '../verdict/finish.js';
import type { AnalyzerFailure, Verdict } from '../verdict/types.js';
import { decodeImage } from './decode.js';
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
  /** As in the browser: maxBytes (50 MB), maxPixels (50 megapixels), maxFrames (8). */
  limits?: Partial<Limits>;
}

export interface VerifyOptions {
  /** This call's policy instead of the verifier's. */
  policy?: PolicyInput;
  /** Echoed into `verdict.meta`. */
  meta?: unknown;
  /** Recorded in `verdict.analysis.actorId`. */
  actorId?: string;
}

export interface Verifier {
  /** The tfjs backend the models run on, or null when no tfjs model is on. */
  readonly backend: string | null;
  /** Analyzers whose model could not load; every verdict records them and the policy's onModelError decides. */
  readonly failures: readonly AnalyzerFailure[];
  /** The verdict for a file's bytes. Rejects with an ImageGuardError (its `code` says why). */
  verify(bytes: Uint8Array | ArrayBuffer, options?: VerifyOptions): Promise<Verdict>;
  /** The verdict for a file on disk. */
  verifyFile(path: string, options?: VerifyOptions): Promise<Verdict>;
  /** Ends tesseract's worker and the model file server, and frees the models, so the process can exit. */
  dispose(): Promise<void>;
}

/**
 * Loads the enabled models (about 2-4 s) and returns a verifier that checks one image at a time. The model files
 * are the package's own, served from a server on 127.0.0.1 that only this process uses (the loaders fetch them
 * over http, as in the browser); tesseract's language file is read from disk. Nothing is fetched from elsewhere.
 */
export async function createVerifier(options: VerifierOptions = {}): Promise<Verifier> {
  const { analyzers, policy, limits, backend } = resolveVerifierOptions(options);
  // Before any model loads: without sharp (an optional peer) no image could be decoded.
  loadSharp();
  const server = await serveRuntimeFiles();
  try {
    // Threads would need the browser's cross-origin isolation, which pages do not have: the SIMD binary, as there.
    tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
    const selecting = selectBackend(backend, locateOnDisk(TFJS_WASM_FOLDER));
    selecting.catch(() => undefined);
    // Every loader fetches over http, as in the browser, but where Node runs a file of its own (tesseract's worker).
    const locate = (path: string) => nodeFileOnDisk(path) ?? server.baseUrl + path;
    const loaded = await loadAnalyzers(analyzers, { locate, tfjsBackend: selecting.then((chosen) => chosen.name) }, server.baseUrl);
    const tfjsUsed = analyzerSpecs.some((spec) => spec.tfjs && loaded.analyzers[spec.name]);
    const backendName = tfjsUsed ? (await selecting).name : null;
    return new NodeVerifier(loaded.analyzers, loaded.failures, backendName, policy, limits, server);
  } catch (error) {
    await server.close();
    throw error;
  }
}

class NodeVerifier implements Verifier {
  #analyzers: LoadedAnalyzers;
  #policy: Policy;
  #limits: Limits;
  #server: RuntimeFileServer;
  /** One image at a time: the models share one tfjs engine. */
  #queue: Promise<unknown> = Promise.resolve();
  #disposed = false;
  readonly failures: readonly AnalyzerFailure[];
  readonly backend: string | null;

  constructor(
    analyzers: LoadedAnalyzers,
    failures: AnalyzerFailure[],
    backend: string | null,
    policy: Policy,
    limits: Limits,
    server: RuntimeFileServer,
  ) {
    this.#analyzers = analyzers;
    this.failures = failures;
    this.backend = backend;
    this.#policy = policy;
    this.#limits = limits;
    this.#server = server;
  }

  verify(input: Uint8Array | ArrayBuffer, options: VerifyOptions = {}): Promise<Verdict> {
    if (this.#disposed) return Promise.reject(new ImageGuardError('disposed', 'This verifier was disposed; create a new one.'));
    let policy: Policy;
    try {
      policy = options.policy === undefined ? this.#policy : resolvePolicy(options.policy);
    } catch (error) {
      return Promise.reject(error);
    }
    const bytes = input instanceof ArrayBuffer ? new Uint8Array(input) : input;
    const run = this.#queue.then(async () => {
      const started = performance.now();
      try {
        const evidence = await analyzeImage(bytes, {
          limits: this.#limits,
          knownHash: undefined,
          decode: decodeImage,
          analyzers: this.#analyzers,
          failures: [...this.failures],
          backend: this.backend,
        });
        return finishVerdict(evidence, policy, { meta: options.meta, actorId: options.actorId }, performance.now() - started, false);
      } catch (error) {
        if (error instanceof ImageGuardError) throw error;
        throw new ImageGuardError('analysis_failed', `The image could not be analysed: ${errorText(error)}.`, { cause: error });
      }
    });
    this.#queue = run.catch(() => undefined);
    return run;
  }

  async verifyFile(path: string, options?: VerifyOptions): Promise<Verdict> {
    let bytes: Uint8Array;
    try {
      // Refused by its size before it is read, as a File is in the browser.
      checkBytes((await stat(path)).size, this.#limits);
      bytes = await readFile(path);
    } catch (cause) {
      if (cause instanceof ImageGuardError) throw cause;
      throw new ImageGuardError('invalid_input', `Could not read ${path}: ${errorText(cause)}.`, { cause });
    }
    return this.verify(bytes, options);
  }

  async dispose(): Promise<void> {
    if (this.#disposed) return;
    this.#disposed = true;
    await this.#queue;
    await Promise.all([disposeAnalyzers(this.#analyzers), this.#server.close()]);
  }
}

interface RuntimeFileServer {
  /** http://127.0.0.1:<port>/ */
  baseUrl: string;
  close(): Promise<void>;
}

/** The files the Vite plugin serves to the browser (runtimeAssets), served the same way on 127.0.0.1. */
async function serveRuntimeFiles(): Promise<RuntimeFileServer> {
  const assets = new Map(runtimeAssets().map((asset) => [asset.path, asset]));
  const server: Server = createServer((request, response) => {
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://127.0.0.1').pathname.slice(1));
    const asset = assets.get(path);
    if (!asset || (request.method !== 'GET' && request.method !== 'HEAD')) return void response.writeHead(404).end();
    const body = asset.read();
    response.writeHead(200, { 'Content-Type': asset.contentType, 'Content-Length': body.length });
    response.end(request.method === 'HEAD' ? undefined : body);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
