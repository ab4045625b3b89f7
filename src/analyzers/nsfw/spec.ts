import { invalidOption, onOrSettings, show } from '../../config/checks.js';
import type { AnalyzerSpec, RuntimeFile } from '../contract.js';

export interface NsfwAnalyzerOptions {
  /** Which nsfwjs model to use. Only MobileNetV2 (224x224, 2.6 MB) is served today. */
  model?: 'mobilenet_v2';
}

export interface NsfwSettings {
  model: 'mobilenet_v2';
}

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

/** nsfwjs on every sampled frame: the worst frame decides, and the other analyzers look at that one. */
export const nsfwSpec = {
  name: 'nsfw',
  model: 'The NSFW model',
  files,
  tfjs: true,
  frames: 'every',
  resolve(option: boolean | NsfwAnalyzerOptions | undefined, path: string): NsfwSettings | null {
    const settings = onOrSettings(option, path, ['model']);
    if (!settings) return null;
    const model = settings.model ?? 'mobilenet_v2';
    if (!MODELS.includes(model as NsfwSettings['model'])) {
      throw invalidOption(`${path}.model must be ${MODELS.map((name) => `'${name}'`).join(' or ')}, got ${show(model)}`);
    }
    return { model: model as NsfwSettings['model'] };
  },
} as const satisfies AnalyzerSpec<'nsfw', NsfwAnalyzerOptions, NsfwSettings>;
