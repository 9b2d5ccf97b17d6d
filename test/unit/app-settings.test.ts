// The settings file the desktop app keeps (main/settings/file.ts, the module both hosts use, over
// electron-store) on a real file: values persist in the data folder, a damaged file is moved aside
// instead of keeping the till closed, and a file either host wrote loads in the other. electron-store
// is loaded outside vitest's module graph (so vi.mock('electron') cannot reach it); it is stood in
// for by conf, the store it extends, given the options electron-store passes on.
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { confSettingsEngine } from '../../main/host/settings-engine';
import { openSettingsFile } from '../../main/settings/file';
import { SettingsStore } from '../../main/settings/store';

vi.mock('electron-store', async () => {
  const { default: Conf } = await import('conf');
  return {
    default: class extends Conf {
      constructor(options: { cwd: string; name: string }) {
        super({ cwd: options.cwd, configName: options.name, projectVersion: '1.2.3' });
      }
    },
  };
});

const { electronStoreSettingsEngine } = await import('../../main/app/settings-engine');
const openSettingsBacking = (dir: string, now?: () => Date) => openSettingsFile(dir, electronStoreSettingsEngine, now);

const dirs: string[] = [];
function dataDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'counter-settings-'));
  dirs.push(dir);
  return dir;
}

afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('openSettingsBacking', () => {
  it('keeps settings in settings.json inside the data folder', () => {
    const dir = dataDir();
    const { backing, movedAside } = openSettingsBacking(dir);
    expect(movedAside).toBeUndefined();
    backing.set('settings', { language: 'zh-CN' });
    expect(JSON.parse(readFileSync(path.join(dir, 'settings.json'), 'utf8'))).toEqual({ settings: { language: 'zh-CN' } });
    expect(openSettingsBacking(dir).backing.get('settings')).toEqual({ language: 'zh-CN' });
  });

  it('moves a damaged file aside and starts afresh', () => {
    const dir = dataDir();
    writeFileSync(path.join(dir, 'settings.json'), '{"settings": {"language": "en"', 'utf8');
    const { backing, movedAside } = openSettingsBacking(dir, () => new Date('2025-01-02T03:04:05.678Z'));
    expect(movedAside).toBe(path.join(dir, 'settings.json.damaged-2025-01-02T03-04-05-678Z'));
    expect(existsSync(movedAside!)).toBe(true);
    expect(backing.get('settings')).toBeUndefined();
    backing.set('settings', { language: 'en' });
    expect(readdirSync(dir).sort()).toEqual(['settings.json', 'settings.json.damaged-2025-01-02T03-04-05-678Z']);
  });

  it('reads a settings file as electron-store wrote it (tab-indented JSON under the "settings" key)', () => {
    const dir = dataDir();
    const stored = { settings: { language: 'zh-CN', terminalId: 'T0A1', currency: 'HKD', qrLifetimeSeconds: 240 } };
    // electron-store 12 handed its file to conf 16, which serializes with JSON.stringify(value, undefined, '\t')
    writeFileSync(path.join(dir, 'settings.json'), JSON.stringify(stored, undefined, '\t'), 'utf8');
    const { backing, movedAside } = openSettingsBacking(dir);
    expect(movedAside).toBeUndefined();
    const settings = new SettingsStore(backing).get();
    expect(settings).toMatchObject({ language: 'zh-CN', terminalId: 'T0A1', currency: 'HKD', qrLifetimeSeconds: 240 });
    // and a change is written back in the same form, so the file stays readable by an older build
    new SettingsStore(backing).update({ language: 'en' });
    const text = readFileSync(path.join(dir, 'settings.json'), 'utf8');
    expect(text).toBe(JSON.stringify({ settings: { ...new SettingsStore(backing).get() } }, undefined, '\t'));
  });

  it('reads in the desktop app what the browser host wrote, and the other way round', () => {
    const dir = dataDir();
    new SettingsStore(openSettingsFile(dir, confSettingsEngine).backing).update({ language: 'zh-CN', terminalId: 'T0B2' });
    const desktop = new SettingsStore(openSettingsBacking(dir).backing);
    expect(desktop.get()).toMatchObject({ language: 'zh-CN', terminalId: 'T0B2' });
    desktop.update({ language: 'en' });
    expect(new SettingsStore(openSettingsFile(dir, confSettingsEngine).backing).get()).toMatchObject({ language: 'en', terminalId: 'T0B2' });
  });
});
