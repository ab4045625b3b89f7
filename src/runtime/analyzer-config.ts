import { DEFAULT_MAX_PASSES } from '../analyzers/nsfw/regions.js';
import { resolveObjectsOptions } from '../analyzers/objects/options.js';
import type { GuardOptions, NsfwAnalyzerOptions } from '../options.js';
import type { TextAnalyzerConfig, WorkerConfig } from './protocol.js';

/**
 * Which analyzers run, from the caller's options: each is on unless set to false. Shared by the browser guard and
 * the Node verifier, so the same options switch on the same analysis; only where tesseract's files are differs.
 */
export function analyzerConfig(options: GuardOptions['analyzers'], text: TextAnalyzerConfig): WorkerConfig['analyzers'] {
  return {
    nsfw: nsfwConfig(options?.nsfw),
    faces: options?.faces !== false,
    text: options?.text === false ? null : text,
    objects: resolveObjectsOptions(options?.objects),
    quality: options?.quality !== false,
  };
}

function nsfwConfig(option: boolean | NsfwAnalyzerOptions | undefined): WorkerConfig['analyzers']['nsfw'] {
  if (option === false) return null;
  return {
    model: (typeof option === 'object' && option.model) || 'mobilenet_v2',
    maxPasses: (typeof option === 'object' && option.maxPasses) || DEFAULT_MAX_PASSES,
  };
}
