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
  const { flags: _flags, policy: _policy, actorId, ...evidence } = verdict.analysis;
  const restored: Evidence = { ...evidence, hash: verdict.hash };
  return buildVerdict(restored, resolvePolicy(policy), {
    meta: verdict.meta,
    ...(actorId === null ? {} : { actorId }),
  });
}
