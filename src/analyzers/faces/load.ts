import { fitInput, type Loader } from '../contract.js';
import type { FacesEvidence } from '../../verdict/types.js';
import type { FaceContext } from '../objects/select.js';
import { dropAnimalFaces } from './animals.js';
import { createFaceAnalyzer } from './index.js';
import { BLAZEFACE_MODEL_PATH, FACE_MODEL_FOLDER } from './spec.js';

/**
 * face-api's SSD and age net with Human's BlazeFace, smoothed and aspect kept (its models were trained on properly filtered images). With objects on, their
 * context (the spec `uses` it) drops a "face" on an animal with no person around it: the dog's.
 */
/** What the face analyzer tells later analyzers: where the faces are (NSFW looks again around small ones). */
export interface FacesContext {
  boxes: FacesEvidence['items'][number]['box'][];
}

export const loadFaces: Loader<true, FacesEvidence, FacesContext> = async (_settings, env) => {
  await env.tfjsBackend;
  const model = await createFaceAnalyzer({ faceApiFolder: env.locate(FACE_MODEL_FOLDER), blazeFace: env.locate(BLAZEFACE_MODEL_PATH) });
  return {
    input: fitInput(model.maxSide, 'smooth'),
    async analyze(pixels, _frame, seen) {
      // The objects loader's context (objects/load.ts), present when objects is on.
      const objects = seen['objects'] as FaceContext | undefined;
      const faces = await model.analyze(pixels, objects);
      const evidence = objects ? dropAnimalFaces(faces, objects) : faces;
      return { evidence, context: { boxes: evidence.items.map((face) => face.box) } };
    },
    dispose: () => model.dispose(),
  };
};
