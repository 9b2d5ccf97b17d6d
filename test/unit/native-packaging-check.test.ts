import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { decidePackaging, electronCacheRoot, verifyUnpackedApp } from '../../main/native/packaging-check';
import { ELECTRON_45, NAPI_8_ADDON, abiAddon, makeTempDir, writeFile } from './native-fakes';

let root: string;
beforeEach(() => {
  root = makeTempDir();
});
afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

const linux = (env: Record<string, string | undefined> = {}) => ({ env, platform: 'linux' as const, homedir: path.join(root, 'home') });

describe('whether to package', () => {
  it("@electron/get's cache folder: ELECTRON_CACHE, else the platform's cache folder", () => {
    expect(electronCacheRoot(linux({ ELECTRON_CACHE: '/cache/e' }))).toBe('/cache/e');
    expect(electronCacheRoot(linux())).toBe(path.join(root, 'home', '.cache', 'electron'));
    expect(electronCacheRoot(linux({ XDG_CACHE_HOME: '/xdg' }))).toBe(path.join('/xdg', 'electron'));
    expect(electronCacheRoot({ env: {}, platform: 'darwin', homedir: '/Users/a' })).toBe(path.join('/Users/a', 'Library', 'Caches', 'electron'));
  });

  it('no zip in the cache: one line saying it was skipped and why', () => {
    const decision = decidePackaging('45.5.0', 'linux', 'x64', linux({ ELECTRON_CACHE: path.join(root, 'cache') }));
    expect(decision).toEqual({
      run: false,
      line: `Packaging check skipped: electron-v45.5.0-linux-x64.zip is not in the local Electron cache (${path.join(root, 'cache')}), and this check downloads nothing.`,
    });
  });

  it('the zip for another version or platform does not count; the one for this version does, in its hashed folder', () => {
    const cache = path.join(root, 'cache');
    writeFile(path.join(cache, 'a1b2', 'electron-v44.1.0-linux-x64.zip'), 'zip');
    writeFile(path.join(cache, 'a1b2', 'electron-v45.5.0-darwin-arm64.zip'), 'zip');
    expect(decidePackaging('45.5.0', 'linux', 'x64', linux({ ELECTRON_CACHE: cache })).run).toBe(false);
    const zip = writeFile(path.join(cache, 'c3d4', 'electron-v45.5.0-linux-x64.zip'), 'zip');
    expect(decidePackaging('45.5.0', 'linux', 'x64', linux({ ELECTRON_CACHE: cache }))).toEqual({ run: true, zip });
  });

  it('no Electron installed: skipped', () => {
    expect(decidePackaging(undefined, 'linux', 'x64', linux())).toMatchObject({ run: false, line: expect.stringMatching(/^Packaging check skipped: Electron is not installed/) });
  });
});

/** An asar archive whose header lists `files` (their contents are not needed by the check). */
function writeAsar(file: string, files: string[]): void {
  const tree: { files: Record<string, unknown> } = { files: {} };
  for (const name of files) {
    let node = tree;
    const parts = name.split('/');
    for (const part of parts.slice(0, -1)) node = (node.files[part] ??= { files: {} }) as typeof tree;
    node.files[parts.at(-1)!] = { size: 0, offset: '0' };
  }
  const json = Buffer.from(JSON.stringify(tree));
  const padded = Math.ceil(json.length / 4) * 4;
  const header = Buffer.alloc(16 + padded);
  header.writeUInt32LE(4, 0);
  header.writeUInt32LE(8 + padded, 4);
  header.writeUInt32LE(4 + padded, 8);
  header.writeUInt32LE(json.length, 12);
  json.copy(header, 16);
  writeFile(file, header.toString('latin1'));
}

describe('checking the unpacked app', () => {
  const resources = () => path.join(root, 'release', 'linux-unpacked', 'resources');
  const unpacked = (file: string, text: string) => writeFile(path.join(resources(), 'app.asar.unpacked', file), text);
  const sqliteNode = 'node_modules/better-sqlite3/prebuilds/linux-x64.node';
  const keytarNode = 'node_modules/keytar/build/Release/keytar.node';

  it('N-API builds, unpacked, no C sources: no problems', () => {
    writeAsar(path.join(resources(), 'app.asar'), ['package.json', 'out/main/index.js', 'node_modules/better-sqlite3/lib/index.js', sqliteNode, keytarNode]);
    unpacked(sqliteNode, NAPI_8_ADDON);
    unpacked(keytarNode, NAPI_8_ADDON);
    expect(verifyUnpackedApp(resources(), ELECTRON_45)).toEqual({ problems: [], checked: [keytarNode, sqliteNode].sort() });
  });

  it("a build for plain Node's ABI, a .node left in the archive and better-sqlite3's sources are each a problem", () => {
    writeAsar(path.join(resources(), 'app.asar'), [sqliteNode, 'node_modules/better-sqlite3/deps/sqlite3/sqlite3.c', 'node_modules/other/x.node']);
    unpacked(sqliteNode, abiAddon(137));
    unpacked('node_modules/better-sqlite3/src/better_sqlite3.cpp', '');
    const { problems } = verifyUnpackedApp(resources(), ELECTRON_45);
    expect(problems).toEqual([
      'node_modules/other/x.node is inside app.asar, where it cannot be loaded (asarUnpack must take it out)',
      `${sqliteNode} cannot load in Electron 45.5.0: built for ABI 137, and this runtime needs 150`,
      "better-sqlite3's C sources are in the app (2 files, e.g. node_modules/better-sqlite3/deps/sqlite3/sqlite3.c)",
    ]);
  });
});

it('the real `npm run check:packaging` here: one line, skipped, with the reason', async () => {
  const { stdout } = await promisify(execFile)('npm', ['run', '-s', 'check:packaging'], {
    env: { ...process.env, ELECTRON_CACHE: path.join(root, 'empty-cache') },
    timeout: 60_000,
  });
  expect(stdout.trim()).toMatch(/^Packaging check skipped: electron-v[\d.]+-[a-z0-9]+-[a-z0-9]+\.zip is not in the local Electron cache \(.*empty-cache\), and this check downloads nothing\.$/);
}, 60_000);
