// The settings file both hosts keep: <dataDir>/settings.json. The desktop app writes it with
// electron-store, the browser host with conf (the library electron-store is built on, given the
// options electron-store gives it), so either host reads what the other wrote. Which engine opens
// the file is the host's to say; what happens around it is here. A file that cannot be read must
// not keep the till closed: it is moved aside (kept for a person to look at) and a fresh one is
// started; SettingsStore then supplies the defaults.
import { existsSync, renameSync } from 'node:fs';
import path from 'node:path';
import type { SettingsBacking } from './store';

/** the file's name without .json, as electron-store's `name` and conf's `configName` */
export const SETTINGS_FILE_NAME = 'settings';

/** opens (or creates) the JSON file `<cwd>/<name>.json`; throws when the file cannot be read */
export type SettingsFileEngine = (options: { cwd: string; name: string }) => SettingsBacking;

export interface OpenedSettingsFile {
  backing: SettingsBacking;
  /** the settings file itself */
  file: string;
  /** where a damaged file was moved, when one was */
  movedAside?: string;
}

export function openSettingsFile(dataDir: string, engine: SettingsFileEngine, now: () => Date = () => new Date()): OpenedSettingsFile {
  const file = path.join(dataDir, `${SETTINGS_FILE_NAME}.json`);
  const open = () => engine({ cwd: dataDir, name: SETTINGS_FILE_NAME });
  try {
    return { backing: open(), file };
  } catch (error) {
    if (!existsSync(file)) throw error;
    const movedAside = `${file}.damaged-${now().toISOString().replace(/[:.]/g, '-')}`;
    renameSync(file, movedAside);
    return { backing: open(), file, movedAside };
  }
}
