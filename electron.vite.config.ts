// electron-vite builds three things into out/:
//   out/main/index.js       the main process, ESM (package.json is "type":"module"; electron-store is
//                           ESM-only). Dependencies stay external (node_modules ships with the app),
//                           native better-sqlite3 and keytar above all.
//   out/preload/index.cjs   ONE CommonJS file: a sandboxed preload can neither load ESM nor require
//                           local files, so everything it imports (the contract's plain names) is bundled in.
//   out/renderer/           the React page, built with renderer/vite.config.ts's settings.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import { loadConfigFromFile, mergeConfig, type UserConfig } from 'vite';

const root = path.dirname(fileURLToPath(import.meta.url));
const fromRoot = (...parts: string[]) => path.resolve(root, ...parts);

async function rendererConfig(command: 'build' | 'serve', mode: string): Promise<UserConfig> {
  const own: UserConfig = {
    root: fromRoot('renderer'),
    base: './',
    build: {
      outDir: fromRoot('out/renderer'),
      emptyOutDir: true,
      rollupOptions: { input: fromRoot('renderer/index.html') },
    },
  };
  const file = fromRoot('renderer/vite.config.ts');
  const loaded = existsSync(file) ? await loadConfigFromFile({ command, mode }, file, root) : null;
  if (!loaded) return { ...own, plugins: [react()] };
  // The renderer's own settings (plugins, aliases...), with the locations electron-vite needs.
  return mergeConfig(loaded.config, own);
}

export default defineConfig(async ({ command, mode }) => ({
  main: {
    build: {
      externalizeDeps: true,
      rollupOptions: {
        // the day report's worker thread, next to index.js (main/runtime/day-report-worker.ts)
        input: { index: fromRoot('main/app/index.ts'), 'day-report-worker': fromRoot('main/runtime/day-report-worker-entry.ts') },
        external: ['better-sqlite3', 'keytar', /\.node$/],
        output: { format: 'es' as const, entryFileNames: '[name].js' },
      },
    },
  },
  preload: {
    build: {
      // Bundle every import: the sandboxed preload may require 'electron' and nothing else.
      externalizeDeps: false,
      rollupOptions: {
        input: { index: fromRoot('preload/index.ts') },
        output: { format: 'cjs' as const, entryFileNames: '[name].cjs', inlineDynamicImports: true },
      },
    },
  },
  renderer: await rendererConfig(command, mode),
}));
