// main/app/ipc.ts against a mocked electron module: one handler per contract method, a sender check
// before anything runs, dispatch's validation, and events that reach our window only.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { IpcMainInvokeEvent } from 'electron';
import { IPC_EVENT_CHANNEL, IPC_METHOD_PREFIX, methodNames, type AppInfo, type PosApi, type PosEvent } from '../../shared/contract';
import type { Payment } from '../../shared/payment';
import type { Logger } from '../../main/core/ports';
import { malformedInputs } from '../integration/malformed-frames';
import { appInfo as trainingAppInfo } from './renderer-backoffice-fake';

type Handler = (event: unknown, ...args: unknown[]) => Promise<unknown>;

const electron = vi.hoisted(() => {
  const handlers = new Map<string, (event: unknown, ...args: unknown[]) => Promise<unknown>>();
  return {
    handlers,
    ipcMain: {
      handle: (channel: string, handler: (event: unknown, ...args: unknown[]) => Promise<unknown>) => {
        if (handlers.has(channel)) throw new Error(`second handler for ${channel}`);
        handlers.set(channel, handler);
      },
      removeHandler: (channel: string) => void handlers.delete(channel),
    },
  };
});

vi.mock('electron', () => ({ ipcMain: electron.ipcMain, default: { ipcMain: electron.ipcMain } }));

const { registerIpc } = await import('../../main/app/ipc');
const { createAppUrlMatcher, APP_ENTRY_URL } = await import('../../main/app/app-url');

const APP_URL = APP_ENTRY_URL;

interface FakeFrame {
  url: string;
  processId: number;
  routingId: number;
}

let nextRoutingId = 1;
function fakeFrame(url = APP_URL, processId = 7): FakeFrame {
  return { url, processId, routingId: nextRoutingId++ };
}

function fakeWindow(url = APP_URL) {
  const mainFrame = fakeFrame(url);
  const webContents = { mainFrame, send: vi.fn(), isDestroyed: () => false };
  return { webContents, isDestroyed: () => false };
}

const appInfo: AppInfo = trainingAppInfo({ host: 'electron', scanWallets: ['wechat', 'alipay', 'unionpay'] });

function fakeApi() {
  const calls: Array<{ method: string; input: unknown }> = [];
  const api = {} as Record<string, (input: unknown) => Promise<unknown>>;
  for (const name of methodNames) {
    api[name] = async (input: unknown) => {
      calls.push({ method: name, input });
      if (name === 'getAppInfo' || name === 'setLanguage') return appInfo;
      if (name === 'listPayments' || name === 'listUnresolved') return [];
      if (name === 'simulateBuyerPays' || name === 'simulateBuyerDeclines') return { ok: true };
      throw new Error(`${name} is not faked`);
    };
  }
  return { api: api as unknown as PosApi, calls };
}

const silent: Logger = { debug() {}, info() {}, warn() {}, error() {} };

function fakeRuntime(api: PosApi) {
  const listeners = new Set<(event: PosEvent) => void>();
  return {
    api,
    logger: silent,
    onEvent(listener: (event: PosEvent) => void) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    emit(event: PosEvent) {
      for (const listener of listeners) listener(event);
    },
    listenerCount: () => listeners.size,
  };
}

type FakeWindow = ReturnType<typeof fakeWindow>;

function setup(options: { window?: FakeWindow | null } = {}) {
  const window = options.window === undefined ? fakeWindow() : options.window;
  const { api, calls } = fakeApi();
  const runtime = fakeRuntime(api);
  const dispose = registerIpc({
    runtime,
    getWindow: () => window as never,
    isAppUrl: createAppUrlMatcher(APP_URL),
  });
  const invoke = (method: string, event: { sender: unknown; senderFrame: unknown }, input?: unknown): Promise<unknown> => {
    const handler = electron.handlers.get(IPC_METHOD_PREFIX + method) as Handler | undefined;
    if (!handler) throw new Error(`no handler for ${method}`);
    return handler(event as IpcMainInvokeEvent, input);
  };
  const fromOurWindow = () => ({ sender: window!.webContents, senderFrame: window!.webContents.mainFrame });
  return { window, runtime, calls, dispose, invoke, fromOurWindow };
}

