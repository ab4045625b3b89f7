import type { Loader } from '../contract.js';
import type { TextEvidence } from '../../verdict/types.js';
import { fitWithin } from '../../input/pixels.js';
import { DETECT_SIDE } from './detect.js';
import { tesseractPaths } from './spec.js';

/**
 * tesseract.js behind a text detector: the analyzer's input is the small copy the detector reads (transparency kept:
 * preprocess.toGray decides what background makes the ink readable); lines and the whole image are cut from the
 * frame at the sizes OCR reads best only when the detector finds text. The OCR code is imported only when text is
 * on: tesseract.js and the screening libraries stay unloaded otherwise.
 */
export const loadText: Loader<true, TextEvidence> = async (_settings, env) => {
  const { createTextAnalyzer } = await import('./index.js');
  const model = await createTextAnalyzer({
    workerPath: env.locate(tesseractPaths.worker),
    corePath: env.locate(tesseractPaths.coreFolder),
    langPath: env.locate(tesseractPaths.langFolder),
  });
  return {
    input: { size: (width, height) => fitWithin(width, height, DETECT_SIDE), sampling: 'smooth', background: 'transparent' },
    backend: 'wasm',
    analyze: async (pixels, frame) => ({ evidence: await model.analyze(pixels, frame) }),
    dispose: () => model.dispose(),
  };
};
