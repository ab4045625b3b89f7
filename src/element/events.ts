import type { GuardProgress, ImageGuardError, Verdict } from '../index.js';

// All three bubble and are composed, so a listener on the form or the document hears every <image-guard> in it.
const init = { bubbles: true, composed: true } as const;

export interface ImageGuardVerdictDetail {
  file: File;
  verdict: Verdict;
}

export interface ImageGuardErrorDetail {
  file: File;
  error: ImageGuardError;
}

/** The core's model-loading and analysis progress, plus one `checking` step when each file starts. */
export type ImageGuardProgressDetail = GuardProgress | { phase: 'checking'; file: File };

/** A file was checked; `detail.verdict` says what was found and what the policy suggests. */
export class ImageGuardVerdictEvent extends Event {
  static readonly eventName = 'image-guard-verdict';
  readonly detail: ImageGuardVerdictDetail;

  constructor(detail: ImageGuardVerdictDetail) {
    super(ImageGuardVerdictEvent.eventName, init);
    this.detail = detail;
  }
}

/** A file could not be checked; `detail.error.code` says why (e.g. 'unsupported_format'). */
export class ImageGuardErrorEvent extends Event {
  static readonly eventName = 'image-guard-error';
  readonly detail: ImageGuardErrorDetail;

  constructor(detail: ImageGuardErrorDetail) {
    super(ImageGuardErrorEvent.eventName, init);
    this.detail = detail;
  }
}

/** Model loading (first use only) and per-file progress. */
export class ImageGuardProgressEvent extends Event {
  static readonly eventName = 'image-guard-progress';
  readonly detail: ImageGuardProgressDetail;

  constructor(detail: ImageGuardProgressDetail) {
    super(ImageGuardProgressEvent.eventName, init);
    this.detail = detail;
  }
}

declare global {
  interface HTMLElementEventMap {
    'image-guard-verdict': ImageGuardVerdictEvent;
    'image-guard-error': ImageGuardErrorEvent;
    'image-guard-progress': ImageGuardProgressEvent;
  }
}