beforeEach(() => {
  electron.handlers.clear();
});

describe('IPC registration', () => {
  it('registers exactly one handler per contract method and nothing else', () => {
    const { dispose } = setup();
    expect([...electron.handlers.keys()].sort()).toEqual(methodNames.map((name) => IPC_METHOD_PREFIX + name).sort());
    expect(electron.handlers.has(IPC_EVENT_CHANNEL)).toBe(false);
    dispose();
    expect(electron.handlers.size).toBe(0);
  });
});

describe('sender check', () => {
  it('refuses a call from another web contents, and the api is not called', async () => {
    const { invoke, calls } = setup();
    const other = fakeWindow();
    const result = await invoke('getAppInfo', { sender: other.webContents, senderFrame: other.webContents.mainFrame }, {});
    expect(result).toMatchObject({ ok: false, error: { code: 'not_allowed' } });
    expect(calls).toEqual([]);
  });

  it('refuses a call from a subframe of our own window', async () => {
    const { invoke, calls, window } = setup();
    const subframe = fakeFrame(APP_URL, window!.webContents.mainFrame.processId);
    const result = await invoke('getAppInfo', { sender: window!.webContents, senderFrame: subframe }, {});
    expect(result).toMatchObject({ ok: false, error: { code: 'not_allowed' } });
    expect(calls).toEqual([]);
  });

  it('refuses our main frame once it shows a different URL', async () => {
    for (const url of ['https://evil.example/index.html', 'file:///tmp/index.html', 'app://counter/other.html', 'app://elsewhere/index.html']) {
      electron.handlers.clear();
      const { invoke, calls, window } = setup({ window: fakeWindow(url) });
      const result = await invoke('getAppInfo', { sender: window!.webContents, senderFrame: window!.webContents.mainFrame }, {});
      expect(result, url).toMatchObject({ ok: false, error: { code: 'not_allowed' } });
      expect(calls).toEqual([]);
    }
  });

  it('refuses a call with no sender frame (destroyed) or when there is no window', async () => {
    const first = setup();
    expect(await first.invoke('getAppInfo', { sender: first.window!.webContents, senderFrame: null }, {})).toMatchObject({
      ok: false,
      error: { code: 'not_allowed' },
    });
    first.dispose();
    const none = setup({ window: null });
    const stray = fakeWindow();
    expect(await none.invoke('getAppInfo', { sender: stray.webContents, senderFrame: stray.webContents.mainFrame }, {})).toMatchObject({
      ok: false,
      error: { code: 'not_allowed' },
    });
    expect(first.calls).toEqual([]);
    expect(none.calls).toEqual([]);
  });

  it('accepts our main frame after in-page navigation (hash or query)', async () => {
    const { invoke, calls, window } = setup({ window: fakeWindow(`${APP_URL}#/history?day=2025-01-02`) });
    const result = await invoke('getAppInfo', { sender: window!.webContents, senderFrame: window!.webContents.mainFrame }, {});
    expect(result).toEqual({ ok: true, value: appInfo });
    expect(calls).toHaveLength(1);
  });
});

