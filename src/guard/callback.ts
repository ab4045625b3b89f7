import type { GuardProgress } from '../options.js';
import type { SettledTask } from './tasks.js';

type CallbackOutcome = Extract<GuardProgress, { phase: 'callback' }>;

/**
 * POSTs a settled task to the call's callbackUrl and reports the outcome. Not awaited by the call: a slow or
 * failing callback server neither delays nor fails moderation.
 */
export function postCallback(url: string, task: SettledTask, report: (outcome: CallbackOutcome) => void): void {
  const send = (outcome: { ok: boolean; status: number | null; message?: string }) =>
    report({ phase: 'callback', id: task.id, url, ...outcome });
  fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(task) }).then(
    (response) =>
      send({ ok: response.ok, status: response.status, ...(response.ok ? {} : { message: `HTTP ${response.status}` }) }),
    (error: unknown) => send({ ok: false, status: null, message: error instanceof Error ? error.message : String(error) }),
  );
}
