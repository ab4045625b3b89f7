import { onOrOff } from '../../config/checks.js';
import type { AnalyzerSpec, RuntimeFile } from '../contract.js';

/** Where tesseract.js' files are under modelBaseUrl: every one must be set, or tesseract.js fetches it from a CDN. */
export const tesseractPaths = {
  /** Its own worker script (classic, loaded with importScripts), started by the analysis worker. */
  worker: 'tesseract.js/worker.min.js',
  /** A folder: tesseract.js picks one core build in it from the browser's wasm features. */
  coreFolder: 'tesseract.js-core/',
  /** A folder holding eng.traineddata.gz (LSTM-only, integer "best" model); tesseract.js gunzips it itself. */
  langFolder: 'tesseract.js-data/eng/4.0.0_best_int/',
} as const;

/**
 * With the LSTM-only engine we use (OEM 1), tesseract.js v7 picks `tesseract-core-{relaxedsimd-,simd-,}lstm.wasm.js`
 * in the core folder by the browser's wasm features (src/worker-script/browser/getCore.js). Those files embed their
 * wasm as base64 (3.9 MB each); under those names we serve tesseract.js-core's own loader of the same build without
 * it (`tesseract-core-*-lstm.js`, 89 KB), which fetches the plain `.wasm` (2.9 MB, 1.1 MB gzipped) from the folder of
 * the script that runs it, tesseract.js' worker: so the `.wasm` files sit beside `worker.min.js`. The same build, one
 * third less to download. The builds with the legacy engine cannot run the best_int model (it has no legacy
 * components), so they are not served.
 */
const CORE_BUILDS = ['tesseract-core-relaxedsimd-lstm', 'tesseract-core-simd-lstm', 'tesseract-core-lstm'];
const WORKER_FOLDER = tesseractPaths.worker.slice(0, tesseractPaths.worker.lastIndexOf('/') + 1);

const files: RuntimeFile[] = [
  {
    path: tesseractPaths.worker,
    contentType: 'text/javascript',
    npm: { package: 'tesseract.js', file: 'dist/worker.min.js' },
    // In Node, tesseract.js runs its worker_threads script (Node requires the core itself, from its package).
    node: { package: 'tesseract.js', file: 'src/worker-script/node/index.js' },
  },
  // tesseract.js-core is tesseract.js' dependency, not ours: the copy tesseract.js itself would load.
  ...CORE_BUILDS.flatMap((build): RuntimeFile[] => [
    {
      path: `${tesseractPaths.coreFolder}${build}.wasm.js`,
      contentType: 'text/javascript',
      npm: { package: 'tesseract.js-core', file: `${build}.js`, within: 'tesseract.js' },
    },
    {
      path: `${WORKER_FOLDER}${build}.wasm`,
      contentType: 'application/wasm',
      npm: { package: 'tesseract.js-core', file: `${build}.wasm`, within: 'tesseract.js' },
    },
  ]),
  // Served as the gzip bytes themselves (no Content-Encoding): tesseract.js checks the magic number and gunzips.
  {
    path: `${tesseractPaths.langFolder}eng.traineddata.gz`,
    contentType: 'application/octet-stream',
    npm: { package: '@tesseract.js-data/eng', file: '4.0.0_best_int/eng.traineddata.gz' },
  },
];

/**
 * OCR (tesseract.js, English) on the first frame and screening of the text read. tesseract.js runs in a worker of
 * its own, so the tfjs analyzers run meanwhile.
 */
export const textSpec = {
  name: 'text',
  model: 'The OCR engine (tesseract.js)',
  files,
  tfjs: false,
  frames: 'first',
  ownThread: true,
  resolve: (option: boolean | undefined, path: string): true | null => (onOrOff(option, path) ? true : null),
} as const satisfies AnalyzerSpec<'text', never, true>;
