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

/** The shape all three share: an `Event` with a typed `detail`, bubbling and composed. */
abstract class ImageGuardEvent<Detail> extends Event {
  readonly detail: Detail;

  constructor(type: string, detail: Detail) {
    super(type, init);
    this.detail = detail;
  }
}

/** A file was checked; `detail.verdict` says what was found and what the policy suggests. */
export class ImageGuardVerdictEvent extends ImageGuardEvent<ImageGuardVerdictDetail> {
  static readonly eventName = 'image-guard-verdict';
  constructor(detail: ImageGuardVerdictDetail) {
    super(ImageGuardVerdictEvent.eventName, detail);
  }
}

/** A file could not be checked; `detail.error.code` says why (e.g. 'unsupported_format'). */
export class ImageGuardErrorEvent extends ImageGuardEvent<ImageGuardErrorDetail> {
  static readonly eventName = 'image-guard-error';
  constructor(detail: ImageGuardErrorDetail) {
    super(ImageGuardErrorEvent.eventName, detail);
  }
}

/** Model loading (first use only) and per-file progress. */
export class ImageGuardProgressEvent extends ImageGuardEvent<ImageGuardProgressDetail> {
  static readonly eventName = 'image-guard-progress';
  constructor(detail: ImageGuardProgressDetail) {
    super(ImageGuardProgressEvent.eventName, detail);
  }
}

declare global {
  interface HTMLElementEventMap {
    'image-guard-verdict': ImageGuardVerdictEvent;
    'image-guard-error': ImageGuardErrorEvent;
    'image-guard-progress': ImageGuardProgressEvent;
  }
}
