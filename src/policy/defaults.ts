import type { Policy, PolicyPresetName } from './types.js';

/** The preset used when the caller names none. */
export const defaultPresetName: PolicyPresetName = 'balanced';

/** Freezes a policy and every object inside it, so a shared preset or a recorded policy cannot drift. */
export function freezePolicy(policy: Policy): Policy {
  Object.freeze(policy.nsfw.explicit);
  Object.freeze(policy.nsfw.suggestive);
  Object.freeze(policy.nsfw);
  Object.freeze(policy.minors);
  Object.freeze(policy.rating);
  return Object.freeze(policy);
}

/**
 * For most community sites, marketplaces and social apps. Rejects clear explicit content, reviews the doubtful band,
 * and never acts on suggestive content alone: nsfwjs scores clothed adults at a party or on a stage as "sexy"
 * 0.85-0.95 and close-up faces as "porn" 0.15-0.3, and neither may be reviewed or rejected here.
 */
const balanced = freezePolicy({
  name: 'balanced',
  nsfw: {
    explicit: { review: 0.5, reject: 0.8 },
    suggestive: { review: null, reject: null },
  },
  minors: { age: 18, withSexualContent: 'reject', alone: null },
  rating: { pg: 0.25, pg13: 0.6 },
});

/**
 * For school, children's and workplace apps, where a party photo is already too much. Expect suggestive photos
 * to be rejected and more images to reach human review.
 */
const strict = freezePolicy({
  name: 'strict',
  nsfw: {
    explicit: { review: 0.3, reject: 0.6 },
    suggestive: { review: 0.5, reject: 0.85 },
  },
  minors: { age: 18, withSexualContent: 'reject', alone: null },
  rating: { pg: 0.15, pg13: 0.4 },
});

/**
 * For adult-oriented, art and dating communities that only want to stop what is plainly explicit and
 * keep human review for the strongest doubtful cases.
 */
const permissive = freezePolicy({
  name: 'permissive',
  nsfw: {
    explicit: { review: 0.7, reject: 0.9 },
    suggestive: { review: null, reject: null },
  },
  minors: { age: 18, withSexualContent: 'reject', alone: null },
  rating: { pg: 0.35, pg13: 0.75 },
});

export const presets: Readonly<Record<PolicyPresetName, Policy>> = Object.freeze({ balanced, strict, permissive });
