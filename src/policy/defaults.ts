import type { Policy, PolicyPresetName } from './types.js';

/** The preset used when the caller names none. */
export const defaultPresetName: PolicyPresetName = 'balanced';

/** Freezes a policy and every object inside it, so a shared preset or a recorded policy cannot drift. */
export function freezePolicy<T extends object>(value: T): T {
  for (const inner of Object.values(value)) {
    if (typeof inner === 'object' && inner !== null) freezePolicy(inner);
  }
  return Object.freeze(value);
}

/**
 * For most community sites, marketplaces and social apps. Rejects clear explicit content, reviews the doubtful band,
 * and never acts on suggestive content alone: nsfwjs scores clothed adults at a party or on a stage as "sexy"
 * 0.85-0.95 and close-up faces as "porn" 0.15-0.3, and neither may be reviewed or rejected here.
 */
const balanced = freezePolicy<Policy>({
  name: 'balanced',
  nsfw: {
    explicit: { review: 0.5, reject: 0.8 },
    suggestive: { review: null, reject: null },
  },
  minors: { age: 18, withSexualContent: 'reject', alone: null },
  // Swearing ("fuck", 0.7) and abuse aimed at someone ("fuck you", 0.85) are reviewed; slurs (0.95) and threats
  // (0.9) are rejected; mild words ("shit", 0.4) pass. Spam is only ever reviewed: a flyer is not harm.
  text: { toxicity: { review: 0.5, reject: 0.9 }, spam: { review: 0.5, reject: null }, personalData: 'review' },
  privacy: { location: null },
  onModelError: 'review',
  // Only the hopeless: a heavy blur (16 px on a 1920 px photo: the demo photos score 0-0.02) or a near-black frame.
  // Soft (an 8 px blur scores about 0.3), dim or small pictures are normal uploads.
  quality: { action: 'review', sharpness: 0.03, exposure: 0.1, resolution: null, noise: null },
  rating: { pg: 0.25, pg13: 0.6 },
});

/**
 * For school, children's and workplace apps, where a party photo is already too much. Expect suggestive photos
 * to be rejected, photos with a GPS position to be reviewed, and images that could not be checked to be rejected.
 */
const strict = freezePolicy<Policy>({
  name: 'strict',
  nsfw: {
    explicit: { review: 0.3, reject: 0.6 },
    suggestive: { review: 0.5, reject: 0.85 },
  },
  minors: { age: 18, withSexualContent: 'reject', alone: null },
  // Any swearing or abuse is rejected and mild words are reviewed; clear spam is rejected.
  text: { toxicity: { review: 0.3, reject: 0.6 }, spam: { review: 0.4, reject: 0.8 }, personalData: 'review' },
  // Children's photos with a home location attached are exactly what such apps must not publish.
  privacy: { location: 'review' },
  onModelError: 'reject',
  // Blurry, dark, tiny or grainy pictures cannot be judged well by people or models either: a human looks.
  quality: { action: 'review', sharpness: 0.1, exposure: 0.25, resolution: 0.1, noise: 0.1 },
  rating: { pg: 0.15, pg13: 0.4 },
});

/**
 * For adult-oriented, art and dating communities that only want to stop what is plainly explicit and
 * keep human review for the strongest doubtful cases.
 */
const permissive = freezePolicy<Policy>({
  name: 'permissive',
  nsfw: {
    explicit: { review: 0.7, reject: 0.9 },
    suggestive: { review: null, reject: null },
  },
  minors: { age: 18, withSexualContent: 'reject', alone: null },
  // Swearing passes; abuse aimed at someone is reviewed and only slurs are rejected.
  text: { toxicity: { review: 0.8, reject: 0.95 }, spam: { review: 0.8, reject: null }, personalData: 'review' },
  privacy: { location: null },
  onModelError: 'review',
  // Art communities post deliberately blurred, dark and grainy work.
  quality: { action: 'review', sharpness: null, exposure: null, resolution: null, noise: null },
  rating: { pg: 0.35, pg13: 0.75 },
});

export const presets: Readonly<Record<PolicyPresetName, Policy>> = Object.freeze({ balanced, strict, permissive });
