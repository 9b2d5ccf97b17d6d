// The app's life: one instance, sandbox everywhere, then on ready: settings, runtime, IPC, window.
// Quitting closes the runtime (journal, simulators, timers) before the process ends.
import { app, dialog, Menu, session, type BrowserWindow } from 'electron';
import { JournalOwnedError, type JournalClaim } from '../journal/owner-lock';
import { nativeLoadFailure } from '../native/native-failure';
import type { Runtime, RuntimeOptions } from '../runtime/types';
import { createAppUrlMatcher, pageLocation } from './app-url';
import { registerIpc } from './ipc';
import { buildMenu } from './menu';
import { registerAppScheme, serveRenderer } from './protocol';
import { contentSecurityPolicy, hardenAllWebContents, hardenSession } from './security';
import { openSettingsFile } from '../settings/file';
import { electronStoreSettingsEngine } from './settings-engine';
import { createMainWindow } from './window';
import { electronHostActions } from './host-actions';
import { netFetchTransport } from './gateway-fetch';

export interface StartOptions {
  createRuntime: (options: RuntimeOptions) => Promise<Runtime>;
  /** Claims the data folder's journal for this process (main/journal/owner-lock.ts); throws JournalOwnedError when another Counter has it. */
  claimJournal: (dataDir: string) => JournalClaim;
  /** out/preload/index.cjs */
  preloadPath: string;
  /** out/renderer */
  rendererDir: string;
  /** electron-vite's dev server, when running `electron-vite dev` */
  devServerUrl?: string | undefined;
  /** A native build that does not fit this Electron (main/native), found before anything loaded it. */
  nativeProblem?: Error | undefined;
}

export function startApp(options: StartOptions): void {
  // Unsafe defaults off before anything else exists.
  app.enableSandbox();
  registerAppScheme();

  if (!app.requestSingleInstanceLock()) {
    // Another Counter is open: it focuses itself on 'second-instance'; this one leaves.
    app.quit();
    return;
  }

  const page = pageLocation(options.devServerUrl, app.isPackaged);
  const isAppUrl = createAppUrlMatcher(page.entryUrl);
  hardenAllWebContents(app, isAppUrl);

  let window: BrowserWindow | null = null;
  let runtime: Runtime | undefined;
  let claim: JournalClaim | undefined;
  let disposeIpc: (() => void) | undefined;
  let booting: Promise<void> = Promise.resolve();
  let shutdown: Promise<void> | undefined;
  let finished = false;

  const openWindow = (): void => {
    if (window && !window.isDestroyed()) return;
    const created = createMainWindow({
      preloadPath: options.preloadPath,
      entryUrl: page.entryUrl,
      isAppUrl,
      devTools: !app.isPackaged,
      onLoadFailed: (reason) => runtime?.logger.error('the cashier page did not load', { reason }),
    });
    created.on('closed', () => {
      if (window === created) window = null;
    });
    created.webContents.on('render-process-gone', (_event, details) => {
      runtime?.logger.error('the cashier page crashed', { reason: details.reason, exitCode: details.exitCode });
    });
    window = created;
  };

  const focusWindow = (): void => {
    if (!window || window.isDestroyed()) return;
    if (window.isMinimized()) window.restore();
    window.show();
    window.focus();
  };

  const boot = async (): Promise<void> => {
    if (options.nativeProblem) throw options.nativeProblem;
    const dataDir = app.getPath('userData');
    claim = options.claimJournal(dataDir);
    const settings = openSettingsFile(dataDir, electronStoreSettingsEngine);
    const csp = contentSecurityPolicy({ dev: page.dev, devServerUrl: page.entryUrl });
    hardenSession(session.defaultSession, csp);
    if (!page.dev) serveRenderer(session.defaultSession, options.rendererDir, csp);

    runtime = await options.createRuntime({
      dataDir,
      settings: settings.backing,
      host: 'electron',
      version: app.getVersion(),
      transport: netFetchTransport(),
      hostActions: electronHostActions(() => (window && !window.isDestroyed() ? window : undefined)),
    });
    if (settings.movedAside) runtime.logger.warn('the settings file was damaged and was moved aside', { file: settings.movedAside });
    if (shutdown) return; // quit was asked for while starting

    Menu.setApplicationMenu(buildMenu({ productName: app.getName(), packaged: app.isPackaged, mac: process.platform === 'darwin' }));
    disposeIpc = registerIpc({ runtime, getWindow: () => window, isAppUrl });
    openWindow();
  };

  const close = async (): Promise<void> => {
    disposeIpc?.();
    disposeIpc = undefined;
    await booting.catch(() => undefined);
    try {
      await runtime?.close();
    } catch (error) {
      console.error('Counter: closing the runtime failed', error);
    }
    claim?.release();
  };

  app.on('second-instance', focusWindow);
  app.on('activate', () => {
    if (runtime && !shutdown) openWindow();
  });
  // A till with no window has nothing to do, on macOS too: quit, so the journal is closed cleanly.
  app.on('window-all-closed', () => app.quit());
  app.on('before-quit', (event) => {
    if (finished) return;
    event.preventDefault();
    shutdown ??= close().finally(() => {
      finished = true;
      app.quit();
    });
  });

  booting = app.whenReady().then(boot);
  booting.catch((error: unknown) => {
    const native = nativeLoadFailure(error);
    if (error instanceof JournalOwnedError) {
      dialog.showErrorBox('Counter is already running', `${error.message}\n\n${error.zh}`);
    } else if (native) {
      console.error('Counter could not start:', error);
      dialog.showErrorBox('Counter could not start', `${native.message}\n\n${native.zh}`);
    } else {
      console.error('Counter could not start:', error);
      dialog.showErrorBox('Counter could not start', error instanceof Error ? error.message : String(error));
    }
    app.quit();
  });
}
