// Bundles the Electron preload into ONE CommonJS file: a sandboxed preload can
// require only `electron` (and a few polyfilled modules), never our own files.
// Run by `npm run build:electron` after tsc has compiled the main process.
import { defineConfig } from 'vite';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

export default defineConfig({
  root,
  publicDir: false,
  logLevel: 'warn',
  build: {
    lib: { entry: fileURLToPath(new URL('../electron/preload.ts', import.meta.url)), formats: ['cjs'], fileName: () => 'preload.cjs' },
    outDir: fileURLToPath(new URL('../dist/electron', import.meta.url)),
    emptyOutDir: false,
    target: 'es2022',
    minify: false,
    sourcemap: false,
    rolldownOptions: { external: ['electron'] },
  },
});
