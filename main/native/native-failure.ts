// The sentence Electron's main process shows when a native module cannot be used at start-up: its
// build does not fit this Electron (found before loading it), or loading it failed all the same.
// Shown in a dialog in English and Simplified Chinese (the cashier's language is in the settings,
// which are not read yet), never as a stack trace.
import type { BuildChoice } from './build-selection';

const WHAT = {
  'better-sqlite3': { en: 'payment journal module', zh: '交易日志模块' },
  keytar: { en: 'keychain module', zh: '钥匙串模块' },
} as const;

type KnownModule = keyof typeof WHAT;

export class NativeModuleError extends Error {
  readonly module: KnownModule;
  readonly zh: string;

  constructor(module: KnownModule, problem: 'not_built' | 'not_loaded', options?: { cause?: unknown }) {
    const what = WHAT[module];
    super(
      problem === 'not_built'
        ? `Counter cannot start: its ${what.en} (${module}) is not built for this version of Electron; run npm start again from the project folder (it builds what is missing), or reinstall Counter.`
        : `Counter cannot start: its ${what.en} (${module}) could not be loaded; run npm start again from the project folder (it builds what is missing), or reinstall Counter.`,
      options,
    );
    this.name = 'NativeModuleError';
    this.module = module;
    this.zh =
      problem === 'not_built'
        ? `Counter 无法启动：其${what.zh}（${module}）不是为此版本的 Electron 构建的；请在项目文件夹中重新运行 npm start（它会构建缺少的部分），或重新安装 Counter。`
        : `Counter 无法启动：无法加载其${what.zh}（${module}）；请在项目文件夹中重新运行 npm start（它会构建缺少的部分），或重新安装 Counter。`;
  }
}

/**
 * The journal's build when it does not fit, as the error to show; undefined when it fits. keytar
 * does not stop the start: without it the app runs with the keychain unavailable (training works,
 * Settings says why), as when no Secret Service answers.
 */
export function nativeBuildProblem(builds: readonly BuildChoice[]): NativeModuleError | undefined {
  const unfit = builds.find((choice) => choice.module === 'better-sqlite3' && choice.verdict !== 'matches');
  return unfit === undefined ? undefined : new NativeModuleError(unfit.module, 'not_built');
}

const LOAD_FAILURE = /ERR_DLOPEN_FAILED|NODE_MODULE_VERSION|did not self-register|invalid ELF header|not a valid Win32 application|Node-API version|cannot open shared object file|Could not locate the bindings file/i;

/** The error to show for `error` when it is a native module failing to load, else undefined. */
export function nativeLoadFailure(error: unknown): NativeModuleError | undefined {
  if (error instanceof NativeModuleError) return error;
  if (!(error instanceof Error)) return undefined;
  const text = `${(error as NodeJS.ErrnoException).code ?? ''} ${error.message}`;
  const module: KnownModule | undefined = /better[-_]sqlite3/.test(text) ? 'better-sqlite3' : /keytar/.test(text) ? 'keytar' : undefined;
  if (module === undefined || !(LOAD_FAILURE.test(text) || /Cannot find module .*\.node/.test(text))) return undefined;
  return new NativeModuleError(module, 'not_loaded', { cause: error });
}
