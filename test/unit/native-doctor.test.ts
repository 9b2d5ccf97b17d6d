import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { doctorReport, gatherDoctorFacts, type DoctorSources } from '../../main/native/doctor';
import { electronCopyDir, copyModuleDir } from '../../main/native/electron-copies';
import { findElectron } from '../../main/native/electron-install';
import { NAPI_8_ADDON, NODE_24, abiAddon, fakeModule, makeTempDir, writeFile } from './native-fakes';

let root: string;
beforeEach(() => {
  root = makeTempDir();
  writeFile(path.join(root, 'package.json'), '{"name":"fake-counter"}');
  // better-sqlite3 compiled from source for plain Node's ABI: Electron needs its own copy
  fakeModule(path.join(root, 'node_modules', 'better-sqlite3'), '13.2.0', { 'build/Release/better_sqlite3.node': abiAddon(137) });
  fakeModule(path.join(root, 'node_modules', 'keytar'), '7.9.0', { 'build/Release/keytar.node': NAPI_8_ADDON });
});
afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

function installElectron(version: string): void {
  fakeModule(path.join(root, 'node_modules', 'electron'), version, {});
}

function electronCopy(electron: string): void {
  const dir = copyModuleDir(electronCopyDir(path.join(root, '.native'), electron, 'better-sqlite3', '13.2.0'), 'better-sqlite3');
  fakeModule(dir, '13.2.0', { 'build/Release/better_sqlite3.node': abiAddon(150) });
}

const sources = (extra: Partial<DoctorSources> = {}): DoctorSources => ({
  projectRoot: root,
  node: NODE_24,
  keychain: async () => ({ ok: false, reason: 'no Secret Service' }),
  dataDir: path.join(root, 'data'),
  readOwner: () => undefined,
  ...extra,
});

async function report(extra: Partial<DoctorSources> = {}): Promise<string> {
  return doctorReport(await gatherDoctorFacts(sources(extra)), root).join('\n');
}

const electronSection = (text: string): string => text.slice(text.indexOf("Native builds for Electron's main process"));

describe('npm run doctor, with fake Electron versions', () => {
  it('Electron 45 with its copy of better-sqlite3: the Node host loads the ABI 137 build, Electron its copy, both match', async () => {
    installElectron('45.5.0');
    electronCopy('45.5.0');
    const text = await report();
    expect(text).toContain('Node: Node 24.22.3, ABI 137, N-API 10, linux-x64');
    expect(text).toContain('Electron: 45.5.0 (package.json), ABI 150 (node-abi); its binary is absent');
    expect(text).toMatch(/plain Node\):\n {2}better-sqlite3 13\.2\.0: MATCHES - better_sqlite3\.node is built for ABI 137\. \(node_modules\/better-sqlite3\/build\/Release/);
    expect(electronSection(text)).toMatch(/better-sqlite3 13\.2\.0 \[Electron copy\]: MATCHES - better_sqlite3\.node is built for ABI 150\. \(\.native\/electron-45\.5\.0\/better-sqlite3-13\.2\.0\//);
    expect(electronSection(text)).toContain('keytar 7.9.0: MATCHES');
  });

  it('Electron upgraded to 44 → 45 with the copy still for 44: stale', async () => {
    installElectron('45.5.0');
    electronCopy('44.1.0');
    expect(electronSection(await report())).toContain(
      'better-sqlite3 13.2.0 [Electron copy]: STALE - node_modules has better_sqlite3.node, built for ABI 137, and this runtime needs 150; the Electron copies here are for Electron 44.1.0 / better-sqlite3 13.2.0',
    );
  });

  it('no Electron copy: missing', async () => {
    installElectron('44.1.0');
    const text = await report();
    expect(text).toContain('Electron: 44.1.0 (package.json), ABI 149 (node-abi)');
    expect(electronSection(text)).toContain('better-sqlite3 13.2.0 [Electron copy]: MISSING - node_modules has better_sqlite3.node, built for ABI 137, and this runtime needs 149, and there is no Electron copy for Electron 44.1.0 / better-sqlite3 13.2.0.');
  });

  it("Electron's binary present: its own process.versions give the runtime", async () => {
    installElectron('45.5.0');
    electronCopy('45.5.0');
    writeFile(path.join(root, 'node_modules', 'electron', 'path.txt'), 'electron');
    writeFile(path.join(root, 'node_modules', 'electron', 'dist', 'electron'), '');
    const probed: string[] = [];
    const text = await report({
      probe: (binary) => {
        probed.push(binary);
        return { versions: { node: '24.11.1', electron: '45.5.0', modules: '150', napi: '10' }, platform: 'linux', arch: 'x64' };
      },
    });
    expect(probed).toEqual([path.join(root, 'node_modules', 'electron', 'dist', 'electron')]);
    expect(text).toContain('Electron: 45.5.0; its binary reports Electron 45.5.0 (Node 24.11.1), ABI 150, N-API 10, linux-x64');
    expect(electronSection(text)).toContain('keytar 7.9.0: MATCHES - keytar.node is an N-API build (needs N-API 8, has 10).');
  });

  it("an Electron newer than node-abi knows: the ABI from the electron package's own abi_version file", async () => {
    installElectron('99.0.0');
    writeFile(path.join(root, 'node_modules', 'electron', 'abi_version'), '777\n');
    const text = await report();
    expect(text).toContain("Electron: 99.0.0 (package.json), ABI 777 (electron's abi_version)");
    expect(electronSection(text)).toContain('this runtime needs 777');
  });

  it('the keychain, the data folder and the lock holder', async () => {
    const text = await report({
      keychain: async () => ({ ok: true }),
      readOwner: () => ({ owner: { pid: 4242, host: 'browser', hostname: 'till-1', started: '2026-12-02T09:00:00.000Z' }, stale: false, self: false }),
    });
    expect(text).toContain('Electron: not installed');
    expect(text).toContain('Keychain: available');
    expect(text).toContain(`Data folder: ${path.join(root, 'data')}`);
    expect(text).toContain('Journal lock: held by the browser host, process 4242 on till-1, since 2026-12-02T09:00:00.000Z');
  });
});

// On a machine with Electron's binary the real doctor reports what the binary says instead.
it.skipIf(findElectron(process.cwd())?.binary !== undefined)('the real `npm run doctor` here: Electron without its binary, the Node builds match', async () => {
  const data = makeTempDir();
  try {
    const { stdout } = await promisify(execFile)('npm', ['run', '-s', 'doctor'], {
      env: { ...process.env, COUNTER_DATA_DIR: data, DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent' },
      timeout: 60_000,
    });
    expect(stdout).toMatch(/^Node: Node 24\./m);
    expect(stdout).toMatch(/^Electron: \d+\.\d+\.\d+ \(package\.json\), ABI \d+ \(node-abi\); its binary is absent/m);
    expect(stdout).toMatch(/plain Node\):\n {2}better-sqlite3 [\d.]+: MATCHES - .*N-API build.*\n {2}keytar [\d.]+: MATCHES/);
    expect(stdout).toContain(`Data folder: ${data}`);
    expect(stdout).toContain('Journal lock: nobody holds it');
  } finally {
    fs.rmSync(data, { recursive: true, force: true });
  }
}, 60_000);
