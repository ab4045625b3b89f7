import { ImageGuardError } from '../errors.js';
import type { AnalysisWorkerApi, WorkerResult } from '../runtime/protocol.js';
import type { WorkerLink } from './worker-link.js';

/** A time limit on one worker call, and what to tell the caller when it runs out. */
export interface CallLimit {
  ms: number;
  /** Called when the limit runs out, so the message can say what was still under way. */
  message: () => string;
}

/**
 * A started worker. A worker call alone would stay pending forever if the worker died (a crash, an out-of-memory
 * kill, terminate()), so every call races the worker's death, and a limited call also its time limit. A call that
 * runs out of time ends the worker: it may still be spinning, and the next call must not run beside it. The
 * caller's signal is not raced here: the guard decides what an abort costs (guard.ts, `#analyze`).
 */
export class Connection {
  #link: WorkerLink;
  #died: Promise<never>;
  #fail!: (error: ImageGuardError) => void;
  #dead = false;
  /** What analyses on this worker (cache/key.ts); set once it is ready. */
  fingerprint = '';

  constructor(link: WorkerLink) {
    this.#link = link;
    this.#died = new Promise<never>((_, reject) => {
      this.#fail = (error) => {
        this.#dead = true;
        reject(error);
      };
    });
    this.#died.catch(() => undefined);
    link.onDeath((error) => {
      if (!this.#dead) this.#fail(error);
    });
  }

  /** True once the worker died, timed out or was closed: it answers nothing more. */
  get dead(): boolean {
    return this.#dead;
  }

  /** Rejects, with the reason, when the worker dies, runs out of time or is closed. */
  get died(): Promise<never> {
    return this.#died;
  }

  async call<T>(invoke: (api: AnalysisWorkerApi) => Promise<WorkerResult<T>>, limit?: CallLimit): Promise<T> {
    if (this.#dead) return this.#died;
    let timer: ReturnType<typeof setTimeout> | undefined;
    if (limit) timer = setTimeout(() => this.close(new ImageGuardError('timeout', limit.message())), limit.ms);
    try {
      const answer = Promise.resolve().then(() => invoke(this.#link.api));
      const result = await Promise.race([answer, this.#died]);
      if (!result.ok) throw ImageGuardError.fromJSON(result.error);
      return result.value;
    } finally {
      clearTimeout(timer);
    }
  }

  /** Ends the worker; every call still waiting on it rejects with `reason`. Safe to call twice. */
  close(reason: ImageGuardError): void {
    if (this.#dead) return;
    this.#fail(reason);
    this.#link.terminate();
  }
}
