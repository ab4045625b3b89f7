import { abortError } from '../errors.js';

/**
 * Turns, one at a time, first come first served. The worker has one tfjs engine and one tesseract worker whose
 * reading sets parameters and recognises in two steps, so two analyses side by side could mix their settings.
 */
export class OneAtATime {
  #tail: Promise<void> = Promise.resolve();

  /**
   * Waits for this caller's turn and resolves to the function that ends it (safe to call twice). A caller whose
   * signal aborts while it waits rejects with 'aborted' at once and gives its turn up unused.
   */
  turn(signal?: AbortSignal): Promise<() => void> {
    const previous = this.#tail;
    let end!: () => void;
    const ended = new Promise<void>((resolve) => (end = resolve));
    this.#tail = previous.then(() => ended);
    return new Promise((resolve, reject) => {
      const onAbort = () => reject(abortError());
      if (signal?.aborted) onAbort();
      else signal?.addEventListener('abort', onAbort, { once: true });
      void previous.then(() => {
        signal?.removeEventListener('abort', onAbort);
        if (signal?.aborted) {
          end();
          reject(abortError());
        } else {
          resolve(end);
        }
      });
    });
  }
}
