import type { ImageGuardError } from '../errors.js';
import type { Flag, Verdict } from '../verdict/types.js';

/** What a validator decided for one file. */
export type ValidationState = 'passed' | 'review' | 'blocked' | 'error';

/**
 * What to do with an image the policy sends to review: 'mark' lets it through with its verdict (the server routes it
 * to a person), 'hold' stops it like a blocked one until a person has looked at it some other way.
 */
export type ReviewHandling = 'mark' | 'hold';

export interface ValidationResult {
  /** The file may be uploaded: it passed, or it needs review and reviews are marked, not held. */
  ok: boolean;
  state: ValidationState;
  /** null when the file could not be checked (`error` says why). */
  verdict: Verdict | null;
  error: ImageGuardError | null;
  /** One sentence for the person who chose the file, in the words of `strings`. */
  message: string;
}

/**
 * Every word a validator (and the widget adapters built on it) shows. Pass a partial object as `strings` to translate
 * or reword any of them; what you leave out stays English. The reasons inside are the verdict's flag reasons, which
 * the validator's `phrases` translate.
 */
export interface ValidatorStrings {
  /** The message of an image in which nothing of concern was found. */
  passed: string;
  /** An image that may be uploaded but that a person may look at (review marked). */
  review: (reasons: string) => string;
  /** An image held for a person to look at before it can be uploaded (review held). */
  held: (reasons: string) => string;
  blocked: (reasons: string) => string;
  /** A file that could not be checked; by default the library's own message (unsupported format, too large...). */
  error: (error: ImageGuardError) => string;
  /** Shown by the widgets while a file is being checked. */
  checking: string;
}

export const defaultValidatorStrings: ValidatorStrings = {
  passed: 'Nothing of concern found.',
  review: (reasons) => `${reasons} It can be uploaded; a person may look at it first.`,
  held: (reasons) => `This image has to be looked at by a person before it can be uploaded: ${reasons}`,
  blocked: (reasons) => `This image can’t be uploaded: ${reasons}`,
  error: (error) => error.message,
  checking: 'Checking the image…',
};

/** The state and message a verdict comes to under the page's review handling. Pure. */
export function verdictOutcome(verdict: Verdict, review: ReviewHandling, strings: ValidatorStrings): ValidationResult {
  const reasons = (action: Flag['action']): string =>
    verdict.analysis.flags
      .filter((flag) => flag.action === action)
      .map((flag) => flag.reason)
      .join(' ');
  if (verdict.suggestedActions.reject) {
    return { ok: false, state: 'blocked', verdict, error: null, message: strings.blocked(reasons('reject')) };
  }
  if (verdict.suggestedActions.review) {
    const held = review === 'hold';
    return { ok: !held, state: 'review', verdict, error: null, message: (held ? strings.held : strings.review)(reasons('review')) };
  }
  return { ok: true, state: 'passed', verdict, error: null, message: strings.passed };
}

/** A file that could not be checked is never let through. */
export function errorOutcome(error: ImageGuardError, strings: ValidatorStrings): ValidationResult {
  return { ok: false, state: 'error', verdict: null, error, message: strings.error(error) };
}

/**
 * The name under which every adapter puts the verdict on the file (FilePond metadata, Uppy meta, Dropzone's file
 * object) and sends it with the upload, as JSON, for the server to re-check.
 */
export const verdictField = 'imageGuard';
