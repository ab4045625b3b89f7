/**
 * Every failure the library reports is an ImageGuardError with a stable `code` that code can branch on,
 * and a `message` written for a person.
 */
export type ImageGuardErrorCode =
  | 'unsupported_format'
  | 'decode_failed'
  | 'empty_file'
  | 'file_too_large'
  | 'dimensions_too_large'
  | 'invalid_input'
  | 'invalid_options'
  | 'fetch_failed'
  | 'model_load_failed'
  | 'missing_dependency'
  | 'analysis_failed'
  | 'timeout'
  | 'aborted'
  | 'disposed';

export class ImageGuardError extends Error {
  override readonly name = 'ImageGuardError';
  readonly code: ImageGuardErrorCode;

  constructor(code: ImageGuardErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }

  /** A plain object that survives structured cloning and JSON (worker messages, batch results, logs). */
  toJSON(): SerializedError {
    return { code: this.code, message: this.message };
  }

  static fromJSON(data: SerializedError): ImageGuardError {
    return new ImageGuardError(data.code, data.message);
  }
}

export interface SerializedError {
  code: ImageGuardErrorCode;
  message: string;
}

export function isImageGuardError(value: unknown): value is ImageGuardError {
  return value instanceof ImageGuardError;
}

export function abortError(): ImageGuardError {
  return new ImageGuardError('aborted', 'The check was cancelled before it finished.');
}
