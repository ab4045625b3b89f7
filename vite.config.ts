import { defineConfig } from 'vite';
import { imageGuard } from './src/vite/plugin.js';

export default defineConfig({
  // Relative base: the built demo works from any static host and any sub-folder.
  base: './',
  // A multi-page app: unknown paths are real 404s, not index.html served with a 200.
  appType: 'mpa',
  plugins: [imageGuard()],
  // The hosted demo; dist/ is the npm package's code (npm run build:lib).
  build: { target: 'es2022', outDir: 'site' },
  optimizeDeps: {
    // Every page that imports the library, scanned up front; the plugin names the dependencies to pre-bundle. A
    // dependency discovered late makes the dev server re-optimise and reload the page mid-test.
    entries: ['index.html', 'test/browser/*.html', 'bench/*.html'],
  },
  server: {
    // The browser tests set this: a file saved mid-run must not reload the page under test.
    hmr: process.env.IMAGE_GUARD_NO_HMR ? false : undefined,
  },
});
