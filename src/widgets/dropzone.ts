/**
 * image-guard-kit/dropzone: Dropzone's asynchronous `accept(file, done)`, checking each file on the device before
 * Dropzone queues it. `new Dropzone(el, { url, accept: imageGuardAccept({ policy }) })`.
 */
import type Dropzone from 'dropzone';
import type { DropzoneAcceptCallback, DropzoneFile } from 'dropzone';
import type { Verdict } from '../verdict/types.js';
import { createValidator, type ValidatorOptions } from '../validator.js';
import { verdictField, type ValidationState } from './outcome.js';

export type ImageGuardDropzoneOptions = ValidatorOptions;

/** Dropzone's `accept` option, with `dispose()` to free the guard it created. */
export interface ImageGuardAccept {
  (this: Dropzone, file: DropzoneFile, done: DropzoneAcceptCallback): void;
  dispose(): void;
}

/** What the check leaves on Dropzone's file object. */
export interface ImageGuardDropzoneFile extends File {
  /** The verdict (null when the file could not be checked); also sent with the upload as the `imageGuard` field. */
  [verdictField]?: Verdict | null;
}

/**
 * A file is accepted (and queued, with `autoQueue`) only once its verdict lets it through; a blocked one, or one
 * that could not be checked, is rejected with the message Dropzone shows in its preview. One guard serves every file
 * of every Dropzone using this `accept`; removing a file stops its check.
 */
export function imageGuardAccept(options: ImageGuardDropzoneOptions = {}): ImageGuardAccept {
  const validate = createValidator(options);
  const checks = new Map<DropzoneFile, AbortController>();
  const wired = new WeakSet<Dropzone>();

  const wire = (dropzone: Dropzone): void => {
    if (wired.has(dropzone)) return;
    wired.add(dropzone);
    dropzone.on('removedfile', (file: DropzoneFile) => checks.get(file)?.abort());
    // The verdict goes with the file, for the server to re-check.
    dropzone.on('sending', (file: DropzoneFile, _xhr: XMLHttpRequest, formData?: FormData) => {
      const verdict = (file as ImageGuardDropzoneFile)[verdictField];
      if (formData && verdict) formData.append(verdictField, JSON.stringify(verdict));
    });
  };

  const accept = function (this: Dropzone, file: DropzoneFile, done: DropzoneAcceptCallback): void {
    wire(this);
    const controller = new AbortController();
    checks.set(file, controller);
    mark(file, 'checking');
    validate(file, { signal: controller.signal }).then(
      (result) => {
        (file as ImageGuardDropzoneFile)[verdictField] = result.verdict;
        mark(file, result.state);
        done(result.ok ? undefined : result.message);
      },
      // Aborted: the file was removed, so there is no one left to tell. Disposed: the page is done with Dropzone.
      () => undefined,
    ).finally(() => {
      if (checks.get(file) === controller) checks.delete(file);
    });
  } as ImageGuardAccept;
  accept.dispose = () => {
    for (const controller of checks.values()) controller.abort();
    validate.dispose();
  };
  return accept;
}

/** `data-image-guard` on the file's preview, for the page's CSS: checking, passed, review, blocked or error. */
function mark(file: DropzoneFile, state: ValidationState | 'checking'): void {
  file.previewElement?.setAttribute('data-image-guard', state);
}
