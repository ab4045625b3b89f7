/**
 * Where each runtime file lives under `modelBaseUrl`. The Vite plugin (src/vite/assets.ts) serves the same paths;
 * a non-Vite app copies the files to these paths itself.
 */
export const MODEL_BASE_META = 'image-guard-kit:model-base-url';

export const DEFAULT_MODEL_BASE = '/image-guard-kit/';

export const assetPaths = {
  nsfwModel: (model: string) => `nsfwjs/${model}/model.json`,
  /** face-api appends '<model>-weights_manifest.json' itself. */
  faceModelFolder: 'face-api/',
  /** @vladmandic/human's CenterNet (COCO objects); model.json names its weights file, centernet.bin, beside it. */
  objectsModel: 'human/centernet.json',
  tfjsWasmFolder: 'tfjs-backend-wasm/',
  /** tesseract.js' own worker script (classic, loaded with importScripts), started by the analysis worker. */
  tesseractWorker: 'tesseract.js/worker.min.js',
  /** A folder: tesseract.js picks one core build in it from the browser's wasm features (see src/vite/assets.ts). */
  tesseractCoreFolder: 'tesseract.js-core/',
  /** A folder holding eng.traineddata.gz (LSTM-only, integer "best" model); tesseract.js gunzips it itself. */
  tesseractLangFolder: 'tesseract.js-data/eng/4.0.0_best_int/',
} as const;

/**
 * The absolute base URL for runtime files: the explicit option, else the plugin's meta tag, else the default.
 * Resolved on the main thread (workers have no document) against the page's base URI.
 */
export function resolveModelBaseUrl(explicit: string | undefined): string {
  const doc = typeof document === 'undefined' ? undefined : document;
  const fromMeta = doc?.querySelector<HTMLMetaElement>(`meta[name="${MODEL_BASE_META}"]`)?.content;
  const chosen = explicit ?? fromMeta ?? DEFAULT_MODEL_BASE;
  const base = doc?.baseURI ?? globalThis.location?.href;
  const absolute = base ? new URL(chosen, base).href : chosen;
  return absolute.endsWith('/') ? absolute : `${absolute}/`;
}

/** Which model a file under `modelBaseUrl` belongs to, for progress: tfjs' wasm binaries are the 'backend'. */
export function modelOfFile(file: string): 'nsfw' | 'faces' | 'objects' | 'text' | 'backend' {
  if (file.startsWith('nsfwjs/')) return 'nsfw';
  if (file.startsWith(assetPaths.faceModelFolder)) return 'faces';
  if (file.startsWith('human/')) return 'objects';
  if (file.startsWith(assetPaths.tfjsWasmFolder)) return 'backend';
  return 'text';
}
