// The page's only door to the main process: window.pos, built from the contract's method list.
// Runs sandboxed with context isolation; electron-vite bundles it (and the contract) into one
// CommonJS file, out/preload/index.cjs, that requires nothing but 'electron'.
import { contextBridge, ipcRenderer, type IpcRenderer, type IpcRendererEvent } from 'electron';
import { IPC_EVENT_CHANNEL, IPC_METHOD_PREFIX, methodNames, type PosBridge, type PosEvent, type PosResult } from '../shared/contract';

type IpcPort = Pick<IpcRenderer, 'invoke' | 'on' | 'removeListener'>;

const NO_ANSWER: PosResult<never> = {
  ok: false,
  error: { code: 'internal', message: 'The call did not reach the main process.' },
};

export function buildBridge(ipc: IpcPort): PosBridge {
  const bridge: Record<string, unknown> = {};
  for (const name of methodNames) {
    const channel = IPC_METHOD_PREFIX + name;
    // The main process answers with an envelope and never throws; a rejection here means there was
    // no handler (still starting, or shutting down), which the page gets as an envelope too.
    bridge[name] = (input: unknown) => ipc.invoke(channel, input).catch(() => NO_ANSWER);
  }
  bridge['onEvent'] = (listener: (event: PosEvent) => void): (() => void) => {
    if (typeof listener !== 'function') throw new TypeError('onEvent needs a function');
    // The page sees the event's data only, never the IpcRendererEvent (it holds the sender).
    const relay = (_event: IpcRendererEvent, payload: PosEvent) => {
      try {
        listener(payload);
      } catch (error) {
        console.error('a window.pos event listener threw', error);
      }
    };
    ipc.on(IPC_EVENT_CHANNEL, relay);
    let subscribed = true;
    return () => {
      if (!subscribed) return;
      subscribed = false;
      ipc.removeListener(IPC_EVENT_CHANNEL, relay);
    };
  };
  return bridge as PosBridge;
}

contextBridge.exposeInMainWorld('pos', buildBridge(ipcRenderer));
