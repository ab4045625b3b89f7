/**
 * face-api's age net's published mean absolute error by true age (its TUTORIAL.md, "Test results for different age
 * category groups": 80/20 splits of UTK, FGNET, Chalearn, Wiki, IMDB, CACD, MegaAge). The groups under 18 are what
 * the possible-minor rule depends on; no installed package ships labelled photos of children to measure it again
 * (test/support/face-set.ts).
 */
export const PUBLISHED_AGE_MAE: readonly { from: number; to: number; mae: number }[] = [
  { from: 0, to: 3, mae: 1.52 },
  { from: 4, to: 8, mae: 3.06 },
  { from: 9, to: 18, mae: 4.82 },
  { from: 19, to: 28, mae: 4.99 },
  { from: 29, to: 40, mae: 5.43 },
  { from: 41, to: 60, mae: 4.94 },
  { from: 60, to: 80, mae: 6.17 },
];

/**
 * Measured here: one face's estimate moves with how the photo was cropped and saved. On the face set (105 people with
 * 2+ portrait edits each: 64-400 px, JPEG 30-90, greyscale, tilted) the pooled within-person standard deviation of
 * the library's estimates was 5.3 years (`node bench/faces.mjs`, 2026-12-02): error the published splits do not show.
 */
export const MEASURED_EDIT_SD = 5.3;

/** For normally distributed errors the standard deviation is the mean absolute error × √(π/2). */
const SD_PER_MAE = Math.sqrt(Math.PI / 2);

/** ±1.2816 standard deviations hold 80% of a normal distribution. */
export const Z_80 = 1.2816;

/** The standard deviation of one upload's estimate for a group of published error `mae`: both parts together. */
export function ageErrorSd(mae: number): number {
  return Math.hypot(mae * SD_PER_MAE, MEASURED_EDIT_SD);
}

/**
 * How far the age range reaches either side of the estimate, in whole years: 80% of the error of the age model used
 * for the worst of the groups under 18 (9-18: √((4.82 × 1.2533)² + 5.3²) = 8.0, × 1.2816 = 10.3, so 10). A child of
 * 17 estimated as old as 27 still gets a range reaching under 18, and an adult estimated at 28 or more does not.
 */
export const AGE_MARGIN = Math.round(Z_80 * ageErrorSd(Math.max(...PUBLISHED_AGE_MAE.filter((group) => group.from < 18).map((group) => group.mae))));

/** The estimated age as a whole-year range [low, high], never below 0. */
export function ageRange(age: number): [number, number] {
  return [Math.max(0, Math.round(age - AGE_MARGIN)), Math.round(age + AGE_MARGIN)];
}
