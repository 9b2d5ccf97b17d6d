// Builds the Electron copy of a native module (electron-copies.ts) with @electron/rebuild: the
// module's package is copied without its builds into a staging folder beside the copy, compiled
// there from source against Electron's headers, and moved into place only when the build is there,
// so a failed or interrupted build never leaves a half copy under the copy's key.
import fs from 'node:fs';
import path from 'node:path';
import { copyModuleDir, electronCopyDir } from './electron-copies';
import type { NativeModuleName } from './module-loaders';

export interface RebuildRequest {
  buildPath: string;
  electronVersion: string;
  onlyModules: string[];
  force: boolean;
  buildFromSource: boolean;
  mode: 'sequential';
}

/** @electron/rebuild's rebuild(), or a stand-in in tests. */
export type Rebuild = (request: RebuildRequest) => Promise<void>;

export const electronRebuild: Rebuild = async (request) => {
  const { rebuild } = await import('@electron/rebuild');
  await rebuild(request);
};

export interface CopyBuildRequest {
  copiesRoot: string;
  electronVersion: string;
  module: NativeModuleName;
  /** the module's folder in node_modules: its sources and package.json are copied from here */
  moduleDir: string;
  moduleVersion: string;
  rebuild?: Rebuild;
  log?: (line: string) => void;
}

/** Folders of a module package that are builds, not sources: the copy is compiled afresh. */
const BUILD_FOLDERS = new Set(['build', 'prebuilds', 'node_modules']);

/** Where `dependency` resolves from `fromDir`, the way require() walks up node_modules folders. */
function dependencyDir(fromDir: string, dependency: string): string | undefined {
  for (let dir = fromDir; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'node_modules', dependency);
    if (fs.existsSync(path.join(candidate, 'package.json'))) return candidate;
    if (path.dirname(dir) === dir) return undefined;
  }
}

/** Builds the copy and returns its folder. Throws what the build threw (see start-decision.ts for the sentence). */
export async function buildElectronCopy(request: CopyBuildRequest): Promise<string> {
  const { copiesRoot, electronVersion, module, moduleDir, moduleVersion } = request;
  const log = request.log ?? (() => undefined);
  const copyDir = electronCopyDir(copiesRoot, electronVersion, module, moduleVersion);
  const stage = `${copyDir}.building-${process.pid}`;
  fs.rmSync(stage, { recursive: true, force: true });
  const stagedModule = copyModuleDir(stage, module);
  try {
    fs.cpSync(moduleDir, stagedModule, {
      recursive: true,
      filter: (source) => path.dirname(source) !== moduleDir || !BUILD_FOLDERS.has(path.basename(source)),
    });
    // The build needs the module's own dependencies (node-addon-api's headers): linked, not copied.
    const { dependencies = {} } = JSON.parse(fs.readFileSync(path.join(moduleDir, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };
    const links: string[] = [];
    for (const dependency of Object.keys(dependencies)) {
      const found = dependencyDir(moduleDir, dependency);
      if (found === undefined) continue;
      const link = path.join(stage, 'node_modules', dependency);
      fs.mkdirSync(path.dirname(link), { recursive: true });
      fs.symlinkSync(found, link, 'junction');
      links.push(link);
    }
    fs.writeFileSync(
      path.join(stage, 'package.json'),
      `${JSON.stringify({ name: 'counter-electron-copy', version: '0.0.0', private: true, dependencies: { [module]: moduleVersion } }, null, 2)}\n`,
    );
    log(`building ${module} ${moduleVersion} for Electron ${electronVersion} (a few minutes the first time) ...`);
    await (request.rebuild ?? electronRebuild)({
      buildPath: stage,
      electronVersion,
      onlyModules: [module],
      force: true,
      buildFromSource: true,
      mode: 'sequential',
    });
    for (const link of links) fs.rmSync(link, { force: true });
    fs.rmSync(copyDir, { recursive: true, force: true });
    fs.renameSync(stage, copyDir);
    log(`built ${module} ${moduleVersion} for Electron ${electronVersion} in ${path.relative(process.cwd(), copyDir) || copyDir}`);
    return copyDir;
  } finally {
    fs.rmSync(stage, { recursive: true, force: true });
  }
}
