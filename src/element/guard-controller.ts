import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { createImageGuard } from '../index.js';
import type { GuardOptions, ImageGuard } from '../index.js';
import { ImageGuardProgressEvent } from './events.js';

/** The element's settings a guard is made from. */
export interface GuardHost extends ReactiveControllerHost, HTMLElement {
  /** A guard the page provides; used as it is and never disposed. */
  guard: ImageGuard | undefined;
  modelBaseUrl: string | undefined;
  backend: GuardOptions['backend'];
}

/**
 * The guard the element checks with: the page's own `guard`, or one the element creates on first need from its
 * `model-base-url` and `backend`, and disposes when it leaves the page or those settings change. Our guard's
 * progress is fired from the element as `image-guard-progress`.
 */
export class GuardController implements ReactiveController {
  readonly #host: GuardHost;
  /** Called once for each model that starts loading, for the live region. */
  readonly #onModelLoading: () => void;
  #own: Promise<ImageGuard> | null = null;
  /** Bumped when the owned guard is dropped, so a stale guard's progress is not reported. */
  #generation = 0;

  constructor(host: GuardHost, onModelLoading: () => void) {
    this.#host = host;
    this.#onModelLoading = onModelLoading;
    host.addController(this);
  }

  hostDisconnected(): void {
    this.drop();
  }

  /** The page's guard, or ours, created with the element's current settings. */
  get(): Promise<ImageGuard> {
    if (this.#host.guard) return Promise.resolve(this.#host.guard);
    if (this.#own) return this.#own;
    const generation = this.#generation;
    const options: GuardOptions = {
      onProgress: (progress) => {
        if (generation !== this.#generation) return;
        // Once per model, not for every chunk of bytes that arrives.
        if (progress.phase === 'model-loading' && !('file' in progress)) this.#onModelLoading();
        this.#host.dispatchEvent(new ImageGuardProgressEvent(progress));
      },
    };
    if (this.#host.modelBaseUrl !== undefined) options.modelBaseUrl = this.#host.modelBaseUrl;
    if (this.#host.backend !== undefined) options.backend = this.#host.backend;
    const created = createImageGuard(options);
    this.#own = created;
    // Each waiting file reports the failure; the next file tries to load again.
    created.catch(() => {
      if (this.#own === created) this.#own = null;
    });
    return created;
  }

  /** Disposes our guard (once it has loaded); the next `get` makes a new one. The page's guard is left alone. */
  drop(): void {
    const pending = this.#own;
    this.#own = null;
    this.#generation++;
    pending?.then(
      (guard) => guard.dispose(),
      () => {},
    );
  }
}
