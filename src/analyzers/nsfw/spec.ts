import { invalidOption, onOrSettings, show } from '../../config/checks.js';
import type { AnalyzerSpec, RuntimeFile } from '../contract.js';
import { DEFAULT_MAX_PASSES, DEFAULT_TURNS } from './regions.js';

export interface NsfwAnalyzerOptions {
  /** Which nsfwjs model to use. Only MobileNetV2 (224x224, 2.6 MB) is served today. */
  model?: 'mobilenet_v2';
  /**
   * Model passes per frame at most, the whole-frame pass included: the regions (a bordered or framed picture,
   * collage cells, squares along a long strip) and turns the layout gives a reason for. 1 looks at the whole frame
   * only. Default 4 (regions.ts, DEFAULT_MAX_PASSES).
   */
  maxPasses?: number;
  /**
   * Also try half and quarter turns of the likeliest look when its score is doubtful (0.15-0.75) and no look
   * counted, within `maxPasses`. Default true (regions.ts, DEFAULT_TURNS; docs/POLICY.md).
   */
  turns?: boolean;
}

export interface NsfwSettings {
  model: 'mobilenet_v2';
  maxPasses: number;
  turns: boolean;
}

/** More would only cost: a 3x3 collage's nine cells and the whole frame. */
const MAX_PASSES_LIMIT = 10;

const MODELS = ['mobilenet_v2'] as const;

/** nsfwjs' model as the loader fetches it: model.json names its one weights shard beside it. */
export const nsfwModelPath = (model: NsfwSettings['model']) => `nsfwjs/${model}/model.json`;

/** nsfwjs ships the model as base64 UMD scripts; they are served decoded, so no bundle ever carries the model. */
const files: RuntimeFile[] = MODELS.flatMap((model) => [
  {
    path: nsfwModelPath(model),
    contentType: 'application/json',
    npm: { package: 'nsfwjs', file: `dist/models/${model}/model.min.js`, decode: 'umd-json' },
  },
  {
    path: `nsfwjs/${model}/group1-shard1of1`,
    contentType: 'application/octet-stream',
    npm: { package: 'nsfwjs', file: `dist/models/${model}/group1-shard1of1.min.js`, decode: 'umd-base64' },
  },
]);

/**
 * nsfwjs on every sampled frame: the worst frame decides, and the other analyzers look at that one; then a second
 * look at the people objects and faces found there, small in the frame (regions.ts, `lookAgain`).
 */
export const nsfwSpec = {
  name: 'nsfw',
  model: 'The NSFW model',
  files,
  tfjs: true,
  frames: 'every',
  looksAgainWith: ['objects', 'faces'],
  resolve(option: boolean | NsfwAnalyzerOptions | undefined, path: string): NsfwSettings | null {
    const settings = onOrSettings(option, path, ['model', 'maxPasses', 'turns']);
    if (!settings) return null;
    const model = settings.model ?? 'mobilenet_v2';
    if (!MODELS.includes(model as NsfwSettings['model'])) {
      throw invalidOption(`${path}.model must be ${MODELS.map((name) => `'${name}'`).join(' or ')}, got ${show(model)}`);
    }
    const maxPasses = settings.maxPasses ?? DEFAULT_MAX_PASSES;
    if (typeof maxPasses !== 'number' || !Number.isInteger(maxPasses) || maxPasses < 1 || maxPasses > MAX_PASSES_LIMIT) {
      throw invalidOption(`${path}.maxPasses must be a whole number from 1 to ${MAX_PASSES_LIMIT}, got ${show(maxPasses)}`);
    }
    const turns = settings.turns ?? DEFAULT_TURNS;
    if (typeof turns !== 'boolean') throw invalidOption(`${path}.turns must be true or false, got ${show(turns)}`);
    return { model: model as NsfwSettings['model'], maxPasses, turns };
  },
} as const satisfies AnalyzerSpec<'nsfw', NsfwAnalyzerOptions, NsfwSettings>;
