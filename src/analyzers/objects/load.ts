import { squareInput, type Loader } from '../contract.js';
import type { ObjectsEvidence } from '../../verdict/types.js';
import { createObjectAnalyzer } from './index.js';
import type { ObjectSelection, ObjectsContext } from './select.js';
import { OBJECTS_MODEL_PATH } from './spec.js';

/**
 * CenterNet on the image squashed to its square and smoothed, as Human feeds it (bilinear resize of the whole
 * image). Its context is where it sees animals and people, which the face analyzer checks its faces against, and the
 * people it is sure of, which NSFW looks at again when they are small in the frame.
 */
export const loadObjects: Loader<ObjectSelection, ObjectsEvidence, ObjectsContext> = async (selection, env) => {
  await env.tfjsBackend;
  const model = await createObjectAnalyzer(env.locate(OBJECTS_MODEL_PATH), selection);
  return {
    input: squareInput(model.inputSize, 'smooth'),
    analyze: (pixels) => model.analyze(pixels),
    dispose: () => model.dispose(),
  };
};
