// Where each native module's own loader looks for its build, repeated here so that the build a
// runtime would load can be found (and checked) without loading it:
// - better-sqlite3 13 (lib/binding.js): build/Debug, then build/Release, then its N-API prebuild
//   prebuilds/<platform>-<arch>.node (linuxmusl-<arch> on musl), for linux, darwin, win32 on x64, arm64;
// - keytar 7 (lib/keytar.js): build/Release/keytar.node, nothing else.
import fs from 'node:fs';
import path from 'node:path';
import type { NativeRuntime } from './runtime';

export type NativeModuleName = 'better-sqlite3' | 'keytar';

export const NATIVE_MODULES: readonly NativeModuleName[] = ['better-sqlite3', 'keytar'];

const PREBUILD_PLATFORMS = ['linux', 'darwin', 'win32'];
const PREBUILD_ARCHS = ['x64', 'arm64'];

/** The file the module's loader would load in `runtime` from `moduleDir`, or undefined when it would find none. */
export function defaultBuildFile(name: NativeModuleName, moduleDir: string, runtime: NativeRuntime): string | undefined {
  const candidates =
    name === 'keytar'
      ? [path.join(moduleDir, 'build', 'Release', 'keytar.node')]
      : [
          path.join(moduleDir, 'build', 'Debug', 'better_sqlite3.node'),
          path.join(moduleDir, 'build', 'Release', 'better_sqlite3.node'),
          ...betterSqlitePrebuild(moduleDir, runtime),
        ];
  return candidates.find((file) => fs.existsSync(file));
}

function betterSqlitePrebuild(moduleDir: string, runtime: NativeRuntime): string[] {
  if (!PREBUILD_PLATFORMS.includes(runtime.platform) || !PREBUILD_ARCHS.includes(runtime.arch)) return [];
  const target = `${runtime.musl ? 'linuxmusl' : runtime.platform}-${runtime.arch}`;
  return [path.join(moduleDir, 'prebuilds', `${target}.node`)];
}

/**
 * The Node-API version a source build was compiled for (binding.gyp's NAPI_VERSION define, or
 * keytar's `binary.napi_versions`). Node refuses an addon that asks for a newer one than it has.
 * Prebuilds are judged by the functions they import alone.
 */
export function declaredNapiVersion(moduleDir: string, file: string): number | undefined {
  if (!path.relative(moduleDir, file).startsWith(`build${path.sep}`)) return undefined;
  let gyp: string;
  try {
    gyp = fs.readFileSync(path.join(moduleDir, 'binding.gyp'), 'utf8');
  } catch {
    return undefined;
  }
  const fixed = /NAPI_VERSION=(\d+)/.exec(gyp);
  if (fixed) return Number(fixed[1]);
  if (!gyp.includes('NAPI_VERSION=<(napi_build_version)')) return undefined;
  const versions = readPackage(moduleDir).binary?.napi_versions;
  return Array.isArray(versions) && versions.length > 0 ? Math.max(...versions.map(Number)) : undefined;
}

interface ModulePackage {
  version?: string;
  binary?: { napi_versions?: unknown[] };
}

export function readPackage(moduleDir: string): ModulePackage {
  return JSON.parse(fs.readFileSync(path.join(moduleDir, 'package.json'), 'utf8')) as ModulePackage;
}
