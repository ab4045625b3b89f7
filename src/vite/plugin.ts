import type { Plugin, ResolvedConfig } from 'vite';
import { runtimeAssets, type RuntimeAsset } from '../assets/npm.js';
import { MODEL_BASE_META } from '../runtime/asset-paths.js';
import { dedupeLegalComments } from './legal-comments.js';

// For apps without Vite: the same files, to copy into their own static folder (docs/API.md).
export { runtimeAssets, type RuntimeAsset };

export interface ImageGuardPluginOptions {
  /** Folder (under Vite's `base`) the model, wasm and language files are served from. Default 'image-guard-kit/'. */
  dir?: string;
}

/**
 * Serves the files image-guard-kit loads at run time (model weights, wasm binaries) from their npm packages on the
 * app's own origin: in the dev server through a middleware, in `vite build` as emitted assets. It also injects a
 * `<meta name="image-guard-kit:model-base-url">` into HTML pages so the library's default `modelBaseUrl` matches.
 */
export function imageGuard(options: ImageGuardPluginOptions = {}): Plugin {
  const dir = normaliseDir(options.dir ?? 'image-guard-kit/');
  let config: ResolvedConfig;
  let assets: Map<string, RuntimeAsset> | undefined;
  const assetMap = () => (assets ??= new Map(runtimeAssets().map((asset) => [asset.path, asset])));

  return {
    name: 'image-guard-kit',
    config() {
      return {
        worker: {
          // The analysis worker imports the models lazily (code-split chunks), which only ES module workers allow.
          format: 'es',
          // What a lazy chunk shares with the worker's entry goes into a chunk of its own, so no chunk imports the
          // entry: WebKit runs a module worker's entry script a second time when another of its chunks imports it
          // (a second tfjs and a second, unstarted worker state: every model failed in the built site).
          // Rolldown's chunk optimisation is what merges the shared code into the entry (Vite builds workers without
          // entry signatures to keep); without it, the shared code is a chunk both import.
          rolldownOptions: { experimental: { chunkOptimization: false } },
        },
        // The package's `imports` map picks face-api's build by condition (Node: node-wasm); in the browser it is the
        // no-bundle build, named as the bare path so it meets its pre-bundled copy below and shares the one tfjs.
        resolve: { alias: [{ find: /^#face-api$/, replacement: FACE_API_BROWSER }] },
        optimizeDeps: {
          // Pre-bundling would move guard.js into .vite/deps, away from the worker file its
          // `new URL('./runtime/worker.js', import.meta.url)` points at; served as-is, the URL stays true.
          exclude: ['image-guard-kit'],
          // Its CommonJS and large dependencies are pre-bundled up front instead of discovered on the first page
          // load (which reloads the page); face-api's no-bundle build shares the one tfjs chunk.
          include: PREBUNDLED.map((name) => `image-guard-kit > ${name}`),
        },
      };
    },
    configResolved(resolved) {
      config = resolved;
    },
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        const url = new URL(req.url ?? '/', 'http://localhost');
        const prefix = joinUrl(config.base, dir);
        if (!url.pathname.startsWith(prefix)) return next();
        const asset = assetMap().get(decodeURIComponent(url.pathname.slice(prefix.length)));
        if (!asset) return next();
        const body = asset.read();
        res.setHeader('Content-Type', asset.contentType);
        res.setHeader('Content-Length', body.length);
        res.setHeader('Cache-Control', 'no-cache');
        res.end(req.method === 'HEAD' ? undefined : body);
      });
    },
    generateBundle(_options, bundle) {
      if (config.command !== 'build' || config.build.ssr) return;
      for (const asset of assetMap().values()) {
        this.emitFile({ type: 'asset', fileName: `${dir}${asset.path}`, source: asset.read() });
      }
      // The workers' bundles arrive here as assets. Removing lines would shift a source map's lines: with maps on,
      // the scripts stay as the bundler wrote them.
      if (config.build.sourcemap) return;
      for (const output of Object.values(bundle)) {
        if (!output.fileName.endsWith('.js')) continue;
        if (output.type === 'chunk') output.code = dedupeLegalComments(output.code);
        else if (typeof output.source === 'string') output.source = dedupeLegalComments(output.source);
      }
    },
    transformIndexHtml() {
      return [
        {
          tag: 'meta',
          attrs: { name: MODEL_BASE_META, content: joinUrl(config.base, dir) },
          injectTo: 'head-prepend',
        },
      ];
    },
  };
}

const FACE_API_BROWSER = '@vladmandic/face-api/dist/face-api.esm-nobundle.js';

/** What the package's code imports, as the app's dev server should pre-bundle it. */
const PREBUNDLED = [
  '@tensorflow/tfjs',
  '@tensorflow/tfjs-backend-wasm',
  'nsfwjs/core',
  FACE_API_BROWSER,
  'tesseract.js',
  'obscenity',
  'libphonenumber-js/max',
  'eld/extrasmall',
  'exifr',
  'image-size',
  'idb',
  'comlink',
  '@noble/hashes/sha2.js',
  '@noble/hashes/utils.js',
  'lit',
  'lit/directives/repeat.js',
];

function normaliseDir(dir: string): string {
  const trimmed = dir.replace(/^\/+/, '');
  return trimmed.endsWith('/') ? trimmed : `${trimmed}/`;
}

/** Joins Vite's `base` ('/', '/app/' or './') with our folder. */
function joinUrl(base: string, dir: string): string {
  return `${base.endsWith('/') ? base : `${base}/`}${dir}`;
}
