import type { Loader } from '../contract.js';
import type { TextEvidence } from '../../verdict/types.js';
import { ocrSize } from './size.js';
import { tesseractPaths } from './spec.js';

/**
 * tesseract.js, at the size OCR reads best, with transparency kept (preprocess.toGray decides what background makes
 * the ink readable). The OCR code is imported only when text is on: tesseract.js and the screening libraries stay
 * unloaded otherwise.
 */
export const loadText: Loader<true, TextEvidence> = async (_settings, env) => {
  const { createTextAnalyzer } = await import('./index.js');
  const model = await createTextAnalyzer({
    workerPath: env.locate(tesseractPaths.worker),
    corePath: env.locate(tesseractPaths.coreFolder),
    langPath: env.locate(tesseractPaths.langFolder),
  });
  return {
    input: { size: ocrSize, sampling: 'smooth', background: 'transparent' },
    backend: 'wasm',
    analyze: async (pixels) => ({ evidence: await model.analyze(pixels) }),
    dispose: () => model.dispose(),
  };
};
