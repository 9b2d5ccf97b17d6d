// Electron's entry point (package.json "main" -> out/main/index.js, built by electron-vite).
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { claimJournalOwner } from '../journal/owner-lock';
import { chooseElectronBuilds } from '../native/electron-main';
import { createRuntime } from '../runtime/index';
import { startApp } from './lifecycle';

const here = path.dirname(fileURLToPath(import.meta.url)); // out/main
// Before anything opens the journal: the better-sqlite3 build for this Electron (main/native).
const nativeProblem = chooseElectronBuilds(path.join(here, '../..'));

startApp({
  createRuntime,
  claimJournal: (dataDir) => claimJournalOwner(dataDir, 'electron'),
  preloadPath: path.join(here, '../preload/index.cjs'),
  rendererDir: path.join(here, '../renderer'),
  devServerUrl: process.env['ELECTRON_RENDERER_URL'],
  nativeProblem,
});
