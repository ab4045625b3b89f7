/**
 * image-guard-kit/filepond: a FilePond plugin. Each file is checked on the device in an asynchronous LOAD_FILE filter,
 * as FilePond's own validation plugins check theirs, so a file that is not let through is an invalid item: it shows
 * FilePond's error state with the library's message, and is never processed (uploaded).
 *
 *   FilePond.registerPlugin(imageGuardPlugin);
 *   FilePond.create(input, { imageGuard: { policy: 'strict' } });
 */
import type { FilePondFile } from 'filepond';
import type { Verdict } from '../verdict/types.js';
import { createValidator, type Validator, type ValidatorOptions } from '../validator.js';
import { verdictField, type ValidationResult } from './outcome.js';

export type ImageGuardFilePondOptions = ValidatorOptions;

declare module 'filepond' {
  interface FilePondOptions {
    /** Turns the check on for this FilePond: `{ policy }` (one guard for all its files) or `{ guard }`. */
    imageGuard?: ImageGuardFilePondOptions | null;
    /** The status headline of a blocked image; the library's reason is shown under it. */
    labelImageGuardBlocked?: string;
    /** The headline of an image held for review (`review: 'hold'`). */
    labelImageGuardHeld?: string;
    /** The headline of a file that could not be checked (not an image, too large, damaged...). */
    labelImageGuardError?: string;
  }
}

/** The parts of FilePond's plugin API this plugin uses (FilePond passes them to every registered plugin). */
interface FilePondPluginApi {
  addFilter(key: 'LOAD_FILE', filter: (file: File, utils: { query: Query }) => Promise<File>): void;
  addFilter(key: 'DID_LOAD_ITEM', filter: (item: FilePondFile, utils: { query: Query }) => Promise<FilePondFile>): void;
  addFilter(key: 'CREATE_VIEW', filter: (view: FilePondView) => void): void;
  utils: { Type: Record<'OBJECT' | 'STRING', string> };
}

type Query = (key: string, ...args: unknown[]) => unknown;

/** What CREATE_VIEW hands a plugin: the view's internal API (each frame's writer gets the view as `root`). */
interface FilePondView {
  is(name: string): boolean;
  query: Query;
  registerWriter(writer: (frame: { root: { element: HTMLElement }; props: { id?: string } }) => void): void;
  registerDestroyer(destroyer: () => void): void;
}

/** Rejections FilePond shows on the item: `main` as the headline, `sub` under it. */
interface FilePondStatus {
  status: { main: string; sub: string };
}

/**
 * Register once with `FilePond.registerPlugin(imageGuardPlugin)`; it acts on the FilePonds created with an
 * `imageGuard` option and leaves the others alone.
 */
export function imageGuardPlugin({ addFilter, utils }: FilePondPluginApi) {
  // One validator (so one guard) per `imageGuard` option object: every file of that FilePond shares it.
  const validators = new WeakMap<ImageGuardFilePondOptions, Validator>();
  // Checks in flight and settled results, by the file FilePond loaded, so the item can find its own.
  const checks = new Map<Blob, AbortController>();
  const results = new WeakMap<Blob, ValidationResult>();

  const validatorFor = (options: ImageGuardFilePondOptions): Validator => {
    let validator = validators.get(options);
    if (!validator) {
      validator = createValidator(options);
      validators.set(options, validator);
    }
    return validator;
  };

  addFilter('LOAD_FILE', async (file, { query }) => {
    const options = query('GET_IMAGE_GUARD') as ImageGuardFilePondOptions | null;
    if (!options) return file;
    const controller = new AbortController();
    checks.set(file, controller);
    let result: ValidationResult;
    try {
      result = await validatorFor(options)(file, { signal: controller.signal });
    } catch (error) {
      // Aborted (the item was removed) or disposed: FilePond has already let go of the item.
      throw status(String(query('GET_LABEL_IMAGE_GUARD_ERROR')), (error as Error).message);
    } finally {
      if (checks.get(file) === controller) checks.delete(file);
    }
    results.set(file, result);
    if (result.ok) return file;
    const label = result.state === 'error' ? 'ERROR' : result.state === 'review' ? 'HELD' : 'BLOCKED';
    throw status(String(query(`GET_LABEL_IMAGE_GUARD_${label}`)), result.message);
  });

  // The verdict goes into the item's metadata, which FilePond sends with the file (and `getMetadata` reads).
  addFilter('DID_LOAD_ITEM', async (item) => {
    const result = results.get(item.file) ?? (item.source instanceof Blob ? results.get(item.source) : undefined);
    if (result?.verdict) item.setMetadata(verdictField, result.verdict satisfies Verdict);
    return item;
  });

  // Each item's file view: its state as `data-image-guard` for the page's CSS, and removing the item stops its check.
  addFilter('CREATE_VIEW', (view) => {
    if (!view.is('file') || !view.query('GET_IMAGE_GUARD')) return;
    let source: Blob | null = null;
    view.registerWriter(({ root, props }) => {
      const item = props.id === undefined ? undefined : (view.query('GET_ITEM', props.id) as FilePondFile | null | undefined);
      if (!item) return;
      if (item.source instanceof Blob) source = item.source;
      const result = results.get(item.file) ?? (source ? results.get(source) : undefined);
      const state = result?.state ?? 'checking';
      if (root.element.dataset.imageGuard !== state) root.element.dataset.imageGuard = state;
    });
    view.registerDestroyer(() => {
      if (source) checks.get(source)?.abort();
    });
  });

  return {
    options: {
      imageGuard: [null, utils.Type.OBJECT],
      labelImageGuardBlocked: ['Image not allowed', utils.Type.STRING],
      labelImageGuardHeld: ['Held for review', utils.Type.STRING],
      labelImageGuardError: ['Image could not be checked', utils.Type.STRING],
    },
  };
}

function status(main: string, sub: string): FilePondStatus {
  return { status: { main, sub } };
}
