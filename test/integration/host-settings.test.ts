// The browser host's data folder and settings file: the same places the Electron app uses.
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { resolveDataDir } from '../../main/host/data-dir';
import { confSettingsEngine } from '../../main/host/settings-engine';
import { openSettingsFile } from '../../main/settings/file';
import { SettingsStore } from '../../main/settings/store';

describe('data folder', () => {
  it('is Electron userData for an app named Counter on each platform', () => {
    expect(resolveDataDir({ env: {}, platform: 'linux', homedir: '/home/ana' })).toBe('/home/ana/.config/Counter');
    expect(resolveDataDir({ env: { XDG_CONFIG_HOME: '/xdg' }, platform: 'linux', homedir: '/home/ana' })).toBe('/xdg/Counter');
    expect(resolveDataDir({ env: {}, platform: 'darwin', homedir: '/Users/ana' })).toBe('/Users/ana/Library/Application Support/Counter');
    expect(resolveDataDir({ env: { APPDATA: 'C:\\Users\\ana\\AppData\\Roaming' }, platform: 'win32', homedir: 'C:\\Users\\ana' })).toBe(
      'C:\\Users\\ana\\AppData\\Roaming\\Counter',
    );
  });

  it('is COUNTER_DATA_DIR when set', () => {
    expect(resolveDataDir({ env: { COUNTER_DATA_DIR: '/srv/till-1' }, platform: 'linux', homedir: '/home/ana' })).toBe('/srv/till-1');
    expect(resolveDataDir({ env: { COUNTER_DATA_DIR: '  ' }, platform: 'linux', homedir: '/home/ana' })).toBe('/home/ana/.config/Counter');
  });
});

describe('settings file', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'counter-settings-'));
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('keeps settings in <dataDir>/settings.json, as electron-store does', () => {
    const store = new SettingsStore(openSettingsFile(dataDir, confSettingsEngine).backing);
    store.update({ language: 'zh-CN' });
    const file = path.join(dataDir, 'settings.json');
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ settings: { language: 'zh-CN' } });
    // a second opening (the next launch, or the Electron app) reads it back
    expect(new SettingsStore(openSettingsFile(dataDir, confSettingsEngine).backing).get().language).toBe('zh-CN');
  });

  it('moves a damaged file aside and starts afresh', () => {
    writeFileSync(path.join(dataDir, 'settings.json'), '{ not json');
    const opened = openSettingsFile(dataDir, confSettingsEngine, () => new Date('2025-11-22T04:00:00.000Z'));
    expect(opened.movedAside).toBe(path.join(dataDir, 'settings.json.damaged-2025-11-22T04-00-00-000Z'));
    expect(existsSync(opened.movedAside as string)).toBe(true);
    expect(new SettingsStore(opened.backing).get().language).toBe('en');
    expect(readdirSync(dataDir).sort()).toContain('settings.json.damaged-2025-11-22T04-00-00-000Z');
  });
});
