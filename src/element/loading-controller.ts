import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { interactionEvents, loadingMode, type LoadingMode } from './loading.js';

export interface LoadingHost extends ReactiveControllerHost, HTMLElement {
  /** The `loading` attribute as set (any string; unknown values mean the default). */
  loading: string | undefined;
}

/**
 * Starts the guard's loading when the element's `loading` mode says (loading.ts): armed while the element is on the
 * page, disarmed when it leaves or once it has fired. Firing twice is harmless (the guard is created once), but
 * nothing stays observed after the start.
 */
export class LoadingController implements ReactiveController {
  readonly #host: LoadingHost;
  readonly #start: () => void;
  #disarm: (() => void) | null = null;
  #armedFor: LoadingMode | null = null;

  constructor(host: LoadingHost, start: () => void) {
    this.#host = host;
    this.#start = start;
    host.addController(this);
  }

  get mode(): LoadingMode {
    return loadingMode(this.#host.loading);
  }

  hostConnected(): void {
    this.#arm();
  }

  hostDisconnected(): void {
    this.#clear();
  }

  /** After the attribute changed: arm for the new mode (a start already made stays made). */
  hostUpdated(): void {
    if (this.#host.isConnected && this.#armedFor !== this.mode) this.#arm();
  }

  #arm(): void {
    this.#clear();
    const mode = this.mode;
    this.#armedFor = mode;
    const fire = () => {
      this.#clear();
      this.#start();
    };
    if (mode === 'eager') {
      // After the element's first render, not inside the parser's connectedCallback.
      queueMicrotask(() => {
        if (this.#armedFor === 'eager' && this.#host.isConnected) fire();
      });
    } else if (mode === 'visible' && typeof IntersectionObserver !== 'undefined') {
      const observer = new IntersectionObserver((entries) => {
        if (entries.some((entry) => entry.isIntersecting)) fire();
      });
      observer.observe(this.#host);
      this.#disarm = () => observer.disconnect();
    } else if (mode === 'interaction' || mode === 'visible') {
      // 'visible' without IntersectionObserver falls back to the first interaction.
      for (const type of interactionEvents) this.#host.addEventListener(type, fire, { once: true, passive: true });
      this.#disarm = () => {
        for (const type of interactionEvents) this.#host.removeEventListener(type, fire);
      };
    }
  }

  #clear(): void {
    this.#disarm?.();
    this.#disarm = null;
  }
}
