import type { AnalyzerSpec, RuntimeFile } from '../contract.js';
import { resolveObjectsOptions, type ObjectsAnalyzerOptions } from './options.js';
import type { ObjectSelection } from './select.js';

/** @vladmandic/human's CenterNet; model.json names its weights file, centernet.bin, beside it. */
export const OBJECTS_MODEL_PATH = 'human/centernet.json';

/** Only the model files of @vladmandic/human are served (or bundled). */
const files: RuntimeFile[] = [
  { path: OBJECTS_MODEL_PATH, contentType: 'application/json', npm: { package: '@vladmandic/human', file: 'models/centernet.json' } },
  { path: 'human/centernet.bin', contentType: 'application/octet-stream', npm: { package: '@vladmandic/human', file: 'models/centernet.bin' } },
];

/** COCO objects (80 classes), on the frame NSFW found worst. */
export const objectsSpec = {
  name: 'objects',
  model: 'The object model (CenterNet)',
  files,
  tfjs: true,
  frames: 'decisive',
  resolve: (option: boolean | ObjectsAnalyzerOptions | undefined, path: string): ObjectSelection | null =>
    resolveObjectsOptions(option, path),
} as const satisfies AnalyzerSpec<'objects', ObjectsAnalyzerOptions, ObjectSelection>;
