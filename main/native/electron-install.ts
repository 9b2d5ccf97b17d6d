// The Electron in node_modules and the runtime it gives the main process. Its version comes from
// its package.json and its ABI from node-abi; its Node and N-API versions only from the binary
// itself (run with ELECTRON_RUN_AS_NODE=1), which a checkout installed with
// ELECTRON_SKIP_BINARY_DOWNLOAD does not have.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { getAbi } from 'node-abi';
import { moduleDirOf } from './project-builds';
import type { NativeRuntime } from './runtime';

export interface ElectronInstall {
  version: string;
  packageDir: string;
  /** Electron's executable; absent when it was never downloaded */
  binary?: string;
}

/** What the binary says about itself when run as Node. */
export interface ElectronProcessFacts {
  versions: Record<string, string | undefined>;
  platform: NodeJS.Platform;
  arch: string;
}

export type ElectronProbe = (binary: string) => ElectronProcessFacts;

export function findElectron(projectRoot: string): ElectronInstall | undefined {
  const packageDir = moduleDirOf('electron', projectRoot);
  if (packageDir === undefined) return undefined;
  const { version } = JSON.parse(fs.readFileSync(path.join(packageDir, 'package.json'), 'utf8')) as { version: string };
  const install: ElectronInstall = { version, packageDir };
  const binary = electronBinary(packageDir);
  if (binary !== undefined) install.binary = binary;
  return install;
}

/**
 * Electron's executable as electron-vite finds it to launch the app: ELECTRON_EXEC_PATH when set,
 * else what the electron package records in path.txt (written when it downloads the binary), under
 * ELECTRON_OVERRIDE_DIST_PATH when set.
 */
function electronBinary(packageDir: string): string | undefined {
  const execPath = process.env['ELECTRON_EXEC_PATH'];
  if (execPath) return fs.existsSync(execPath) ? execPath : undefined;
  const record = path.join(packageDir, 'path.txt');
  if (!fs.existsSync(record)) return undefined;
  const distDir = process.env['ELECTRON_OVERRIDE_DIST_PATH'] || path.join(packageDir, 'dist');
  const binary = path.join(distDir, fs.readFileSync(record, 'utf8').trim());
  return fs.existsSync(binary) ? binary : undefined;
}

export const probeElectron: ElectronProbe = (binary) => {
  const script = 'process.stdout.write(JSON.stringify({ versions: process.versions, platform: process.platform, arch: process.arch }))';
  const output = execFileSync(binary, ['-e', script], {
    env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
    encoding: 'utf8',
    timeout: 30_000,
  });
  return JSON.parse(output) as ElectronProcessFacts;
};

export interface ElectronRuntime {
  runtime: NativeRuntime;
  /** where the versions come from: the binary's own process.versions, or the package and node-abi */
  source: 'binary' | 'package';
  /** set when the binary is there but could not be run */
  probeError?: string;
  /** where the ABI was read, when not from the binary */
  abiSource?: 'node-abi' | 'abi_version';
}

/** The runtime of Electron's main process: from the binary when it is here, else from the package and node-abi. */
export function electronRuntime(install: ElectronInstall, probe: ElectronProbe = probeElectron): ElectronRuntime {
  let probeError: string | undefined;
  if (install.binary !== undefined) {
    try {
      const facts = probe(install.binary);
      const runtime: NativeRuntime = {
        node: facts.versions['node'] ?? 'unknown',
        electron: facts.versions['electron'] ?? install.version,
        modules: Number(facts.versions['modules']),
        platform: facts.platform,
        arch: facts.arch,
      };
      if (facts.versions['napi'] !== undefined) runtime.napi = Number(facts.versions['napi']);
      return { runtime, source: 'binary' };
    } catch (error) {
      probeError = error instanceof Error ? error.message.split('\n')[0] : String(error);
    }
  }
  const abi = electronAbi(install);
  const runtime: NativeRuntime = {
    node: 'unknown',
    electron: install.version,
    modules: abi.abi,
    platform: process.platform,
    arch: process.arch,
  };
  const result: ElectronRuntime = { runtime, source: 'package', abiSource: abi.source };
  if (probeError !== undefined) result.probeError = probeError;
  return result;
}

/** node-abi's ABI for this Electron; for a version newer than node-abi knows, the electron package's own abi_version file. */
export function electronAbi(install: ElectronInstall): { abi: number; source: 'node-abi' | 'abi_version' } {
  try {
    return { abi: Number(getAbi(install.version, 'electron')), source: 'node-abi' };
  } catch (error) {
    const recorded = path.join(install.packageDir, 'abi_version');
    if (fs.existsSync(recorded)) return { abi: Number(fs.readFileSync(recorded, 'utf8').trim()), source: 'abi_version' };
    throw error;
  }
}
