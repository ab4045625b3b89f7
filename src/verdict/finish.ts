import type { Policy } from '../policy/types.js';
import { buildVerdict } from './build.js';
import type { Evidence, Verdict } from './types.js';

/**
 * The verdict as the caller receives it, in the browser and in Node alike: the policy applied to the evidence, with
 * the call's meta and actorId, the whole call's time, and whether the evidence came from the cache.
 */
export function finishVerdict(
  evidence: Omit<Evidence, 'timings'> & { timings: Record<string, number> },
  policy: Policy,
  call: { meta: unknown; actorId: string | undefined },
  totalMs: number,
  cached: boolean,
): Verdict {
  const verdict = buildVerdict({ ...evidence, timings: roundTimings({ ...evidence.timings, totalMs }) }, policy, {
    meta: call.meta,
    ...(call.actorId === undefined ? {} : { actorId: call.actorId }),
  });
  return { ...verdict, analysis: { ...verdict.analysis, cached } };
}

/** Sub-millisecond digits are noise from the timer, not information. */
function roundTimings<T extends Record<string, number>>(timings: T): T {
  return Object.fromEntries(Object.entries(timings).map(([stage, ms]) => [stage, Math.round(ms * 10) / 10])) as T;
}
