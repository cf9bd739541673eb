import { builtinModules } from 'node:module';
import path from 'node:path';
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';

// Vite is started from the repo root (`vite build --config src/web/vite.config.ts`),
// so the root is pinned to this folder explicitly.
const root = decodeURIComponent(new URL('.', import.meta.url).pathname);
const api = 'http://127.0.0.1:3000';
const src = path.resolve(root, '..');
const nodeBuiltins = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));

/**
 * The browser bundle pulls in no Node-only code: the build fails when the app or src/shared
 * imports a Node built-in, or reaches into src/server or src/cli (src/shared/browser-boundary.test.ts
 * checks the same, and server-only npm packages, without a build).
 */
function browserOnly(): Plugin {
  return {
    name: 'latchkey-browser-only',
    enforce: 'pre',
    resolveId(source, importer) {
      if (!importer || importer.includes(`${path.sep}node_modules${path.sep}`) || !importer.startsWith(src + path.sep)) return null;
      const from = path.relative(src, importer);
      if (source.startsWith('node:') || nodeBuiltins.has(source.split('/')[0]!)) this.error(`${from} imports the Node built-in '${source}'`);
      if (source.startsWith('.')) {
        const target = path.relative(src, path.resolve(path.dirname(importer), source));
        if (/^(server|cli)[\\/]/.test(target)) this.error(`${from} imports ${target}: server code stays out of the browser bundle`);
      }
      return null;
    },
  };
}

export default defineConfig({
  root,
  base: '/',
  plugins: [browserOnly(), react()],
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
