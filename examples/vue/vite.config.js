import { defineConfig } from 'vite';
import { imageGuard } from 'image-guard-kit/vite';

export default defineConfig({ plugins: [imageGuard()] });
