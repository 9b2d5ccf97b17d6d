// The native builds this checkout (or packaged app) gives a runtime: one BuildChoice per module,
// the modules resolved from the project's node_modules the way require() would.
import { createRequire } from 'node:module';
import path from 'node:path';
import { selectBuild, type BuildChoice } from './build-selection';
import { copiesRootOf } from './electron-copies';
import { NATIVE_MODULES } from './module-loaders';
import type { NativeRuntime } from './runtime';

export function moduleDirOf(module: string, projectRoot: string): string | undefined {
  try {
    return path.dirname(createRequire(path.join(projectRoot, 'package.json')).resolve(`${module}/package.json`));
  } catch {
    return undefined;
  }
}

/** The build of each native module `runtime` would load from `projectRoot`. */
export function projectBuilds(projectRoot: string, runtime: NativeRuntime): BuildChoice[] {
  return NATIVE_MODULES.map((module) => {
    const moduleDir = moduleDirOf(module, projectRoot);
    if (moduleDir === undefined) {
      return { module, moduleVersion: 'not installed', verdict: 'missing', source: 'default', reason: `${module} is not installed (run npm ci).` };
    }
    return selectBuild({ module, moduleDir, runtime, copiesRoot: copiesRootOf(projectRoot) });
  });
}
