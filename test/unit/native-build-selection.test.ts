import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { classifyAddon, readAddonKind } from '../../main/native/addon-file';
import { selectBuild } from '../../main/native/build-selection';
import { electronCopyDir, copyModuleDir } from '../../main/native/electron-copies';
import { defaultBuildFile } from '../../main/native/module-loaders';
import { currentRuntime } from '../../main/native/runtime';
import { ELECTRON_45, NAPI_10_ADDON, NAPI_8_ADDON, NODE_24, abiAddon, fakeModule, makeTempDir } from './native-fakes';

let root: string;
let copiesRoot: string;
beforeEach(() => {
  root = makeTempDir();
  copiesRoot = path.join(root, '.native');
});
afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

const sqliteDir = (): string => path.join(root, 'node_modules', 'better-sqlite3');
const select = (runtime = NODE_24, module: 'better-sqlite3' | 'keytar' = 'better-sqlite3', moduleDir = sqliteDir()) =>
  selectBuild({ module, moduleDir, runtime, copiesRoot });

function electronCopy(electron: string, moduleVersion: string, text: string): string {
  const dir = copyModuleDir(electronCopyDir(copiesRoot, electron, 'better-sqlite3', moduleVersion), 'better-sqlite3');
  fakeModule(dir, moduleVersion, { 'build/Release/better_sqlite3.node': text });
  return path.join(dir, 'build', 'Release', 'better_sqlite3.node');
}

describe('reading a .node file', () => {
  it('tells N-API from ABI-specific builds and finds the Node-API version the imports need', () => {
    expect(classifyAddon(NAPI_8_ADDON)).toEqual({ kind: 'napi', napiVersion: 8 });
    expect(classifyAddon(NAPI_10_ADDON)).toEqual({ kind: 'napi', napiVersion: 10 });
    expect(classifyAddon(abiAddon(115))).toEqual({ kind: 'abi', abi: 115 });
    expect(classifyAddon('ELF\0nothing here\0')).toEqual({ kind: 'unknown' });
  });

  it("reads this checkout's real builds as N-API: better-sqlite3's prebuild and keytar", () => {
    const prebuild = defaultBuildFile('better-sqlite3', path.resolve('node_modules/better-sqlite3'), currentRuntime());
    expect(prebuild).toBeDefined();
    expect(readAddonKind(prebuild!)).toEqual({ kind: 'napi', napiVersion: 8 });
    expect(readAddonKind(path.resolve('node_modules/keytar/build/Release/keytar.node'))).toEqual({ kind: 'napi', napiVersion: 5 });
  });
});

describe("finding the build as the module's own loader would", () => {
  it('better-sqlite3: build/Debug, then build/Release, then the prebuild for the platform (linuxmusl on musl)', () => {
    const dir = fakeModule(sqliteDir(), '13.2.0', {
      'prebuilds/linux-x64.node': NAPI_8_ADDON,
      'prebuilds/linuxmusl-x64.node': NAPI_8_ADDON,
    });
    expect(defaultBuildFile('better-sqlite3', dir, NODE_24)).toBe(path.join(dir, 'prebuilds', 'linux-x64.node'));
    expect(defaultBuildFile('better-sqlite3', dir, { ...NODE_24, musl: true })).toBe(path.join(dir, 'prebuilds', 'linuxmusl-x64.node'));
    expect(defaultBuildFile('better-sqlite3', dir, { ...NODE_24, arch: 'ia32' })).toBeUndefined();
    fakeModule(dir, '13.2.0', { 'build/Release/better_sqlite3.node': NAPI_8_ADDON });
    expect(defaultBuildFile('better-sqlite3', dir, NODE_24)).toBe(path.join(dir, 'build', 'Release', 'better_sqlite3.node'));
    fakeModule(dir, '13.2.0', { 'build/Debug/better_sqlite3.node': NAPI_8_ADDON });
    expect(defaultBuildFile('better-sqlite3', dir, NODE_24)).toBe(path.join(dir, 'build', 'Debug', 'better_sqlite3.node'));
  });

  it('keytar: build/Release/keytar.node only', () => {
    const dir = fakeModule(path.join(root, 'node_modules', 'keytar'), '7.9.0', { 'prebuilds/linux-x64.node': NAPI_8_ADDON });
    expect(defaultBuildFile('keytar', dir, NODE_24)).toBeUndefined();
    fakeModule(dir, '7.9.0', { 'build/Release/keytar.node': NAPI_8_ADDON });
    expect(defaultBuildFile('keytar', dir, NODE_24)).toBe(path.join(dir, 'build', 'Release', 'keytar.node'));
  });
});

