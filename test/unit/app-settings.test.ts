// main/app/settings.ts over a real file: values persist in the data folder, and a damaged file is
// moved aside instead of keeping the till closed. electron-store is loaded outside vitest's module
// graph (so vi.mock('electron') cannot reach it); it is stood in for by conf, the store it extends,
// given the options electron-store passes on.
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';

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

const { openSettingsBacking } = await import('../../main/app/settings');

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
});
