import { resolvePolicy } from '../policy/resolve.js';
import type { PolicyInput } from '../policy/types.js';
import { buildVerdict } from './build.js';
import type { Evidence, Verdict } from './types.js';

/**
 * The same image judged under another policy, without running any model again: a verdict carries all of its
 * evidence under `analysis`, and the policy only turns evidence into a verdict. Pure. Used by the demo to show the
 * presets side by side and by `<image-guard>` when its policy changes.
 */
export function applyPolicy(verdict: Verdict, policy: PolicyInput): Verdict {
  const { actorId } = verdict.analysis;
  return buildVerdict(evidenceOf(verdict), resolvePolicy(policy), {
    meta: verdict.meta,
    ...(actorId === null ? {} : { actorId }),
  });
}

/** The evidence a verdict was built from: everything under `analysis` but what the policy and the call added. */
export function evidenceOf(verdict: Verdict): Evidence {
  const { flags: _flags, policy: _policy, actorId: _actorId, ...evidence } = verdict.analysis;
  return { ...evidence, hash: verdict.hash };
}
