import { ImageGuardError } from '../../errors.js';
import type { ObjectsAnalyzerOptions } from '../../options.js';
import type { ObjectSelection } from './select.js';

/**
 * Defaults for `analyzers.objects`. 0.3: under it CenterNet's guesses are mostly wrong (a cat's ear as a "bird");
 * 10 labels, as imagerecognize's `max_labels` defaults to.
 */
export const DEFAULT_OBJECT_SELECTION: ObjectSelection = { minConfidence: 0.3, maxLabels: 10 };

/** `analyzers.objects` as the worker takes it: null when off. Throws 'invalid_options' naming the bad value. */
export function resolveObjectsOptions(option: boolean | ObjectsAnalyzerOptions | undefined): ObjectSelection | null {
  if (option === false) return null;
  if (option === undefined || option === true) return { ...DEFAULT_OBJECT_SELECTION };
  const { minConfidence = DEFAULT_OBJECT_SELECTION.minConfidence, maxLabels = DEFAULT_OBJECT_SELECTION.maxLabels } = option;
  if (typeof minConfidence !== 'number' || !(minConfidence >= 0 && minConfidence <= 1)) {
    throw new ImageGuardError('invalid_options', `analyzers.objects.minConfidence must be a number from 0 to 1, got ${String(minConfidence)}`);
  }
  if (!Number.isInteger(maxLabels) || maxLabels < 1 || maxLabels > 80) {
    throw new ImageGuardError('invalid_options', `analyzers.objects.maxLabels must be a whole number from 1 to 80, got ${String(maxLabels)}`);
  }
  return { minConfidence, maxLabels };
}
