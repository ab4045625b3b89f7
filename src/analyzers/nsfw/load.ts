import { squareInput, type Loader } from '../contract.js';
import type { FacesContext } from '../faces/load.js';
import type { ObjectsContext } from '../objects/select.js';
import type { NsfwEvidence } from '../../verdict/types.js';
import { createNsfwAnalyzer } from './index.js';
import { nsfwModelPath, type NsfwSettings } from './spec.js';

/**
 * nsfwjs, squashed to its square input with nearest-neighbour sampling, as the model was trained (input/pixels.ts):
 * the whole frame, then the regions its layout gives a reason for (regions.ts), within `maxPasses`; and, once objects
 * and faces have run on the decisive frame (the spec `looksAgainWith` them), the people they found, then turns.
 */
export const loadNsfw: Loader<NsfwSettings, NsfwEvidence> = async (settings, env) => {
  await env.tfjsBackend;
  const model = await createNsfwAnalyzer(env.locate(nsfwModelPath(settings.model)), settings.model, { maxPasses: settings.maxPasses, turns: settings.turns });
  return {
    input: squareInput(model.inputSize, model.sampling),
    analyze: async (pixels, frame) => ({ evidence: { ...(await model.scan(frame, pixels)), frame: frame.index } }),
    async lookAgain(evidence, frame, seen) {
      // The contexts of objects/load.ts and faces/load.ts, each present when that analyzer is on (neither: turns only).
      const objects = seen['objects'] as ObjectsContext | undefined;
      const faces = seen['faces'] as FacesContext | undefined;
      if (evidence.frame !== frame.index) return null;
      const first = { scores: evidence.scores, passes: evidence.passes ?? 1, ...(evidence.region ? { region: evidence.region } : {}) };
      const again = await model.lookAgain(frame, first, { persons: objects?.persons ?? [], faces: faces?.boxes ?? [] });
      return again && { ...again, frame: frame.index };
    },
    // Explicit content weighs double against suggestive.
    severity: ({ scores }) => (scores.porn + scores.hentai) * 2 + scores.sexy,
    dispose: () => model.dispose(),
  };
};
