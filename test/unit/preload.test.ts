// preload/index.ts against a mocked electron module: window.pos is exactly the contract's methods
// plus onEvent, each call goes to its own channel, and onEvent hands over data only.
import { describe, expect, it, vi } from 'vitest';
import { IPC_EVENT_CHANNEL, IPC_METHOD_PREFIX, methodNames, type PosBridge, type PosEvent } from '../../shared/contract';

const electron = await vi.hoisted(async () => {
  const { EventEmitter } = await import('node:events');
  const exposed = new Map<string, unknown>();
  const emitter = new EventEmitter();
  const invocations: Array<{ channel: string; args: unknown[] }> = [];
  let answer: (channel: string) => Promise<unknown> = async () => ({ ok: true, value: null });
  const ipcRenderer = {
    invoke: (channel: string, ...args: unknown[]) => {
      invocations.push({ channel, args });
      return answer(channel);
    },
    on: (channel: string, listener: (...args: unknown[]) => void) => emitter.on(channel, listener),
    removeListener: (channel: string, listener: (...args: unknown[]) => void) => emitter.removeListener(channel, listener),
    // present on the real ipcRenderer; the bridge must not hand them out
    send: () => undefined,
    sendSync: () => undefined,
  };
  return {
    exposed,
    emitter,
    invocations,
    ipcRenderer,
    setAnswer: (next: (channel: string) => Promise<unknown>) => (answer = next),
    contextBridge: { exposeInMainWorld: (key: string, value: unknown) => exposed.set(key, value) },
  };
});

vi.mock('electron', () => ({
  contextBridge: electron.contextBridge,
  ipcRenderer: electron.ipcRenderer,
  default: { contextBridge: electron.contextBridge, ipcRenderer: electron.ipcRenderer },
}));

await import('../../preload/index');

const pos = electron.exposed.get('pos') as PosBridge;

describe('window.pos', () => {
  it('is the only thing exposed, and holds exactly the contract methods plus onEvent', () => {
    expect([...electron.exposed.keys()]).toEqual(['pos']);
    expect(Object.keys(pos).sort()).toEqual([...methodNames, 'onEvent'].sort());
    for (const value of Object.values(pos)) expect(typeof value).toBe('function');
  });

  it('invokes each method on its own channel with the input, and returns the envelope', async () => {
    electron.setAnswer(async (channel) => ({ ok: true, value: channel }));
    for (const name of methodNames) {
      electron.invocations.length = 0;
      const input = { probe: name };
      const call = pos[name] as unknown as (input: unknown) => Promise<unknown>;
      await expect(call(input)).resolves.toEqual({ ok: true, value: IPC_METHOD_PREFIX + name });
      expect(electron.invocations).toEqual([{ channel: IPC_METHOD_PREFIX + name, args: [input] }]);
    }
  });

  it('answers an envelope, not a rejection, when the main process has no handler', async () => {
    electron.setAnswer(async () => {
      throw new Error("No handler registered for 'pos:getAppInfo'");
    });
    await expect(pos.getAppInfo({})).resolves.toMatchObject({ ok: false, error: { code: 'internal' } });
  });
});

describe('window.pos.onEvent', () => {
  const event = { name: 'paymentUpdated', payload: { outTradeNo: 'T01-000123' } } as unknown as PosEvent;

  it('hands the listener the event only, never the IpcRendererEvent', () => {
    const listener = vi.fn();
    const unsubscribe = pos.onEvent(listener);
    const ipcEvent = { sender: electron.ipcRenderer, senderId: 0 };
    electron.emitter.emit(IPC_EVENT_CHANNEL, ipcEvent, event);
    expect(listener).toHaveBeenCalledTimes(1);
    expect(listener.mock.calls[0]).toEqual([event]);
    unsubscribe();
  });

  it('unsubscribe removes the listener (and is safe to call twice)', () => {
    const before = electron.emitter.listenerCount(IPC_EVENT_CHANNEL);
    const listener = vi.fn();
    const unsubscribe = pos.onEvent(listener);
    expect(electron.emitter.listenerCount(IPC_EVENT_CHANNEL)).toBe(before + 1);
    unsubscribe();
    unsubscribe();
    expect(electron.emitter.listenerCount(IPC_EVENT_CHANNEL)).toBe(before);
    electron.emitter.emit(IPC_EVENT_CHANNEL, {}, event);
    expect(listener).not.toHaveBeenCalled();
  });

  it('one throwing listener does not stop the others', () => {
    const quiet = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const first = pos.onEvent(() => {
      throw new Error('boom');
    });
    const second = vi.fn();
    const off = pos.onEvent(second);
    electron.emitter.emit(IPC_EVENT_CHANNEL, {}, event);
    expect(second).toHaveBeenCalledWith(event);
    first();
    off();
    quiet.mockRestore();
  });
});
