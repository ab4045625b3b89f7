/**
 * Loading the analyzers in the Node verifier's analysis thread (./analysis-thread.ts): the same loaders as the
 * browser's worker (src/runtime/pipeline.ts, over the analyzer registry), fed the package's own files by
 * ./asset-fetch.ts; where Node runs a file of its own (tesseract's worker_threads script), its path on disk.
 */
import * as tf from '@tensorflow/tfjs';
import { analyzerSpecs, TFJS_WASM_FOLDER } from '../analyzers/registry.js';
import { tesseractPaths } from '../analyzers/text/spec.js';
import { locateOnDisk, nodeFileOnDisk } from '../assets/npm.js';
import type { Limits } from '../input/probe.js';
import { selectBackend } from '../runtime/backend.js';
import { disposeAnalyzers, loadAnalyzers, type LoadedAnalyzers } from '../runtime/pipeline.js';
import type { AnalyzerFailure } from '../verdict/types.js';
import { RUNTIME_BASE_URL } from './asset-fetch.js';
import type { ThreadSetup } from './isolate.js';

export interface NodeAnalyzers {
  analyzers: LoadedAnalyzers;
  failures: AnalyzerFailure[];
  /** The tfjs backend the models run on, or null when no tfjs model is on. */
  backend: string | null;
  limits: Limits;
  /** Ends tesseract's worker and frees the models. */
  dispose(): Promise<void>;
}

/**
 * Folders tesseract.js reads from its own worker thread, where this thread's fetch does not reach: they are given
 * as folders on disk, which its Node worker reads directly.
 */
const READ_IN_OWN_THREAD: readonly string[] = [tesseractPaths.coreFolder, tesseractPaths.langFolder];

export async function loadNodeAnalyzers(setup: ThreadSetup): Promise<NodeAnalyzers> {
  // Threads would need the browser's cross-origin isolation, which pages do not have: the SIMD binary, as there.
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  const selecting = selectBackend(setup.backend, locateOnDisk(TFJS_WASM_FOLDER));
  selecting.catch(() => undefined);
  const locate = (path: string) =>
    nodeFileOnDisk(path) ?? (READ_IN_OWN_THREAD.includes(path) ? locateOnDisk(path) : RUNTIME_BASE_URL + path);
  const loaded = await loadAnalyzers(
    setup.analyzers,
    { locate, tfjsBackend: selecting.then((chosen) => chosen.name) },
    "the package's files on disk",
  );
  const tfjsUsed = analyzerSpecs.some((spec) => spec.tfjs && loaded.analyzers[spec.name]);
  return {
    analyzers: loaded.analyzers,
    failures: loaded.failures,
    backend: tfjsUsed ? (await selecting).name : null,
    limits: setup.limits,
    dispose: () => disposeAnalyzers(loaded.analyzers),
  };
}
