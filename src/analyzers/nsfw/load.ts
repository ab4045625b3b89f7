import { squareInput, type Loader } from '../contract.js';
import type { NsfwEvidence } from '../../verdict/types.js';
import { createNsfwAnalyzer } from './index.js';
import { nsfwModelPath, type NsfwSettings } from './spec.js';

/**
 * nsfwjs, squashed to its square input with nearest-neighbour sampling, as the model was trained (input/pixels.ts):
 * the whole frame, then the regions and turns its layout gives a reason for (regions.ts), within `maxPasses`.
 */
export const loadNsfw: Loader<NsfwSettings, NsfwEvidence> = async (settings, env) => {
  await env.tfjsBackend;
  const model = await createNsfwAnalyzer(env.locate(nsfwModelPath(settings.model)), settings.model, { maxPasses: settings.maxPasses, turns: settings.turns });
  return {
    input: squareInput(model.inputSize, model.sampling),
    analyze: async (pixels, frame) => ({ evidence: { ...(await model.scan(frame, pixels)), frame: frame.index } }),
    // Explicit content weighs double against suggestive.
    severity: ({ scores }) => (scores.porn + scores.hentai) * 2 + scores.sexy,
    dispose: () => model.dispose(),
  };
};
