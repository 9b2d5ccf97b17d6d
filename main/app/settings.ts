// The settings file, kept by electron-store in the app's data folder. A file that cannot be read
// must not keep the till closed: it is moved aside (kept for a person to look at) and a fresh one
// is started; SettingsStore then supplies the defaults.
import { existsSync, renameSync } from 'node:fs';
import path from 'node:path';
import Store from 'electron-store';
import type { SettingsBacking } from '../settings/store';

const NAME = 'settings';

export interface OpenedSettings {
  backing: SettingsBacking;
  /** where a damaged file was moved, when one was */
  movedAside?: string;
}

export function openSettingsBacking(dataDir: string, now: () => Date = () => new Date()): OpenedSettings {
  try {
    return { backing: wrap(new Store({ cwd: dataDir, name: NAME })) };
  } catch (error) {
    const file = path.join(dataDir, `${NAME}.json`);
    if (!existsSync(file)) throw error;
    const movedAside = `${file}.damaged-${now().toISOString().replace(/[:.]/g, '-')}`;
    renameSync(file, movedAside);
    return { backing: wrap(new Store({ cwd: dataDir, name: NAME })), movedAside };
  }
}

function wrap(store: Store): SettingsBacking {
  return {
    get: (key) => store.get(key),
    set: (key, value) => store.set(key, value),
  };
}
