// The settings file for the browser host: conf (the library under electron-store) on the same file
// the Electron app keeps, <dataDir>/settings.json (main/app/settings.ts), handled the same way: a
// file that cannot be read is moved aside and a fresh one started, so a damaged file never keeps the
// till closed.
import Conf from 'conf';
import { existsSync, renameSync } from 'node:fs';
import path from 'node:path';
import type { SettingsBacking } from '../settings/store';

/** must stay equal to NAME in main/app/settings.ts */
export const SETTINGS_FILE_NAME = 'settings';

export interface OpenedSettingsFile {
  backing: SettingsBacking;
  file: string;
  /** where a damaged file was moved, when one was */
  movedAside?: string;
}

function open(dataDir: string): SettingsBacking {
  const conf = new Conf<Record<string, unknown>>({ cwd: dataDir, configName: SETTINGS_FILE_NAME, projectName: 'counter' });
  return {
    get: (key) => conf.get(key),
    set: (key, value) => conf.set(key, value),
  };
}

export function openSettingsFile(dataDir: string, now: () => Date = () => new Date()): OpenedSettingsFile {
  const file = path.join(dataDir, `${SETTINGS_FILE_NAME}.json`);
  try {
    return { backing: open(dataDir), file };
  } catch (error) {
    if (!existsSync(file)) throw error;
    const movedAside = `${file}.damaged-${now().toISOString().replace(/[:.]/g, '-')}`;
    renameSync(file, movedAside);
    return { backing: open(dataDir), file, movedAside };
  }
}
