// Builds the workstation's screens (renderer/) into dist-renderer/, served by
// web mode and by the desktop shell's app:// protocol. JSX goes through Vite's
// built-in Oxc transform; no plugin, no remote asset, nothing inlined that the
// Content Security Policy would refuse.
import { defineConfig } from 'vite';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('./renderer', import.meta.url));

export default defineConfig({
  root,
  base: '/',
  publicDir: 'public',
  oxc: { jsx: { runtime: 'automatic' } },
  build: {
    outDir: fileURLToPath(new URL('./dist-renderer', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    // The polyfill would be an inline script; Chromium and Electron need none.
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    chunkSizeWarningLimit: 2000,
    rolldownOptions: {
      // React libraries mark themselves 'use client' (a server-components hint); meaningless here.
      onwarn(warning, warn) {
        if (warning.code === 'MODULE_LEVEL_DIRECTIVE') return;
        warn(warning);
      },
    },
  },
  server: { host: '127.0.0.1' },
  clearScreen: false,
  logLevel: 'warn',
});
