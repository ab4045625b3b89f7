import * as tf from '@tensorflow/tfjs';
import { load, type NSFWJS } from 'nsfwjs/core';
import { pixelData, type Frame, type RgbaImage, type Sampling } from '../../input/pixels.js';
import { lookAgain, scanFrame, type Likeliest, type NsfwScores, type People, type RegionScan } from './regions.js';
import type { NsfwClass, NsfwEvidence } from '../../verdict/types.js';

/** nsfwjs MobileNetV2 was trained on 224×224 inputs; the image is squashed to that square, as nsfwjs itself does. */
export const NSFW_INPUT_SIZE = 224;

export interface NsfwAnalyzer {
  readonly inputSize: number;
  /** Nearest-neighbour, as the model was trained (see input/pixels.ts). */
  readonly sampling: Sampling;
  /** Scores for one frame; the worker picks the worst frame and records which. */
  analyze(pixels: RgbaImage): Promise<Omit<NsfwEvidence, 'frame'>>;
  /** The whole frame, then the regions the layout gives a reason for (regions.ts). */
  scan(frame: Frame, whole: RgbaImage): Promise<Omit<NsfwEvidence, 'frame'>>;
  /**
   * The second look, after `scan` of that frame: the people other analyzers found (none when they are off), then
   * turns (regions.ts); null: nothing new.
   */
  lookAgain(frame: Frame, first: RegionScan, people: People): Promise<Omit<NsfwEvidence, 'frame'> | null>;
  dispose(): void;
}

const CLASS_KEYS: Record<string, NsfwClass> = {
  Drawing: 'drawing',
  Hentai: 'hentai',
  Neutral: 'neutral',
  Porn: 'porn',
  Sexy: 'sexy',
};

/**
 * Loads nsfwjs from served model files (model.json + binary shard), not the base64 models bundled into its JS.
 * nsfwjs' own load() warms the model up with one zero-input prediction.
 */
export async function createNsfwAnalyzer(modelUrl: string, modelName: string, passes: { maxPasses: number; turns: boolean }): Promise<NsfwAnalyzer> {
  const model: NSFWJS = await load(modelUrl, { size: NSFW_INPUT_SIZE });
  const classify = async (pixels: RgbaImage): Promise<NsfwScores> => {
    // All five classes, already resized: nsfwjs skips its own resize when the input is 224×224.
    const input = tf.browser.fromPixels(pixelData(pixels));
    let predictions;
    try {
      predictions = await model.classify(input, 5);
    } finally {
      input.dispose();
    }
    const scores: Record<NsfwClass, number> = { drawing: 0, hentai: 0, neutral: 0, porn: 0, sexy: 0 };
    for (const { className, probability } of predictions) {
      const key = CLASS_KEYS[className];
      if (key) scores[key] = Math.min(1, Math.max(0, probability));
    }
    return scores;
  };
  // Each scanned frame's likeliest look, which its second look turns: the frame objects are per image, so this
  // holds nothing past an analysis.
  const likeliest = new WeakMap<Frame, Likeliest>();
  const options = { inputSize: NSFW_INPUT_SIZE, ...passes };
  return {
    inputSize: NSFW_INPUT_SIZE,
    sampling: 'nearest',
    analyze: async (pixels) => ({ scores: await classify(pixels), model: `nsfwjs/${modelName}` }),
    async scan(frame, whole) {
      const first = await scanFrame(frame, whole, classify, options);
      likeliest.set(frame, first.likeliest);
      return { ...first.scan, model: `nsfwjs/${modelName}` };
    },
    async lookAgain(frame, first, people) {
      const seen = likeliest.get(frame);
      if (!seen) return null;
      const again = await lookAgain(frame, first, seen, people, classify, options);
      return again && { ...again, model: `nsfwjs/${modelName}` };
    },
    dispose() {
      model.dispose();
    },
  };
}
