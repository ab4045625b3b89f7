import { onOrOff } from '../../config/checks.js';
import type { AnalyzerSpec } from '../contract.js';

/** Sharpness, exposure, resolution and noise of the frame NSFW found worst: arithmetic on pixels, nothing to load. */
export const qualitySpec = {
  name: 'quality',
  model: null,
  files: [],
  tfjs: false,
  frames: 'decisive',
  resolve: (option: boolean | undefined, path: string): true | null => (onOrOff(option, path) ? true : null),
} as const satisfies AnalyzerSpec<'quality', never, true>;
