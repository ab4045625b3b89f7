/**
 * The worker thread of one Node verifier (./isolate.ts): loads the models once, then analyses one file per message
 * and posts its evidence, or its error as {code, message}. The verdict is built by the verifier on its own thread.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { ImageGuardError } from '../errors.js';
import { analyzeImage, errorText } from '../runtime/pipeline.js';
import { runtimeAssets } from '../assets/npm.js';
import { runtimeFileFetch } from './asset-fetch.js';
import { decodeImage } from './decode.js';
import type { FromThread, ThreadSetup, ToThread } from './isolate.js';
import { loadNodeAnalyzers } from './load.js';

const port = parentPort;
if (!port) throw new Error('image-guard-kit: analysis-thread.js runs as the Node verifier\'s worker thread only.');
const post = (message: FromThread) => port.postMessage(message);

// The loaders' fetch, in this thread only: the package's runtime files from disk, nothing else from anywhere.
globalThis.fetch = runtimeFileFetch(runtimeAssets({ packed: false }));

try {
  const loaded = await loadNodeAnalyzers(workerData as ThreadSetup);
  port.on('message', async (message: ToThread) => {
    if (message.kind === 'dispose') {
      await loaded.dispose();
      post({ kind: 'disposed' });
      port.close();
      return;
    }
    try {
      const evidence = await analyzeImage(message.bytes, {
        limits: loaded.limits,
        knownHash: undefined,
        decode: decodeImage,
        analyzers: loaded.analyzers,
        failures: [...loaded.failures],
        backend: loaded.backend,
      });
      post({ kind: 'evidence', id: message.id, evidence });
    } catch (error) {
      const failure =
        error instanceof ImageGuardError
          ? error
          : new ImageGuardError('analysis_failed', `The image could not be analysed: ${errorText(error)}.`);
      post({ kind: 'error', id: message.id, error: failure.toJSON() });
    }
  });
  post({ kind: 'ready', backend: loaded.backend, failures: loaded.failures });
} catch (error) {
  const failure = error instanceof ImageGuardError ? error : new ImageGuardError('model_load_failed', errorText(error));
  post({ kind: 'load-failed', error: failure.toJSON() });
}
