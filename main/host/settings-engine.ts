// The browser host's settings engine: conf, with the options electron-store gives it in the desktop
// app (electron-store needs Electron, which the browser host does not run in).
import Conf from 'conf';
import type { SettingsFileEngine } from '../settings/file';

export const confSettingsEngine: SettingsFileEngine = ({ cwd, name }) => {
  const conf = new Conf<Record<string, unknown>>({ cwd, configName: name });
  return { get: (key) => conf.get(key), set: (key, value) => conf.set(key, value) };
};
