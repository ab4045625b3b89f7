import { defineConfig } from 'vite';
import { imageGuard } from './src/vite/plugin.js';

export default defineConfig({
  // Relative base: the built demo works from any static host and any sub-folder.
  base: './',
  // A multi-page app: unknown paths are real 404s, not index.html served with a 200.
  appType: 'mpa',
  plugins: [imageGuard()],
  worker: { format: 'es' },
  build: { target: 'es2022' },
  optimizeDeps: {
    // Pre-bundle everything the page and the worker import up front: a dependency discovered late makes the dev
    // server re-optimise and reload the page mid-test, and could load a second copy of tfjs.
    entries: ['index.html', 'test/browser/*.html', 'bench/*.html'],
    include: [
      '@tensorflow/tfjs',
      '@tensorflow/tfjs-backend-wasm',
      'nsfwjs/core',
      // face-api's no-bundle build imports '@tensorflow/tfjs/dist/index.js', the same file as '@tensorflow/tfjs':
      // pre-bundled together, both share one tfjs chunk (one engine, one kernel registry).
      '@vladmandic/face-api/dist/face-api.esm-nobundle.js',
      'tesseract.js',
      'obscenity',
      'libphonenumber-js/max',
      'eld/small',
      'comlink',
      '@noble/hashes/sha2.js',
      '@noble/hashes/utils.js',
      'lit',
      'lit/directives/repeat.js',
    ],
  },
  server: {
    // The browser tests set this: a file saved mid-run must not reload the page under test.
    hmr: process.env.IMAGE_GUARD_NO_HMR ? false : undefined,
  },
});
