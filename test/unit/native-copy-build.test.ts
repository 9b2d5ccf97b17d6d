import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { selectBuild } from '../../main/native/build-selection';
import { buildElectronCopy, type RebuildRequest } from '../../main/native/electron-copy-build';
import { ELECTRON_45, abiAddon, fakeModule, makeTempDir, writeFile } from './native-fakes';

let root: string;
let moduleDir: string;
beforeEach(() => {
  root = makeTempDir();
  moduleDir = fakeModule(
    path.join(root, 'node_modules', 'better-sqlite3'),
    '13.2.0',
    { 'binding.gyp': '{}', 'src/better_sqlite3.cpp': '// source', 'build/Release/better_sqlite3.node': abiAddon(137), 'prebuilds/linux-x64.node': abiAddon(137) },
    { dependencies: { 'node-addon-api': '^8.0.0' } },
  );
  fakeModule(path.join(root, 'node_modules', 'node-addon-api'), '8.5.0', { 'napi.h': '// header' });
});
afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

const copiesRoot = (): string => path.join(root, '.native');
const request = (rebuild: (request: RebuildRequest) => Promise<void>) => ({
  copiesRoot: copiesRoot(),
  electronVersion: '45.5.0',
  module: 'better-sqlite3' as const,
  moduleDir,
  moduleVersion: '13.2.0',
  rebuild,
});

it("builds the copy from the module's sources with its dependencies at hand, under the Electron and module versions' key", async () => {
  const seen: RebuildRequest[] = [];
  const copyDir = await buildElectronCopy(
    request(async (asked) => {
      seen.push(asked);
      const staged = path.join(asked.buildPath, 'node_modules', 'better-sqlite3');
      // what the compiler sees: sources, no old builds, node-addon-api resolvable
      expect(fs.existsSync(path.join(staged, 'src', 'better_sqlite3.cpp'))).toBe(true);
      expect(fs.existsSync(path.join(staged, 'build'))).toBe(false);
      expect(fs.existsSync(path.join(staged, 'prebuilds'))).toBe(false);
      expect(fs.existsSync(path.join(asked.buildPath, 'node_modules', 'node-addon-api', 'napi.h'))).toBe(true);
      writeFile(path.join(staged, 'build', 'Release', 'better_sqlite3.node'), abiAddon(150));
    }),
  );
  expect(seen).toEqual([expect.objectContaining({ electronVersion: '45.5.0', onlyModules: ['better-sqlite3'], force: true, buildFromSource: true })]);
  expect(copyDir).toBe(path.join(copiesRoot(), 'electron-45.5.0', 'better-sqlite3-13.2.0'));
  expect(fs.readdirSync(path.join(copiesRoot(), 'electron-45.5.0'))).toEqual(['better-sqlite3-13.2.0']);
  expect(selectBuild({ module: 'better-sqlite3', moduleDir, runtime: ELECTRON_45, copiesRoot: copiesRoot() })).toMatchObject({
    verdict: 'matches',
    source: 'electron-copy',
  });
  // node_modules keeps its Node build
  expect(fs.readFileSync(path.join(moduleDir, 'build', 'Release', 'better_sqlite3.node'), 'latin1')).toBe(abiAddon(137));
});

it('a failed build leaves neither a copy nor its staging folder, and throws what the build threw', async () => {
  await expect(buildElectronCopy(request(async () => Promise.reject(new Error('gyp ERR! find Python'))))).rejects.toThrow('gyp ERR! find Python');
  expect(fs.readdirSync(path.join(copiesRoot(), 'electron-45.5.0'))).toEqual([]);
});
