// Where the browser host keeps its data: the same folder Electron's app.getPath('userData') gives an
// app named "Counter", so the desktop app and the browser host share journal, settings and logs.
import os from 'node:os';
import path from 'node:path';

export const APP_NAME = 'Counter';

export interface DataDirEnvironment {
  env: Record<string, string | undefined>;
  platform: NodeJS.Platform;
  homedir: string;
}

const current: DataDirEnvironment = { env: process.env, platform: process.platform, homedir: os.homedir() };

/** Electron's appData folder for this platform (what userData is built on). */
export function appDataDir({ env, platform, homedir }: DataDirEnvironment = current): string {
  if (platform === 'win32') return env.APPDATA || path.win32.join(homedir, 'AppData', 'Roaming');
  if (platform === 'darwin') return path.posix.join(homedir, 'Library', 'Application Support');
  return env.XDG_CONFIG_HOME || path.posix.join(homedir, '.config');
}

/** COUNTER_DATA_DIR when set, else the userData folder Electron would use. */
export function resolveDataDir(environment: DataDirEnvironment = current): string {
  const override = environment.env.COUNTER_DATA_DIR;
  if (override && override.trim() !== '') return path.resolve(override);
  const base = appDataDir(environment);
  return environment.platform === 'win32' ? path.win32.join(base, APP_NAME) : path.posix.join(base, APP_NAME);
}
