/**
 * face-api's age model has a published mean absolute error of about 4.5-5 years (4.8 for ages 9-18). If its errors
 * are roughly normal, MAE 4.8 means a standard deviation of about 6 years, and ±8 years holds the true age for about
 * 80% of faces. So the range is the estimate ±8: a 17-year-old estimated as old as 25 still gets a range reaching
 * under 18, while an adult estimated at 27 or more does not (35-year-olds are typically estimated near 30).
 */
export const AGE_MARGIN = 8;

/** The estimated age as a whole-year range [low, high], never below 0. */
export function ageRange(age: number): [number, number] {
  return [Math.max(0, Math.round(age - AGE_MARGIN)), Math.round(age + AGE_MARGIN)];
}
