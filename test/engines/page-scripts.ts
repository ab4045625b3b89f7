import type { Verdict } from '../../src/index.js';

// What the suite runs inside the page, as expression strings (see drivers.ts). Long work starts here and records
// into `window.__engines`; the suite polls for it, so no driver has to hold a call open for minutes.

export const demoPhotos = [1, 2, 3, 4, 5, 6].map((n) => `node_modules/@vladmandic/face-api/demo/sample${n}.jpg`);

export interface PhotoResult {
  url: string;
  ms: number;
  verdict: Verdict;
}

export type FileOutcome =
  | { name: string; kind: 'verdict'; ms: number; verdict: Verdict }
  | { name: string; kind: 'error'; ms: number; code: string; message: string; typed: boolean }
  | { name: string; kind: 'hang'; ms: number };

export interface ApiRun {
  done: boolean;
  error?: { code: string | null; message: string };
  initMs?: number;
  /** Whether the page has WebCodecs' ImageDecoder (the engines that have it, have it in workers too). */
  imageDecoder?: boolean;
  diagnostics?: { backend: string | null; device: Record<string, unknown> | null };
  photos?: PhotoResult[];
  files?: FileOutcome[];
}

export interface UploadFile {
  name: string;
  base64: string;
  fileName: string;
  mimeType: string;
}

/**
 * On the harness page (window.imageGuardKit): one guard with the default analyzers (and `guardOptions`), the
 * photos by URL in turn; then each file as a File, on a guard with NSFW alone, each raced against `boundMs` so a
 * hang shows as one.
 */
export function startApiRun(photoUrls: string[], files: UploadFile[], boundMs: number, guardOptions: object = {}): string {
  return `(() => {
    const state = (window.__engines = { done: false, imageDecoder: typeof ImageDecoder !== 'undefined' });
    const kit = window.imageGuardKit;
    const bytes = (base64) => Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
    (async () => {
      const started = performance.now();
      const guard = await kit.createImageGuard(${JSON.stringify(guardOptions)});
      state.initMs = performance.now() - started;
      state.diagnostics = await guard.diagnostics();
      state.photos = [];
      for (const url of ${JSON.stringify(photoUrls)}) {
        const begun = performance.now();
        const verdict = await guard.moderate(url);
        state.photos.push({ url, ms: performance.now() - begun, verdict });
      }
      state.files = [];
      // Decoding is what differs between engines here, not the models: a second guard with NSFW alone keeps the
      // corpus quick (a full screen of each file took 10 s in WebKit).
      const files = ${JSON.stringify(files)};
      const fileGuard = files.length ? await kit.createImageGuard({ analyzers: { faces: false, text: false, objects: false, quality: false } }) : null;
      for (const file of files) {
        const begun = performance.now();
        const ms = () => performance.now() - begun;
        const hang = new Promise((resolve) => setTimeout(() => resolve('hang'), ${boundMs}));
        try {
          const upload = new File([bytes(file.base64)], file.fileName, { type: file.mimeType });
          const result = await Promise.race([fileGuard.moderate(upload), hang]);
          state.files.push(result === 'hang' ? { name: file.name, kind: 'hang', ms: ms() } : { name: file.name, kind: 'verdict', ms: ms(), verdict: result });
        } catch (error) {
          state.files.push({ name: file.name, kind: 'error', ms: ms(), code: error.code ?? 'untyped', message: String(error.message ?? error), typed: error instanceof kit.ImageGuardError });
        }
      }
    })()
      .catch((error) => (state.error = { code: error.code ?? null, message: String(error.message ?? error) }))
      .finally(() => (state.done = true));
    return true;
  })()`;
}

export interface ElementEvent {
  type: 'image-guard-verdict' | 'image-guard-error';
  name: string;
  verdict: Verdict | null;
  code: string | null;
  message: string | null;
}

/** Records every verdict and error event the page's <image-guard> fires into window.__engines.events. */
export const recordElementEvents = `(() => {
  const state = (window.__engines = { events: [] });
  for (const type of ['image-guard-verdict', 'image-guard-error']) {
    document.addEventListener(type, (event) => {
      const { file, verdict, error } = event.detail;
      state.events.push({ type, name: file.name, verdict: verdict ?? null, code: error?.code ?? null, message: error?.message ?? null });
    });
  }
  return true;
})()`;

/** The events recorded since `from`, once there are `count` of them (else null). */
export const eventsFrom = (from: number, count: number) =>
  `(window.__engines.events.length >= ${from + count} ? window.__engines.events.slice(${from}) : null)`;

/** The demo's policy select, changed as a person does (the element judges its files again from their evidence). */
export const choosePolicy = (name: string) => `(() => {
  const select = document.querySelector('#policy');
  select.value = ${JSON.stringify(name)};
  select.dispatchEvent(new Event('change', { bubbles: true }));
  return true;
})()`;

/** What the demo form says after a submit (empty when the submit was stopped), and the element's own validity. */
export const formState = `(() => ({
  submitted: document.querySelector('#submit-result').textContent,
  valid: document.querySelector('image-guard').checkValidity(),
  message: document.querySelector('image-guard').validationMessage,
}))()`;

export const clearSubmitResult = `(() => { document.querySelector('#submit-result').textContent = ''; return true; })()`;

/** A request to another origin, from the page and from a worker of its own origin: the CSP must report both. */
export const foreignRequests = (url: string) => `(() => {
  fetch(${JSON.stringify(`${url}page`)}).catch(() => undefined);
  const worker = new Worker('/test/engines/fetch-worker.js');
  worker.postMessage(${JSON.stringify(`${url}worker`)});
  return true;
})()`;