describe('choosing the build for a runtime', () => {
  it('an N-API build is the one loaded, and matches, under Node and under Electron', () => {
    fakeModule(sqliteDir(), '13.2.0', { 'prebuilds/linux-x64.node': NAPI_8_ADDON });
    for (const runtime of [NODE_24, ELECTRON_45]) {
      const chosen = select(runtime);
      expect(chosen).toMatchObject({ verdict: 'matches', source: 'default', napiNeeded: 8 });
      expect(chosen.file).toBe(path.join(sqliteDir(), 'prebuilds', 'linux-x64.node'));
    }
  });

  it('an ABI-specific build for Node: Node loads it, Electron loads its Electron copy', () => {
    fakeModule(sqliteDir(), '13.2.0', { 'build/Release/better_sqlite3.node': abiAddon(137) });
    const copy = electronCopy('45.5.0', '13.2.0', abiAddon(150));
    expect(select(NODE_24)).toMatchObject({ verdict: 'matches', source: 'default', file: path.join(sqliteDir(), 'build', 'Release', 'better_sqlite3.node') });
    expect(select(ELECTRON_45)).toMatchObject({ verdict: 'matches', source: 'electron-copy', file: copy });
  });

  it('an Electron copy for another Electron version or another module version is stale', () => {
    fakeModule(sqliteDir(), '13.2.0', { 'build/Release/better_sqlite3.node': abiAddon(137) });
    electronCopy('44.1.0', '13.2.0', abiAddon(149));
    const otherElectron = select(ELECTRON_45);
    expect(otherElectron).toMatchObject({ verdict: 'stale', source: 'electron-copy' });
    expect(otherElectron.reason).toContain('Electron 44.1.0 / better-sqlite3 13.2.0');

    fs.rmSync(copiesRoot, { recursive: true });
    electronCopy('45.5.0', '12.4.1', abiAddon(150));
    expect(select(ELECTRON_45)).toMatchObject({ verdict: 'stale', source: 'electron-copy' });
    expect(select(ELECTRON_45).reason).toContain('better-sqlite3 12.4.1');
  });

  it('an Electron copy under the right key that was built for another ABI is stale', () => {
    fakeModule(sqliteDir(), '13.2.0', { 'build/Release/better_sqlite3.node': abiAddon(137) });
    electronCopy('45.5.0', '13.2.0', abiAddon(137));
    expect(select(ELECTRON_45)).toMatchObject({ verdict: 'stale', source: 'electron-copy', addon: { kind: 'abi', abi: 137 } });
  });

  it('no build at all is missing, under Node and under Electron', () => {
    fakeModule(sqliteDir(), '13.2.0', {});
    expect(select(NODE_24)).toMatchObject({ verdict: 'missing', source: 'default' });
    expect(select(ELECTRON_45)).toMatchObject({ verdict: 'missing', source: 'electron-copy' });
  });

  it('an ABI-specific build for Node with no Electron copy is missing under Electron, and a build for another ABI is stale under Node', () => {
    fakeModule(sqliteDir(), '13.2.0', { 'build/Release/better_sqlite3.node': abiAddon(115) });
    expect(select(ELECTRON_45)).toMatchObject({ verdict: 'missing', source: 'electron-copy' });
    expect(select(NODE_24)).toMatchObject({ verdict: 'stale', source: 'default', addon: { kind: 'abi', abi: 115 } });
  });

  it('an N-API build that needs a newer Node-API than the runtime has is stale', () => {
    fakeModule(sqliteDir(), '13.2.0', { 'prebuilds/linux-x64.node': NAPI_10_ADDON });
    expect(select({ ...NODE_24, napi: 9 })).toMatchObject({ verdict: 'stale', napiNeeded: 10 });
    expect(select({ ...NODE_24, napi: 10 })).toMatchObject({ verdict: 'matches', napiNeeded: 10 });
  });

  it("a source build needs the Node-API version binding.gyp compiled it for, even when its imports are older", () => {
    fakeModule(sqliteDir(), '13.2.0', {
      'binding.gyp': "{ 'defines': ['NAPI_VERSION=10'] }",
      'build/Release/better_sqlite3.node': NAPI_8_ADDON,
    });
    expect(select({ ...NODE_24, napi: 9 })).toMatchObject({ verdict: 'stale', napiNeeded: 10 });
    const keytarDir = fakeModule(
      path.join(root, 'node_modules', 'keytar'),
      '7.9.0',
      { 'binding.gyp': '"defines": ["NAPI_VERSION=<(napi_build_version)"]', 'build/Release/keytar.node': 'napi_register_module_v1' },
      { binary: { napi_versions: [3] } },
    );
    expect(select({ ...NODE_24, napi: 3 }, 'keytar', keytarDir)).toMatchObject({ verdict: 'matches', napiNeeded: 3 });
  });

  it('keytar has no other path to load from: under Electron an ABI-specific keytar for Node is stale, never a copy', () => {
    const keytarDir = fakeModule(path.join(root, 'node_modules', 'keytar'), '7.9.0', { 'build/Release/keytar.node': abiAddon(137) });
    expect(select(ELECTRON_45, 'keytar', keytarDir)).toMatchObject({ verdict: 'stale', source: 'default' });
  });

  it("Electron's N-API version unknown (no binary to ask): an N-API build is taken as loading, and the reason says it is unchecked", () => {
    fakeModule(sqliteDir(), '13.2.0', { 'prebuilds/linux-x64.node': NAPI_8_ADDON });
    const { napi: _napi, ...unknownNapi } = ELECTRON_45;
    const chosen = select(unknownNapi);
    expect(chosen.verdict).toBe('matches');
    expect(chosen.reason).toContain('known only from its binary');
  });
});
