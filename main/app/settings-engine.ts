// The desktop app's settings engine: electron-store in the app's data folder.
import Store from 'electron-store';
import type { SettingsFileEngine } from '../settings/file';

export const electronStoreSettingsEngine: SettingsFileEngine = ({ cwd, name }) => {
  const store = new Store<Record<string, unknown>>({ cwd, name });
  return { get: (key) => store.get(key), set: (key, value) => store.set(key, value) };
};
