/**
 * image-guard-kit/uppy: an Uppy plugin. Uppy's `onBeforeFileAdded` is synchronous, so the check starts when a file has
 * been added, and a preprocessor holds the upload until every file's verdict is in; a file that is not let through
 * fails (Uppy's own error state, with the library's message) or is removed, and never reaches the uploader.
 *
 *   uppy.use(ImageGuard, { policy: 'strict' });
 */
import { BasePlugin, type Body, type Meta, type PluginOpts, type Uppy, type UppyFile } from '@uppy/core';
import { ImageGuardError } from '../errors.js';
import { createValidator, type Validator, type ValidatorOptions } from '../validator.js';
import { defaultValidatorStrings, errorOutcome, verdictField, type ValidationResult } from './outcome.js';

export type ImageGuardUppyOptions = PluginOpts &
  ValidatorOptions & {
    /** What happens to a file that is not let through: 'fail' (default) keeps it, in its error state; 'remove' drops it. */
    onBlocked?: 'fail' | 'remove';
  };

interface Check {
  controller: AbortController;
  result: Promise<ValidationResult>;
}

export class ImageGuard<M extends Meta, B extends Body> extends BasePlugin<ImageGuardUppyOptions, M, B> {
  readonly #validate: Validator;
  readonly #onBlocked: 'fail' | 'remove';
  readonly #checking: string;
  readonly #checks = new Map<string, Check>();
  /** Files whose outcome has been announced (`info`), so holding the upload does not announce it again. */
  readonly #announced = new Set<string>();

  constructor(uppy: Uppy<M, B>, opts: ImageGuardUppyOptions = {}) {
    super(uppy, opts);
    this.id = opts.id ?? 'ImageGuard';
    this.type = 'modifier';
    const { id: _id, locale: _locale, onBlocked = 'fail', ...validatorOptions } = opts;
    if (onBlocked !== 'fail' && onBlocked !== 'remove') {
      throw new ImageGuardError('invalid_options', `onBlocked must be 'fail' or 'remove', got ${JSON.stringify(onBlocked)}`);
    }
    this.#onBlocked = onBlocked;
    this.#checking = opts.strings?.checking ?? defaultValidatorStrings.checking;
    this.#validate = createValidator(validatorOptions);
  }

  override install(): void {
    this.uppy.on('file-added', this.#onFileAdded);
    this.uppy.on('file-removed', this.#onFileRemoved);
    this.uppy.addPreProcessor(this.#holdUpload);
  }

  override uninstall(): void {
    this.uppy.off('file-added', this.#onFileAdded);
    this.uppy.off('file-removed', this.#onFileRemoved);
    this.uppy.removePreProcessor(this.#holdUpload);
    for (const { controller } of this.#checks.values()) controller.abort();
    this.#checks.clear();
    this.#announced.clear();
    this.#validate.dispose();
  }

  #onFileAdded = (file: UppyFile<M, B>): void => {
    void this.#check(file).then((result) => this.#settle(file.id, result), () => undefined);
  };

  #onFileRemoved = (file: UppyFile<M, B>): void => {
    this.#checks.get(file.id)?.controller.abort();
    this.#checks.delete(file.id);
    this.#announced.delete(file.id);
  };

  /** The file's check, started once; a file from a remote provider (no bytes on this device) cannot be checked. */
  #check(file: UppyFile<M, B>): Promise<ValidationResult> {
    const existing = this.#checks.get(file.id);
    if (existing) return existing.result;
    const controller = new AbortController();
    const result =
      file.data instanceof Blob
        ? this.#validate(file.data, { signal: controller.signal })
        : Promise.resolve(errorOutcome(remoteFileError(), { ...defaultValidatorStrings, ...this.opts.strings }));
    this.#checks.set(file.id, { controller, result });
    return result;
  }

  /** The verdict goes into the file's meta (sent with the upload, as JSON); what is not let through is failed or removed. */
  #settle(fileID: string, result: ValidationResult): void {
    const file = this.uppy.getState().files[fileID];
    if (!this.#checks.has(fileID) || !file) return;
    if (result.verdict) this.uppy.setFileMeta(fileID, { [verdictField]: JSON.stringify(result.verdict) } as unknown as M);
    const announce = !this.#announced.has(fileID);
    this.#announced.add(fileID);
    if (result.ok) {
      if (result.state === 'review' && announce) this.#inform(file, result.message, 'warning');
      return;
    }
    if (announce) this.#inform(file, result.message, 'error');
    if (this.#onBlocked === 'remove') this.uppy.removeFile(fileID);
    else this.uppy.setFileState(fileID, { error: result.message } as Partial<UppyFile<M, B>>);
  }

  /** Uppy's Informer: the message, with the file's name as its details. */
  #inform(file: UppyFile<M, B>, message: string, type: 'warning' | 'error'): void {
    this.uppy.info({ message, details: file.name ?? '' }, type, this.uppy.opts.infoTimeout);
  }

  /** The preprocessor: each file's progress shows the check until its verdict is in. */
  #holdUpload = async (fileIDs: string[]): Promise<void> => {
    await Promise.all(
      fileIDs.map(async (fileID) => {
        const file = this.uppy.getState().files[fileID];
        if (!file) return;
        this.uppy.emit('preprocess-progress', file, { mode: 'indeterminate', message: this.#checking });
        try {
          this.#settle(fileID, await this.#check(file));
        } catch {
          // Aborted: the file was removed while it was being checked.
        }
        const settled = this.uppy.getState().files[fileID];
        if (settled) this.uppy.emit('preprocess-complete', settled);
      }),
    );
  };
}

function remoteFileError(): ImageGuardError {
  return new ImageGuardError('invalid_input', 'This file is not on this device (it comes from a remote source), so it cannot be checked here.');
}
