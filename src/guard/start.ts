import { version } from '../../package.json';
import { evidenceFingerprint } from '../cache/key.js';
import { ImageGuardError } from '../errors.js';
import { analyzerOfFile, analyzerSpecs, type ModelAnalyzerName } from '../analyzers/registry.js';
import type { GuardProgress } from '../options.js';
import type { FileProgress } from '../runtime/model-fetch.js';
import type { WorkerConfig } from '../runtime/protocol.js';
import type { Connection } from './connection.js';

/**
 * Readies a fresh worker: the worker loads and warms the enabled models, reporting each file's
 * bytes, within `initTimeoutMs` overall. One overall limit, not one per model: the models load side by side, and
 * what the page waits for is the guard. Past the limit the worker is ended and the caller gets a 'timeout' that
 * says what was still loading.
 */
export async function startConnection(
  connection: Connection,
  config: WorkerConfig,
  initTimeoutMs: number,
  onProgress: ((progress: GuardProgress) => void) | undefined,
): Promise<Connection> {
  const models = enabledModels(config);
  for (const model of models) onProgress?.({ phase: 'model-loading', model });
  const files = new Map<string, FileProgress>();
  const settled = new Set<ModelAnalyzerName>();
  const onFileProgress = (file: FileProgress) => {
    files.set(file.file, file);
    onProgress?.({ phase: 'model-loading', model: analyzerOfFile(file.file), ...file });
  };
  try {
    const onModelSettled = (model: ModelAnalyzerName) => void settled.add(model);
    const ready = await connection.call((api) => api.init(config, onFileProgress, onModelSettled), {
      ms: initTimeoutMs,
      message: () => describeStalledStart(models.filter((model) => !settled.has(model)), [...files.values()], initTimeoutMs),
    });
    connection.fingerprint = evidenceFingerprint({
      library: version,
      worker: ready.scriptUrl,
      backend: ready.backend,
      analyzers: config.analyzers,
      limits: config.limits,
    });
    for (const model of ready.models) {
      onProgress?.({ phase: 'model-ready', model: model.name, backend: model.backend, ms: model.ms });
    }
    for (const failure of ready.failures) {
      onProgress?.({ phase: 'model-failed', model: failure.analyzer, message: failure.message });
    }
    return connection;
  } catch (error) {
    connection.close(new ImageGuardError('analysis_failed', 'The analysis worker did not start.'));
    throw error;
  }
}

/** The analyzers that are on and load a model, in the registry's order. */
function enabledModels(config: WorkerConfig): ModelAnalyzerName[] {
  return analyzerSpecs
    .filter((spec) => spec.model !== null && config.analyzers[spec.name] !== null)
    .map((spec) => spec.name as ModelAnalyzerName);
}

/** The 'timeout' message of a start that ran out of time: the models not loaded yet, and files still arriving. */
export function describeStalledStart(pending: readonly ModelAnalyzerName[], files: readonly FileProgress[], limitMs: number): string {
  const arriving = files.filter((file) => !file.fromCache && (file.totalBytes === null || file.loadedBytes < file.totalBytes));
  const waiting =
    pending.length > 0
      ? `${pending.join(', ')} ${pending.length === 1 ? 'was' : 'were'} still loading`
      : 'every model had loaded, but the worker had not finished (its last step writes the model files to Cache Storage)';
  const downloads = arriving.length > 0 ? `; still downloading ${arriving.map((file) => `${file.file} (${fileSize(file)})`).join(', ')}` : '';
  return `Starting the guard took longer than ${seconds(limitMs)} (initTimeoutMs), so it was stopped: ${waiting}${downloads}.`;
}

function fileSize(file: FileProgress): string {
  const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;
  return file.totalBytes === null ? `${mb(file.loadedBytes)} so far` : `${mb(file.loadedBytes)} of ${mb(file.totalBytes)}`;
}

export function seconds(ms: number): string {
  return ms < 1_000 ? `${ms} ms` : `${Math.round(ms / 100) / 10} s`;
}
