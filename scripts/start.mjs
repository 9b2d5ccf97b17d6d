// `npm start`: the Electron app when Electron's binary is here, else the browser host (README, Commands).
/* global process, console */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);

/**
 * The path of Electron's executable, or null when it was never downloaded. Read from the package's
 * own record of it (path.txt, written when the binary is installed) rather than by importing the
 * electron package: only main/app and preload import it.
 */
function electronBinary() {
  let packageDir;
  try {
    packageDir = path.dirname(require.resolve('electron/package.json'));
  } catch {
    return null; // not installed at all
  }
  const record = path.join(packageDir, 'path.txt');
  if (!existsSync(record)) return null; // installed with ELECTRON_SKIP_BINARY_DOWNLOAD
  const relative = readFileSync(record, 'utf8').trim();
  const distDir = process.env.ELECTRON_OVERRIDE_DIST_PATH || path.join(packageDir, 'dist');
  const binary = path.join(distDir, relative);
  return existsSync(binary) ? binary : null;
}

function run(command, args) {
  const child = spawn(command, args, { stdio: 'inherit' });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('error', (error) => {
    console.error(error.message);
    process.exit(1);
  });
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

if (electronBinary()) {
  // `electron-vite preview` builds main, preload and renderer, then launches Electron on the build.
  const cli = path.join(path.dirname(require.resolve('electron-vite/package.json')), 'bin', 'electron-vite.js');
  run(process.execPath, [cli, 'preview']);
} else {
  console.log("Electron's binary is missing (node_modules/electron was installed without it); starting the browser host instead.");
  const npm = process.env.npm_execpath;
  if (npm && /\.[cm]?js$/.test(npm)) run(process.execPath, [npm, 'run', 'start:web']);
  else run(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['run', 'start:web']);
}
