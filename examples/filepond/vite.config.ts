import { defineConfig } from 'vite';
import { imageGuard } from 'image-guard-kit/vite';

// The plugin serves the model, wasm and OCR files from the app's own origin in dev and emits them at build.
export default defineConfig({ plugins: [imageGuard()] });
