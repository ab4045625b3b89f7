import type { ModerationTask } from '../options.js';

export type SettledTask = Extract<ModerationTask, { status: 'completed' | 'failed' }>;

/** Settled deferred tasks kept for `status(id)`; the oldest are forgotten first. */
export const MAX_SETTLED_TASKS = 1_000;

/**
 * The deferred calls' states, for `guard.status(id)`. Tasks are replaced, never changed in place, so a snapshot a
 * caller holds stays as it was.
 */
export class DeferredTasks {
  #pending = new Map<string, ModerationTask>();
  /** In the order they settled, so the oldest is forgotten first. */
  #settled = new Map<string, SettledTask>();

  add(id: string): ModerationTask {
    const task: ModerationTask = { id, status: 'pending' };
    this.#pending.set(id, task);
    return task;
  }

  processing(id: string): void {
    if (this.#pending.has(id)) this.#pending.set(id, { id, status: 'processing' });
  }

  settle(task: SettledTask): void {
    this.#pending.delete(task.id);
    this.#settled.set(task.id, task);
    if (this.#settled.size > MAX_SETTLED_TASKS) this.#settled.delete(this.#settled.keys().next().value!);
  }

  get(id: string): ModerationTask | undefined {
    return this.#pending.get(id) ?? this.#settled.get(id);
  }
}
