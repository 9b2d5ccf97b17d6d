// One ipcMain.handle per contract method, each behind a sender check, each answered through the
// same dispatch the browser host uses. Events from the runtime go to our window and nowhere else.
import { ipcMain, type BrowserWindow, type IpcMainInvokeEvent, type WebFrameMain } from 'electron';
import { IPC_EVENT_CHANNEL, IPC_METHOD_PREFIX, methodNames, type PosResult } from '../../shared/contract';
import { dispatch } from '../core/dispatch';
import type { Runtime } from '../runtime/types';

export interface IpcOptions {
  runtime: Pick<Runtime, 'api' | 'onEvent' | 'logger'>;
  /** our cashier window, or null while there is none */
  getWindow: () => BrowserWindow | null;
  isAppUrl: (url: string) => boolean;
}

export const NOT_ALLOWED: PosResult<never> = {
  ok: false,
  error: { code: 'not_allowed', message: 'Only the cashier window may call Counter.' },
};

/** Registers the handlers and the event forwarding; the returned function removes both. */
export function registerIpc(options: IpcOptions): () => void {
  const { runtime } = options;
  const channels: string[] = [];
  for (const name of methodNames) {
    const channel = IPC_METHOD_PREFIX + name;
    ipcMain.handle(channel, async (event: IpcMainInvokeEvent, input: unknown) => {
      if (!isOwnMainFrame(event, options)) {
        runtime.logger.warn('refused an IPC call from a foreign sender', { method: name, from: describeSender(event) });
        return NOT_ALLOWED;
      }
      return dispatch(runtime.api, name, input, runtime.logger);
    });
    channels.push(channel);
  }

  const unsubscribe = runtime.onEvent((posEvent) => {
    const window = options.getWindow();
    if (!window || window.isDestroyed()) return;
    const contents = window.webContents;
    if (contents.isDestroyed()) return;
    contents.send(IPC_EVENT_CHANNEL, posEvent);
  });

  return () => {
    unsubscribe();
    for (const channel of channels) ipcMain.removeHandler(channel);
  };
}

/** The sender must be our window's top frame, currently showing our own page. */
export function isOwnMainFrame(event: IpcMainInvokeEvent, options: Pick<IpcOptions, 'getWindow' | 'isAppUrl'>): boolean {
  const window = options.getWindow();
  if (!window || window.isDestroyed()) return false;
  const contents = window.webContents;
  if (event.sender !== contents) return false;
  const frame = event.senderFrame;
  if (!frame || !sameFrame(frame, contents.mainFrame)) return false;
  return options.isAppUrl(frame.url);
}

function sameFrame(a: WebFrameMain, b: WebFrameMain): boolean {
  return a === b || (a.processId === b.processId && a.routingId === b.routingId);
}

function describeSender(event: IpcMainInvokeEvent): string {
  try {
    const url = new URL(event.senderFrame?.url ?? '');
    return `${url.protocol}//${url.host}`;
  } catch {
    return 'unknown';
  }
}
