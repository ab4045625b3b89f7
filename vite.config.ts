import { defineConfig } from 'vite';
import { imageGuard } from './src/vite/plugin.js';

export default defineConfig({
  // Relative base: the built demo works from any static host and any sub-folder.
  base: './',
  plugins: [imageGuard()],
  worker: { format: 'es' },
  build: { target: 'es2022' },
});
