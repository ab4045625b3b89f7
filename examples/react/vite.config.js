import { defineConfig } from 'vite';
import { imageGuard } from 'image-guard-kit/vite';

// JSX with React's automatic runtime, compiled by Vite itself: no React plugin is needed for this example
// (add @vitejs/plugin-react for Fast Refresh).
export default defineConfig({
  plugins: [imageGuard()],
  oxc: { jsx: { runtime: 'automatic' } },
});
