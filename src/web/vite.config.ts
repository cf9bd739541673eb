import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// Vite is started from the repo root (`vite build --config src/web/vite.config.ts`),
// so the root is pinned to this folder explicitly.
const root = decodeURIComponent(new URL('.', import.meta.url).pathname);
const api = 'http://127.0.0.1:3000';

export default defineConfig({
  root,
  base: '/',
  plugins: [react()],
  build: {
    outDir: '../../dist/web',
    emptyOutDir: true,
    sourcemap: false,
    // Fluent UI is most of the bundle; one chunk keeps the CSP-friendly static output simple.
    chunkSizeWarningLimit: 1200,
  },
  server: {
    port: 5173,
    strictPort: true,
    proxy: {
      '/api': { target: api, changeOrigin: false },
      '/healthz': { target: api, changeOrigin: false },
    },
  },
});
