// `npm start` (through scripts/start.mjs): the wiring of main/native/start-decision.ts.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { copiesRootOf } from '../main/native/electron-copies';
import { buildElectronCopy } from '../main/native/electron-copy-build';
import { electronRuntime, findElectron } from '../main/native/electron-install';
import { moduleDirOf, projectBuilds } from '../main/native/project-builds';
import { startCounter } from '../main/native/start-decision';

const projectRoot = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(import.meta.url);

function run(command: string, args: string[]): void {
  const child = spawn(command, args, { stdio: 'inherit' });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => child.kill(signal));
  child.on('error', (error) => {
    console.error(error.message);
    process.exit(1);
  });
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

const install = findElectron(projectRoot);
const starting = (async () =>
  startCounter({
    electron: install?.binary !== undefined ? electronRuntime(install).runtime : undefined,
    builds: (runtime) => projectBuilds(projectRoot, runtime),
    buildCopy: async (choice, electronVersion) => {
      const moduleDir = moduleDirOf(choice.module, projectRoot);
      if (moduleDir === undefined) throw new Error(`${choice.module} is not installed`);
      await buildElectronCopy({
        copiesRoot: copiesRootOf(projectRoot),
        electronVersion,
        module: choice.module,
        moduleDir,
        moduleVersion: choice.moduleVersion,
        log: (line) => console.log(line),
      });
    },
    startBrowserHost: () => {
      const npm = process.env['npm_execpath'];
      if (npm && /\.[cm]?js$/.test(npm)) run(process.execPath, [npm, 'run', 'start:web']);
      else run(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['run', 'start:web']);
    },
    // `electron-vite preview` builds main, preload and renderer, then launches Electron on the build.
    startElectron: () => run(process.execPath, [path.join(path.dirname(require.resolve('electron-vite/package.json')), 'bin', 'electron-vite.js'), 'preview']),
    log: (line) => console.log(line),
    fail: (sentence) => {
      console.error(sentence);
      process.exitCode = 1;
    },
  }))();
// Anything unforeseen still ends as one line, not a stack trace.
starting.catch((error: unknown) => {
  console.error(`npm start could not check the native builds for Electron: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}; npm run doctor shows what is there.`);
  process.exit(1);
});
