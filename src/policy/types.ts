/**
 * A policy turns model scores into actions. Every signal has two thresholds, as hosted moderation APIs do:
 * a score at or above `reject` rejects, at or above `review` (and below `reject`) asks for human review.
 * `null` switches that action off for the signal. Scores are probabilities, 0-1.
 */
export interface Thresholds {
  review: number | null;
  reject: number | null;
}

/** What a policy rule does when it fires. */
export type Action = 'reject' | 'review';

export type PolicyPresetName = 'balanced' | 'strict' | 'permissive';

/** What personal data in an image's text asks for; null ignores it. */
export type PersonalDataAction = 'review' | 'reject' | null;

export interface Policy {
  /** The preset this policy started from, or 'custom' once any value was overridden. Recorded in every verdict. */
  name: PolicyPresetName | 'custom';
  nsfw: {
    /** Explicit sexual content: nsfwjs `porn` + `hentai` (a photo and a drawing of the same act split the mass). */
    explicit: Thresholds;
    /** Suggestive content: nsfwjs `sexy`. Clothed adults in party wear score 0.85-0.95, so it is off by default. */
    suggestive: Thresholds;
  };
  /** Privacy signals in the file itself. */
  privacy: {
    /** A GPS position in the photo's EXIF reveals where it was taken (often the uploader's home). null: ignore it. */
    location: PersonalDataAction;
  };
  /**
   * What the verdict suggests when an analyzer could not run (its model failed to load): the image was not fully
   * checked. 'allow' lets it through, with the failure still recorded in `analysis.errors`.
   */
  onModelError: 'review' | 'reject' | 'allow';
  /** The text read in the image (OCR), screened. Scores are 0-1, like the NSFW ones. */
  text: {
    /** Profanity, slurs and threats (`riskScores.toxicity` / 100). */
    toxicity: Thresholds;
    /** Spam patterns: link shorteners, calls to action, prize and money bait, shouting (`riskScores.spam` / 100). */
    spam: Thresholds;
    /** An email address, phone number, payment card number or IBAN in the text. */
    personalData: PersonalDataAction;
  };
  /**
   * Possible minors: faces whose estimated age range starts below `age`. Age never acts on its own by default, and
   * neither age nor gender is ever a reason for anything else.
   */
  minors: {
    /** A face whose `ageRange` starts below this age is a possible minor. */
    age: number;
    /** What a possible minor does together with sexual signals (explicit or suggestive at or above its `review`). */
    withSexualContent: Action | null;
    /** What a possible minor does with no sexual signal. Family photos are normal, so null (nothing) by default. */
    alone: Action | null;
  };
  /**
   * Pictures too poor to judge or to be worth publishing (`analysis.quality`, each score 0-1, 1 good). A score at
   * or below its minimum takes `action`; null switches that check off.
   */
  quality: {
    action: Action | null;
    /** Sharpness at or below this is "too blurry to read". */
    sharpness: number | null;
    /** Exposure at or below this is "too dark" (or washed out to white). */
    exposure: number | null;
    /** Resolution at or below this is too small (0.1 is about 100×100 pixels, 0.25 is 128×128). */
    resolution: number | null;
    /** Noise at or below this is too grainy (0.1 is grain of about 24 grey levels). */
    noise: number | null;
  };
  /** Where the content rating steps up, on the sexual score max(explicit, suggestive). R and NC-17 follow `nsfw.explicit`. */
  rating: {
    /** At or above: at least PG. */
    pg: number;
    /** At or above: at least PG-13. */
    pg13: number;
  };
}

type DeepPartial<T> = { [K in keyof T]?: T[K] extends object ? DeepPartial<T[K]> : T[K] };

/** What callers pass: a preset name, or a partial policy (optionally naming the preset it starts from). */
export type PolicyInput = PolicyPresetName | (DeepPartial<Omit<Policy, 'name'>> & { preset?: PolicyPresetName });
