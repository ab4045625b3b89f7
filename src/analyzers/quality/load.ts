import { fitInput, type Loader } from '../contract.js';
import type { QualityEvidence } from '../../verdict/types.js';
import { measureQuality, QUALITY_MAX_SIDE } from './index.js';

/** Nothing to load: quality is measured on a grey copy at most QUALITY_MAX_SIDE, smoothly shrunk. */
export const loadQuality: Loader<true, QualityEvidence> = async () => ({
  input: fitInput(QUALITY_MAX_SIDE, 'smooth'),
  // Resolution is judged from the frame's own size, not the shrunk copy's.
  analyze: async (pixels, frame) => ({ evidence: measureQuality(pixels, frame.width, frame.height) }),
  dispose: () => undefined,
});