describe('dispatch through IPC', () => {
  it('passes valid input to the api and answers ok with the value', async () => {
    const { invoke, calls, fromOurWindow } = setup();
    expect(await invoke('getAppInfo', fromOurWindow(), {})).toEqual({ ok: true, value: appInfo });
    expect(await invoke('setLanguage', fromOurWindow(), { language: 'zh-CN' })).toEqual({ ok: true, value: appInfo });
    expect(await invoke('listPayments', fromOurWindow(), { day: '2025-03-04' })).toEqual({ ok: true, value: [] });
    expect(await invoke('simulateBuyerPays', fromOurWindow(), { outTradeNo: 'T01-000123' })).toEqual({ ok: true, value: { ok: true } });
    expect(calls).toEqual([
      { method: 'getAppInfo', input: {} },
      { method: 'setLanguage', input: { language: 'zh-CN' } },
      { method: 'listPayments', input: { day: '2025-03-04' } },
      { method: 'simulateBuyerPays', input: { outTradeNo: 'T01-000123' } },
    ]);
  });

  it('answers invalid_input for bad input and does not call the api', async () => {
    const { invoke, calls, fromOurWindow } = setup();
    const bad: Array<[string, unknown]> = [
      ['setLanguage', { language: 'fr' }],
      ['listPayments', { day: 'yesterday' }],
      ['startQrPayment', { amountMinor: 0.5, currency: 'CNY' }],
      ['startQrPayment', { amountMinor: 100, currency: 'CNY', extra: true }],
      ['getPayment', { outTradeNo: '../../etc' }],
      ['getPayment', 'T01-000123'],
    ];
    for (const [method, input] of bad) {
      expect(await invoke(method, fromOurWindow(), input), method).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    }
    expect(calls).toEqual([]);
  });

  it('answers the malformed inputs the WebSocket refuses, and what structured clone can carry, the same way', async () => {
    const { invoke, calls, fromOurWindow } = setup();
    const hostile = new Proxy(
      {},
      {
        get: () => {
          throw new Error('read me not');
        },
        ownKeys: () => {
          throw new Error('list me not');
        },
      },
    );
    const cloneable: Array<[string, unknown]> = [
      ['getPayment', new Date(0)],
      ['getPayment', new Map([['outTradeNo', 'T01-000123']])],
      ['getPayment', new Uint8Array([1, 2, 3])],
      ['getAppInfo', 10n],
      ['getPayment', { outTradeNo: new Set(['T01-000123']) }],
      ['getPayment', { outTradeNo: 10n }],
      ['getPayment', hostile],
      ['setLanguage', { get language(): string {
        throw new Error('no language');
      } }],
    ];
    const inputs = [...malformedInputs.map((bad) => [bad.method, bad.input] as [string, unknown]), ...cloneable];
    for (const [method, input] of inputs) {
      expect(await invoke(method, fromOurWindow(), input), method).toEqual({ ok: false, error: { code: 'invalid_input', message: expect.any(String) } });
    }
    expect(calls).toEqual([]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(await invoke('getAppInfo', fromOurWindow(), {})).toEqual({ ok: true, value: appInfo });
  });
});

describe('events', () => {
  const payment = { outTradeNo: 'T01-000123' } as unknown as Payment;

  it('forwards runtime events to our window only, on the event channel', () => {
    const { runtime, window } = setup();
    const other = fakeWindow();
    const event: PosEvent = { name: 'paymentUpdated', payload: payment };
    runtime.emit(event);
    expect(window!.webContents.send).toHaveBeenCalledTimes(1);
    expect(window!.webContents.send).toHaveBeenCalledWith(IPC_EVENT_CHANNEL, event);
    expect(other.webContents.send).not.toHaveBeenCalled();
  });

  it('drops events while there is no window, and stops forwarding once disposed', () => {
    let current: FakeWindow | null = null;
    const { api } = fakeApi();
    const runtime = fakeRuntime(api);
    const dispose = registerIpc({ runtime, getWindow: () => current as never, isAppUrl: createAppUrlMatcher(APP_URL) });
    expect(() => runtime.emit({ name: 'paymentUpdated', payload: payment })).not.toThrow();
    current = fakeWindow();
    runtime.emit({ name: 'paymentUpdated', payload: payment });
    expect(current.webContents.send).toHaveBeenCalledTimes(1);
    dispose();
    expect(runtime.listenerCount()).toBe(0);
    runtime.emit({ name: 'paymentUpdated', payload: payment });
    expect(current.webContents.send).toHaveBeenCalledTimes(1);
  });
});
