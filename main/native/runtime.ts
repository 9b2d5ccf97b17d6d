// The runtime a native build is chosen for: plain Node (the browser host, the tests) or Electron's
// main process. Described by plain data so that the choice can be made, and tested, for a runtime
// other than the one running.
import fs from 'node:fs';

export interface NativeRuntime {
  /** Node's version (the one Electron embeds, for Electron) */
  node: string;
  /** Electron's version; absent for plain Node */
  electron?: string;
  /** NODE_MODULE_VERSION, the ABI of ABI-specific addons */
  modules: number;
  /** the highest Node-API version the runtime supports; absent when unknown (Electron's binary is not here to ask) */
  napi?: number;
  platform: NodeJS.Platform;
  arch: string;
  /** Linux with musl libc (Alpine): better-sqlite3 picks its linuxmusl prebuild */
  musl?: boolean;
}

/** The runtime of this process, from process.versions (which carries `electron` in Electron). */
export function currentRuntime(): NativeRuntime {
  const versions = process.versions as NodeJS.ProcessVersions & { electron?: string };
  const runtime: NativeRuntime = {
    node: versions.node,
    modules: Number(versions.modules),
    napi: Number(versions.napi),
    platform: process.platform,
    arch: process.arch,
    musl: isMusl(),
  };
  if (versions.electron) runtime.electron = versions.electron;
  return runtime;
}

export function describeRuntime(runtime: NativeRuntime): string {
  const name = runtime.electron ? `Electron ${runtime.electron} (Node ${runtime.node})` : `Node ${runtime.node}`;
  const napi = runtime.napi === undefined ? 'N-API unknown' : `N-API ${runtime.napi}`;
  return `${name}, ABI ${runtime.modules}, ${napi}, ${runtime.platform}-${runtime.arch}`;
}

/** The same test better-sqlite3's loader makes: which libc loader is mapped into this process. */
function isMusl(): boolean {
  if (process.platform !== 'linux') return false;
  try {
    return /\/ld-musl-[^/\s]*\.so/.test(fs.readFileSync('/proc/self/maps', 'latin1'));
  } catch {
    return false;
  }
}
