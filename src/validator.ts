/**
 * createValidator: one function any upload widget can call per file, resolving to `{ ok, verdict, message }`. The
 * FilePond, Uppy and Dropzone adapters (src/widgets/) are built on it.
 */
import { ImageGuardError, abortError } from './errors.js';
import { createImageGuard } from './guard.js';
import type { GuardOptions, ImageGuard, ModerationInput } from './options.js';
import type { PolicyInput } from './policy/types.js';
import { resolvePhrases, type VerdictPhrases } from './verdict/phrases.js';
import { renderVerdictText } from './verdict/render.js';
import {
  defaultValidatorStrings,
  errorOutcome,
  verdictOutcome,
  type ReviewHandling,
  type ValidationResult,
  type ValidatorStrings,
} from './widgets/outcome.js';

export type { ReviewHandling, ValidationResult, ValidationState, ValidatorStrings } from './widgets/outcome.js';

/** How a validator words and decides; the same in every adapter. */
export interface ValidatorBehaviour {
  /** An image the policy sends to review: 'mark' (default) lets it through with its verdict, 'hold' stops it. */
  review?: ReviewHandling;
  /** Any of the messages, reworded or translated (the rest stay English). */
  strings?: Partial<ValidatorStrings>;
  /**
   * The verdict's own words (flag reasons, description) in the page's language, as `renderVerdictText` takes them:
   * the reasons inside the messages, and the verdict put on the file, are rendered through them.
   */
  phrases?: Partial<VerdictPhrases>;
}

/**
 * Where the guard comes from: an existing one (shared with the rest of the page, which disposes it), with an optional
 * policy for these checks only; or the options of a guard the validator creates on its first file and disposes.
 */
export type ValidatorGuardSource = { guard: ImageGuard; policy?: PolicyInput } | (GuardOptions & { guard?: undefined });

export type ValidatorOptions = ValidatorGuardSource & ValidatorBehaviour;

export interface ValidateOptions {
  /** Cancels this file's check: the call rejects with code 'aborted'. */
  signal?: AbortSignal;
  /** Echoed into `verdict.meta`. */
  meta?: unknown;
  /** Recorded in `verdict.analysis.actorId`. */
  actorId?: string;
}

export interface Validator {
  /**
   * Checks one file. Resolves for every outcome, a file that cannot be checked included (`state: 'error'`, the
   * library's message); rejects only when `signal` aborts ('aborted') or the validator was disposed ('disposed').
   */
  (input: ModerationInput, options?: ValidateOptions): Promise<ValidationResult>;
  /** Frees the guard it created (not one it was given). Safe to call twice. */
  dispose(): void;
  readonly disposed: boolean;
}

export function createValidator(options: ValidatorOptions = {}): Validator {
  const { review = 'mark', strings: overrides, phrases, ...source } = options;
  if (review !== 'mark' && review !== 'hold') {
    throw new ImageGuardError('invalid_options', `review must be 'mark' or 'hold', got ${JSON.stringify(review)}`);
  }
  const strings: ValidatorStrings = { ...defaultValidatorStrings, ...overrides };
  // Checked now, so a wrong key fails where the validator is made, not on someone's first file.
  if (phrases) resolvePhrases(phrases);
  const given = source.guard;
  // With a guard of its own the policy is the guard's; with a given guard it is passed per call.
  const callPolicy = given ? source.policy : undefined;
  let created: Promise<ImageGuard> | null = null;
  let disposed = false;

  const guard = (): Promise<ImageGuard> => {
    if (given) return Promise.resolve(given);
    if (!created) {
      const { guard: _none, ...guardOptions } = source;
      created = createImageGuard(guardOptions);
      // A guard that failed to start (invalid options, no worker) is tried again for the next file.
      created.catch(() => {
        created = null;
      });
    }
    return created;
  };

  const validate = async (input: ModerationInput, { signal, meta, actorId }: ValidateOptions = {}): Promise<ValidationResult> => {
    if (disposed) throw disposedError();
    if (signal?.aborted) throw abortError();
    let verdict;
    try {
      const ready = await untilAborted(guard(), signal);
      if (disposed) throw disposedError();
      verdict = await ready.moderate(input, {
        signal,
        ...(meta === undefined ? {} : { meta }),
        ...(actorId === undefined ? {} : { actorId }),
        ...(callPolicy === undefined ? {} : { policy: callPolicy }),
      });
    } catch (error) {
      const failure = asGuardError(error);
      if (failure.code === 'aborted' || failure.code === 'disposed') throw failure;
      return errorOutcome(failure, strings);
    }
    return verdictOutcome(phrases ? renderVerdictText(verdict, phrases) : verdict, review, strings);
  };

  return Object.defineProperties(validate, {
    dispose: {
      value: (): void => {
        if (disposed) return;
        disposed = true;
        created?.then((own) => own.dispose(), () => undefined);
      },
    },
    disposed: { get: () => disposed },
  }) as Validator;
}

/** The guard's own promise, or an 'aborted' rejection as soon as `signal` aborts (the guard keeps starting). */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(abortError());
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

function disposedError(): ImageGuardError {
  return new ImageGuardError('disposed', 'This validator was disposed; create a new one to check more files.');
}

function asGuardError(error: unknown): ImageGuardError {
  if (error instanceof ImageGuardError) return error;
  return new ImageGuardError('analysis_failed', 'Something went wrong while checking this image.', { cause: error });
}
