// The settings file both hosts keep: <dataDir>/settings.json, written by conf (the library
// electron-store is built on, with the options electron-store gave it, so files the desktop app
// wrote before still load). A file that cannot be read must not keep the till closed: it is moved
// aside (kept for a person to look at) and a fresh one is started; SettingsStore then supplies the
// defaults.
import Conf from 'conf';
import { existsSync, renameSync } from 'node:fs';
import path from 'node:path';
import type { SettingsBacking } from './store';

/** the file's name without .json, as electron-store's `name` and conf's `configName` */
export const SETTINGS_FILE_NAME = 'settings';

export interface OpenedSettingsFile {
  backing: SettingsBacking;
  /** the settings file itself */
  file: string;
  /** where a damaged file was moved, when one was */
  movedAside?: string;
}

function open(dataDir: string): SettingsBacking {
  const conf = new Conf<Record<string, unknown>>({ cwd: dataDir, configName: SETTINGS_FILE_NAME });
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
