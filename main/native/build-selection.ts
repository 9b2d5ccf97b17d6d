// Which build of a native module a runtime would load, and whether it can load it:
// - 'matches': the file the runtime would load was built for it (an N-API build whose Node-API
//   version the runtime has, or an ABI-specific build for the runtime's ABI);
// - 'stale': there is a build, but not for this runtime (another ABI, a newer Node-API, or an
//   Electron copy made for another Electron version or another version of the module);
// - 'missing': there is nothing to load.
// Plain Node loads the module's default build. Electron loads the default build when it fits, and
// otherwise the Electron copy of the module kept in its own folder (see electron-copies.ts).
import fs from 'node:fs';
import path from 'node:path';
import { readAddonKind, type AddonKind } from './addon-file';
import { copyModuleDir, electronCopyDir, listElectronCopies } from './electron-copies';
import { declaredNapiVersion, defaultBuildFile, readPackage, type NativeModuleName } from './module-loaders';
import type { NativeRuntime } from './runtime';

export type BuildVerdict = 'matches' | 'stale' | 'missing';

export interface BuildChoice {
  module: NativeModuleName;
  moduleVersion: string;
  verdict: BuildVerdict;
  /** which build the runtime would load: the module's own, or its Electron copy */
  source: 'default' | 'electron-copy';
  /** the file that would be loaded, when there is one */
  file?: string;
  addon?: AddonKind;
  /** Node-API version the file needs (N-API builds) */
  napiNeeded?: number;
  /** one sentence: why this verdict */
  reason: string;
}

export interface SelectBuildInput {
  module: NativeModuleName;
  /** the module's folder in node_modules */
  moduleDir: string;
  runtime: NativeRuntime;
  /** the folder holding Electron copies (<project>/.native) */
  copiesRoot: string;
}

/** Modules whose loader can be pointed at another file: better-sqlite3's `nativeBinding` option. keytar's cannot. */
export function takesNativeBinding(module: NativeModuleName): boolean {
  return module === 'better-sqlite3';
}

export interface Fit {
  fits: boolean;
  addon: AddonKind;
  napiNeeded?: number;
  why: string;
}

/** Whether `file` (a build of the module in `moduleDir`) loads in `runtime`, and why. */
export function judge(moduleDir: string, file: string, runtime: NativeRuntime): Fit {
  const addon = readAddonKind(file);
  if (addon.kind === 'abi') {
    return addon.abi === runtime.modules
      ? { fits: true, addon, why: `built for ABI ${addon.abi}` }
      : { fits: false, addon, why: `built for ABI ${addon.abi}, and this runtime needs ${runtime.modules}` };
  }
  if (addon.kind === 'unknown') return { fits: false, addon, why: 'exports neither an N-API nor an ABI entry point' };
  const napiNeeded = Math.max(addon.napiVersion, declaredNapiVersion(moduleDir, file) ?? 0);
  if (runtime.napi === undefined) {
    return { fits: true, addon, napiNeeded, why: `an N-API build (needs N-API ${napiNeeded}; this runtime's N-API version is known only from its binary)` };
  }
  return napiNeeded <= runtime.napi
    ? { fits: true, addon, napiNeeded, why: `an N-API build (needs N-API ${napiNeeded}, has ${runtime.napi})` }
    : { fits: false, addon, napiNeeded, why: `an N-API build that needs N-API ${napiNeeded}, and this runtime has ${runtime.napi}` };
}

function choice(input: SelectBuildInput, moduleVersion: string, source: BuildChoice['source'], file: string, fit: Fit): BuildChoice {
  const result: BuildChoice = {
    module: input.module,
    moduleVersion,
    verdict: fit.fits ? 'matches' : 'stale',
    source,
    file,
    addon: fit.addon,
    reason: `${path.basename(file)} is ${fit.why}.`,
  };
  if (fit.napiNeeded !== undefined) result.napiNeeded = fit.napiNeeded;
  return result;
}

export function selectBuild(input: SelectBuildInput): BuildChoice {
  const { module, moduleDir, runtime } = input;
  const moduleVersion = readPackage(moduleDir).version ?? '0.0.0';
  const file = defaultBuildFile(module, moduleDir, runtime);
  const fit = file === undefined ? undefined : judge(moduleDir, file, runtime);
  if (file !== undefined && fit?.fits) return choice(input, moduleVersion, 'default', file, fit);
  if (!runtime.electron || !takesNativeBinding(module)) {
    if (file !== undefined && fit) return choice(input, moduleVersion, 'default', file, fit);
    return { module, moduleVersion, verdict: 'missing', source: 'default', reason: `${module} ${moduleVersion} has no build in ${moduleDir}.` };
  }

  const defaultWhy = file === undefined || !fit ? 'has no build' : `has ${path.basename(file)}, ${fit.why}`;
  const copyDir = electronCopyDir(input.copiesRoot, runtime.electron, module, moduleVersion);
  const copiedModule = copyModuleDir(copyDir, module);
  const copyFile = fs.existsSync(copiedModule) ? defaultBuildFile(module, copiedModule, runtime) : undefined;
  if (copyFile !== undefined) {
    const copyFit = judge(copiedModule, copyFile, runtime);
    const result = choice(input, moduleVersion, 'electron-copy', copyFile, copyFit);
    return copyFit.fits ? result : { ...result, reason: `The Electron copy ${result.reason.charAt(0).toLowerCase()}${result.reason.slice(1)}` };
  }
  const others = listElectronCopies(input.copiesRoot, module);
  if (others.length > 0) {
    const names = others.map((other) => `Electron ${other.electron} / ${module} ${other.moduleVersion}`).join(', ');
    return {
      module,
      moduleVersion,
      verdict: 'stale',
      source: 'electron-copy',
      reason: `node_modules ${defaultWhy}; the Electron copies here are for ${names}, not Electron ${runtime.electron} / ${module} ${moduleVersion}.`,
    };
  }
  return {
    module,
    moduleVersion,
    verdict: 'missing',
    source: 'electron-copy',
    reason: `node_modules ${defaultWhy}, and there is no Electron copy for Electron ${runtime.electron} / ${module} ${moduleVersion}.`,
  };
}
