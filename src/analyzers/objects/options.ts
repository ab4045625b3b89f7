import { invalidOption, onOrSettings, show } from '../../config/checks.js';
import type { ObjectSelection } from './select.js';

/** imagerecognize's `max_labels` / `min_confidence`, for the COCO objects. */
export interface ObjectsAnalyzerOptions {
  /** At most this many distinct labels (the best-scored), 1-80. Default 10. */
  maxLabels?: number;
  /** Objects found with less confidence than this (0-1) are dropped. Default 0.3. */
  minConfidence?: number;
}

/**
 * Defaults for `analyzers.objects`. 0.3: under it CenterNet's guesses are mostly wrong (a cat's ear as a "bird");
 * 10 labels, as imagerecognize's `max_labels` defaults to.
 */
export const DEFAULT_OBJECT_SELECTION: ObjectSelection = { minConfidence: 0.3, maxLabels: 10 };

/** `analyzers.objects` as the worker takes it: null when off. Throws 'invalid_options' naming the bad value. */
export function resolveObjectsOptions(option: unknown, path = 'analyzers.objects'): ObjectSelection | null {
  const settings = onOrSettings(option, path, ['maxLabels', 'minConfidence']);
  if (!settings) return null;
  const { minConfidence = DEFAULT_OBJECT_SELECTION.minConfidence, maxLabels = DEFAULT_OBJECT_SELECTION.maxLabels } = settings;
  if (typeof minConfidence !== 'number' || !(minConfidence >= 0 && minConfidence <= 1)) {
    throw invalidOption(`${path}.minConfidence must be a number from 0 to 1, got ${show(minConfidence)}`);
  }
  if (typeof maxLabels !== 'number' || !Number.isInteger(maxLabels) || maxLabels < 1 || maxLabels > 80) {
    throw invalidOption(`${path}.maxLabels must be a whole number from 1 to 80, got ${show(maxLabels)}`);
  }
  return { minConfidence, maxLabels };
}
