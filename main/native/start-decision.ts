// What `npm start` does (scripts/start.mjs): without Electron's binary, the browser host; with it,
// first the native builds Electron's main process needs. A build that is missing or stale is made
// (the Electron copy, keyed by Electron's version and the module's), with progress lines; when it
// cannot be made the cashier's engineer gets one sentence saying what to install, and npm start
// exits non-zero without opening the window.
import type { BuildChoice } from './build-selection';
import { takesNativeBinding } from './build-selection';
import type { NativeRuntime } from './runtime';

export const NO_ELECTRON_BINARY =
  "Electron's binary is missing (node_modules/electron was installed without it); starting the browser host instead.";

export interface StartDeps {
  /** Electron's runtime when its binary is here, else undefined */
  electron: NativeRuntime | undefined;
  /** the builds `runtime` would load (project-builds.ts) */
  builds: (runtime: NativeRuntime) => BuildChoice[];
  /** makes the Electron copy of one module (electron-copy-build.ts) */
  buildCopy: (choice: BuildChoice, electronVersion: string) => Promise<void>;
  startBrowserHost: () => void;
  startElectron: () => void;
  log: (line: string) => void;
  fail: (sentence: string) => void;
}

/** The one sentence for a build that could not be made: what to install or do. */
export function buildFailureSentence(error: unknown, module: string, moduleVersion: string, electronVersion: string): string {
  const text = error instanceof Error ? `${error.message}\n${String((error as { stderr?: unknown }).stderr ?? '')}` : String(error);
  const what = `Building ${module} ${moduleVersion} for Electron ${electronVersion}`;
  if (/find Python|Could not find any Python|python3?: (command )?not found/i.test(text)) {
    return `${what} needs Python 3, which node-gyp could not find: install Python 3 (Debian: apt-get install python3; macOS and Windows: python.org) and run npm start again.`;
  }
  if (/no compiler|not found: (make|c\+\+|g\+\+|cc|clang)|(make|c\+\+|g\+\+|cc): (command )?not found|find VS|Visual Studio|xcode-select|No Xcode/i.test(text)) {
    return `${what} needs a C++ compiler and make: install build-essential (Debian), the Xcode Command Line Tools (macOS) or Visual Studio Build Tools with "Desktop development with C++" (Windows) and run npm start again.`;
  }
  if (/ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|getaddrinfo|socket hang up/i.test(text)) {
    return `${what} needs Electron ${electronVersion}'s headers from electronjs.org, which could not be downloaded: connect this computer to the internet (or set npm_config_disturl to a mirror of them) and run npm start again.`;
  }
  const first = (text.split('\n').find((line) => line.trim() !== '') ?? 'unknown error').trim().slice(0, 160);
  return `${what} failed (${first}); run npm start again, and npm run doctor shows which builds are missing.`;
}

const withoutStop = (sentence: string): string => sentence.replace(/\.$/, '');

/** Makes every missing or stale build for Electron; answers the sentence to print when one cannot be made. */
export async function prepareElectronBuilds(deps: Pick<StartDeps, 'builds' | 'buildCopy' | 'log'>, electron: NativeRuntime): Promise<string | undefined> {
  const electronVersion = electron.electron ?? 'unknown';
  for (const choice of deps.builds(electron)) {
    if (choice.verdict === 'matches') continue;
    if (!takesNativeBinding(choice.module)) {
      return `${choice.module} ${choice.moduleVersion} cannot load in Electron ${electronVersion} (${withoutStop(choice.reason)}), and its loader takes no other build: reinstall it with npm ci.`;
    }
    deps.log(`${choice.module} ${choice.moduleVersion} for Electron ${electronVersion}: ${choice.verdict} (${withoutStop(choice.reason)})`);
    try {
      await deps.buildCopy(choice, electronVersion);
    } catch (error) {
      return buildFailureSentence(error, choice.module, choice.moduleVersion, electronVersion);
    }
    const after = deps.builds(electron).find((next) => next.module === choice.module);
    if (after?.verdict !== 'matches') {
      return `The build of ${choice.module} ${choice.moduleVersion} made for Electron ${electronVersion} still cannot load (${withoutStop(after?.reason ?? 'no build')}); delete the .native folder and run npm start again.`;
    }
  }
  return undefined;
}

export async function startCounter(deps: StartDeps): Promise<void> {
  if (!deps.electron) {
    deps.log(NO_ELECTRON_BINARY);
    deps.startBrowserHost();
    return;
  }
  deps.log(`checking the native builds for Electron ${deps.electron.electron ?? ''} ...`);
  const problem = await prepareElectronBuilds(deps, deps.electron);
  if (problem !== undefined) {
    deps.fail(problem);
    return;
  }
  deps.startElectron();
}
