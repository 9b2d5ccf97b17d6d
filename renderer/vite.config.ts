// Builds the renderer for the browser host (and as a static bundle): `npx vite build --config renderer/vite.config.ts`
// writes dist-web/index.html + assets. No inline script may end up in the output (the page's CSP forbids it).
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: './',
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('../dist-web', import.meta.url)),
    emptyOutDir: true,
    // The polyfill is an inline script; Chromium does not need it.
    modulePreload: { polyfill: false },
    // Keep every asset a file: fonts and scripts may not come from data: URLs under the CSP.
    assetsInlineLimit: 0,
    target: 'chrome120',
  },
  server: { host: '127.0.0.1' },
});
