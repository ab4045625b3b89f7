/**
 * How far the age range reaches either side of the estimate, in years: the measured error of the age model used
 * (face-api's age net, on the face analyzer's boxes), for about 80% of faces.
 *
 * - Published: face-api's age net has a mean absolute error of 4.82 years on ages 9-18 (4.99 on 19-28; its
 *   TUTORIAL.md, 80/20 splits of UTK, FGNET, Chalearn, Wiki, IMDB, CACD, MegaAge). For normal errors that is a
 *   standard deviation of 4.82 × 1.2533 = 6.0.
 * - Measured here: one face's estimate moves with how the photo was cropped and saved. On the face set
 *   (test/support/face-set.ts: 105 people with 2+ portrait edits each: 64-400 px, JPEG 30-90, greyscale, tilted),
 *   the pooled within-person standard deviation of the library's estimates was 5.3 years (median spread 5.8, 90th
 *   percentile 13.7; `node bench/faces.mjs`, 2026-12-02). One installed face has a documented age (31, estimated
 *   29.8: face-set.ts KNOWN_AGE_PHOTOS), too few for a mean error, so this is the part of the error the set can
 *   show, added to the published one.
 * - Together: √(6.0² + 5.3²) = 8.0 years; ±1.28 standard deviations hold 80%: ±10.3, so ±10.
 *
 * So a 17-year-old estimated as old as 27 still gets a range reaching under 18, and an adult estimated at 28 or more
 * does not. A child (estimates under 18) always does.
 */
export const AGE_MARGIN = 10;

/** The estimated age as a whole-year range [low, high], never below 0. */
export function ageRange(age: number): [number, number] {
  return [Math.max(0, Math.round(age - AGE_MARGIN)), Math.round(age + AGE_MARGIN)];
}
