// The one cashier window. Everything the page can reach is what preload exposes as window.pos.
import { BrowserWindow, type WebPreferences } from 'electron';
import { hardenWebContents } from './security';

export interface MainWindowOptions {
  preloadPath: string;
  entryUrl: string;
  isAppUrl: (url: string) => boolean;
  /** devtools only for an unpackaged app */
  devTools: boolean;
  onLoadFailed?: (reason: string) => void;
}

export function secureWebPreferences(preloadPath: string, devTools: boolean): WebPreferences {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    safeDialogs: true,
    spellcheck: false,
    devTools,
  };
}

export function createMainWindow(options: MainWindowOptions): BrowserWindow {
  const window = new BrowserWindow({
    title: 'Counter',
    width: 1280,
    height: 800,
    minWidth: 960,
    minHeight: 640,
    show: false,
    backgroundColor: '#ffffff',
    autoHideMenuBar: true,
    webPreferences: secureWebPreferences(options.preloadPath, options.devTools),
  });
  // Also installed app-wide on 'web-contents-created'; doing it here too keeps the window safe on its own.
  hardenWebContents(window.webContents, options.isAppUrl);
  window.once('ready-to-show', () => window.show());
  window.webContents.on('did-fail-load', (_event, code, description, url, isMainFrame) => {
    if (isMainFrame) options.onLoadFailed?.(`${code} ${description} (${url})`);
  });
  void window.loadURL(options.entryUrl).catch((error: unknown) => {
    options.onLoadFailed?.(error instanceof Error ? error.message : String(error));
  });
  return window;
}
