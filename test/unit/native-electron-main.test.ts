// Electron's main process chooses the Electron copy of better-sqlite3 when process.versions.electron
// is set and the module's own build does not fit; plain Node keeps the module's own build.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { electronCopyDir, copyModuleDir } from '../../main/native/electron-copies';
import { chooseElectronBuilds } from '../../main/native/electron-main';
import { journalBinding, useJournalBinding } from '../../main/native/journal-binding';
import { NativeModuleError, nativeLoadFailure } from '../../main/native/native-failure';
import { currentRuntime } from '../../main/native/runtime';
import { ELECTRON_45, NAPI_8_ADDON, NODE_24, abiAddon, fakeModule, makeTempDir, writeFile } from './native-fakes';

let root: string;
beforeEach(() => {
  root = makeTempDir();
  writeFile(path.join(root, 'package.json'), '{"name":"fake-counter"}');
  fakeModule(path.join(root, 'node_modules', 'keytar'), '7.9.0', { 'build/Release/keytar.node': NAPI_8_ADDON });
});
afterEach(() => {
  useJournalBinding(undefined);
  fs.rmSync(root, { recursive: true, force: true });
});

function sqlite(files: Record<string, string>): void {
  fakeModule(path.join(root, 'node_modules', 'better-sqlite3'), '13.2.0', files);
}

function electronCopy(): string {
  const dir = copyModuleDir(electronCopyDir(path.join(root, '.native'), '45.5.0', 'better-sqlite3', '13.2.0'), 'better-sqlite3');
  fakeModule(dir, '13.2.0', { 'build/Release/better_sqlite3.node': abiAddon(150) });
  return fs.realpathSync(path.join(dir, 'build', 'Release', 'better_sqlite3.node'));
}

describe('the builds the app loads', () => {
  it('Electron with an ABI-specific build for Node: the journal opens the Electron copy', () => {
    sqlite({ 'build/Release/better_sqlite3.node': abiAddon(137) });
    const copy = electronCopy();
    expect(chooseElectronBuilds(root, ELECTRON_45)).toBeUndefined();
    expect(journalBinding()).toBe(copy);
  });

  it('plain Node with the same folders: the module opens its own build', () => {
    sqlite({ 'build/Release/better_sqlite3.node': abiAddon(137) });
    electronCopy();
    useJournalBinding('left over');
    expect(chooseElectronBuilds(root, NODE_24)).toBeUndefined();
    expect(journalBinding()).toBeUndefined();
  });

  it('this very process (plain Node, process.versions.electron unset) chooses nothing', () => {
    expect(currentRuntime().electron).toBeUndefined();
    expect(chooseElectronBuilds(path.resolve('.'))).toBeUndefined();
    expect(journalBinding()).toBeUndefined();
  });

  it('Electron with an N-API build: its own build, no copy needed', () => {
    sqlite({ 'prebuilds/linux-x64.node': NAPI_8_ADDON });
    expect(chooseElectronBuilds(root, ELECTRON_45)).toBeUndefined();
    expect(journalBinding()).toBeUndefined();
  });

  it('Electron without a fitting build: the problem to show, and nothing chosen', () => {
    sqlite({ 'build/Release/better_sqlite3.node': abiAddon(137) });
    const problem = chooseElectronBuilds(root, ELECTRON_45);
    expect(problem).toBeInstanceOf(NativeModuleError);
    expect(problem?.module).toBe('better-sqlite3');
    expect(journalBinding()).toBeUndefined();
  });
});

describe('recognising a native module that failed to load', () => {
  it.each([
    [Object.assign(new Error('/x/node_modules/better-sqlite3/build/Release/better_sqlite3.node: invalid ELF header'), { code: 'ERR_DLOPEN_FAILED' }), 'better-sqlite3'],
    [new Error("Cannot find module '/x/node_modules/better-sqlite3/build/Release/better_sqlite3.node'"), 'better-sqlite3'],
    [new Error('libsecret-1.so.0: cannot open shared object file: No such file or directory (keytar.node)'), 'keytar'],
  ])('%s', (error, module) => {
    expect(nativeLoadFailure(error)?.module).toBe(module);
  });

  it('other errors are left as they are', () => {
    expect(nativeLoadFailure(new Error('journal is locked'))).toBeUndefined();
    expect(nativeLoadFailure(new Error('better-sqlite3: SQLITE_BUSY'))).toBeUndefined();
  });

  it('Electron with a keytar that does not fit: the start goes on (the keychain is then unavailable)', () => {
    sqlite({ 'prebuilds/linux-x64.node': NAPI_8_ADDON });
    fakeModule(path.join(root, 'node_modules', 'keytar'), '7.9.0', { 'build/Release/keytar.node': abiAddon(137) });
    expect(chooseElectronBuilds(root, ELECTRON_45)).toBeUndefined();
  });
});
