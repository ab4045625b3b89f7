import { ImageGuardError } from './errors.js';

/** How many batch items are read, hashed and looked up at once when the caller does not say. */
export const DEFAULT_BATCH_CONCURRENCY = 2;

export function checkConcurrency(concurrency: number): number {
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    throw new ImageGuardError('invalid_options', `concurrency must be a whole number of at least 1, got ${concurrency}`);
  }
  return concurrency;
}

/**
 * Runs `run` on indices 0..total-1, at most `concurrency` at a time, starting them in order, and returns the
 * results in index order whatever order they finish in. `run` must not reject: a batch item's failure is a result.
 * `onSettled` sees each result as it arrives, with how many are done. Pure: no clock, no DOM.
 */
export async function mapInOrder<R>(
  total: number,
  concurrency: number,
  run: (index: number) => Promise<R>,
  onSettled: (index: number, result: R, done: number) => void,
): Promise<R[]> {
  const results = new Array<R>(total);
  let next = 0;
  let done = 0;
  const lane = async (): Promise<void> => {
    while (next < total) {
      const index = next++;
      const result = await run(index);
      results[index] = result;
      done++;
      onSettled(index, result, done);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, total) }, lane));
  return results;
}
