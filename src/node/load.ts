/**
 * Loading the analyzers in the Node verifier's analysis thread (./analysis-thread.ts): the same loaders as the
 * browser's worker (src/runtime/pipeline.ts), fed the package's own files by ./asset-fetch.ts; tesseract.js runs
 * its worker_threads script with its core and language files read from their packages.
 */
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import type { Limits } from '../input/probe.js';
import { analyzerConfig } from '../runtime/analyzer-config.js';
import { selectBackend } from '../runtime/backend.js';
import { loadAnalyzers, type LoadedAnalyzers } from '../runtime/pipeline.js';
import type { WorkerConfig } from '../runtime/protocol.js';
import type { AnalyzerFailure } from '../verdict/types.js';
import { packageRoot } from '../vite/assets.js';
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

export async function loadNodeAnalyzers(setup: ThreadSetup): Promise<NodeAnalyzers> {
  const tesseract = packageRoot('tesseract.js');
  const config: Pick<WorkerConfig, 'modelBaseUrl' | 'analyzers'> = {
    modelBaseUrl: RUNTIME_BASE_URL,
    // tesseract.js in Node: its worker_threads script, and the core and language files from their packages.
    analyzers: analyzerConfig(setup.analyzers, {
      workerPath: join(tesseract, 'src/worker-script/node/index.js'),
      corePath: packageRoot('tesseract.js-core', tesseract),
      langPath: join(packageRoot('@tesseract.js-data/eng'), '4.0.0_best_int'),
    }),
  };
  // Threads would need the browser's cross-origin isolation, which pages do not have: the SIMD binary, as there.
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  const wasmFolder = join(packageRoot('@tensorflow/tfjs-backend-wasm'), 'dist') + '/';
  const selecting = selectBackend(setup.backend, wasmFolder);
  selecting.catch(() => undefined);
  const loaded = await loadAnalyzers(config, selecting.then((chosen) => chosen.name));
  const { nsfw, faces, objects, text } = loaded.analyzers;
  const tfjsUsed = nsfw ?? faces ?? objects;
  return {
    analyzers: loaded.analyzers,
    failures: loaded.failures,
    backend: tfjsUsed ? (await selecting).name : null,
    limits: setup.limits,
    async dispose() {
      for (const analyzer of [nsfw, faces, objects]) analyzer?.dispose();
      await text?.dispose();
    },
  };
}
