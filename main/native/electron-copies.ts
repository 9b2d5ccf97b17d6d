// Electron copies of a native module: when the module's default build cannot load in Electron (an
// ABI-specific build for plain Node's ABI), a copy of the module built for Electron's ABI lives in
// <project>/.native/electron-<electron version>/<module>-<module version>/node_modules/<module>,
// beside node_modules and never in it, so the tests and the browser host keep the Node build.
// The folder name is the key: a new Electron or a new version of the module means a new copy.
import fs from 'node:fs';
import path from 'node:path';
import type { NativeModuleName } from './module-loaders';

export const COPIES_FOLDER = '.native';

export function copiesRootOf(projectRoot: string): string {
  return path.join(projectRoot, COPIES_FOLDER);
}

export function electronCopyDir(copiesRoot: string, electronVersion: string, module: NativeModuleName, moduleVersion: string): string {
  return path.join(copiesRoot, `electron-${electronVersion}`, `${module}-${moduleVersion}`);
}

/** The module's own folder inside a copy (what its loader, and `nativeBinding`, are resolved from). */
export function copyModuleDir(copyDir: string, module: NativeModuleName): string {
  return path.join(copyDir, 'node_modules', module);
}

export interface ElectronCopy {
  electron: string;
  moduleVersion: string;
  dir: string;
}

/** Every Electron copy of `module` kept under `copiesRoot`, whatever its key. */
export function listElectronCopies(copiesRoot: string, module: NativeModuleName): ElectronCopy[] {
  const copies: ElectronCopy[] = [];
  for (const electronFolder of readDirNames(copiesRoot)) {
    const electron = /^electron-(.+)$/.exec(electronFolder)?.[1];
    if (!electron) continue;
    for (const moduleFolder of readDirNames(path.join(copiesRoot, electronFolder))) {
      if (!moduleFolder.startsWith(`${module}-`)) continue;
      const dir = path.join(copiesRoot, electronFolder, moduleFolder);
      if (fs.existsSync(copyModuleDir(dir, module))) copies.push({ electron, moduleVersion: moduleFolder.slice(module.length + 1), dir });
    }
  }
  return copies;
}

function readDirNames(dir: string): string[] {
  try {
    return fs
      .readdirSync(dir, { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name);
  } catch {
    return [];
  }
}
