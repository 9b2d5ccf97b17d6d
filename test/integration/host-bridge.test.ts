// The renderer's WebSocket bridge against a real browser host (fake runtime), with the ws client
// standing in for the browser's WebSocket and sending the Origin a browser would send.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { PosEvent } from '../../shared/contract';
import { startBrowserHost, type BrowserHost } from '../../main/host/index';
import { connectWebSocketBridge, type WebSocketBridge } from '../../renderer/bridge/websocket-bridge';
import { appInfo, fakeRuntime, originOf, samplePayment, socketUrl, staticFixture, type FakeRuntime, type StaticFixture } from './host-helpers';

let fixture: StaticFixture;
let runtime: FakeRuntime;
let host: BrowserHost;
let bridge: WebSocketBridge | undefined;
let sockets: WebSocket[];

/** A browser-like WebSocket constructor: it sends our page's Origin, and the test can reach its sockets. */
function browserSocket(origin: string): new (url: string, protocols: string[]) => globalThis.WebSocket {
  return class extends WebSocket {
    constructor(url: string, protocols: string[]) {
      super(url, protocols, { origin });
      sockets.push(this);
    }
  } as unknown as new (url: string, protocols: string[]) => globalThis.WebSocket;
}

async function connect(token = host.token): Promise<WebSocketBridge> {
  bridge = await connectWebSocketBridge({
    url: socketUrl(host.url),
    token,
    WebSocket: browserSocket(originOf(host.url)),
    minDelayMs: 20,
    maxDelayMs: 100,
  });
  return bridge;
}

async function eventually<T>(probe: () => Promise<T | undefined>, timeoutMs = 5000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

beforeEach(async () => {
  sockets = [];
  bridge = undefined;
  fixture = await staticFixture();
  runtime = fakeRuntime();
  host = await startBrowserHost({ runtime, staticDir: fixture.staticDir });
});

afterEach(async () => {
  bridge?.disconnect();
  await host.close();
  await fixture.cleanup();
});

describe('WebSocket bridge', () => {
  it('offers every contract method and answers with the PosResult envelope', async () => {
    const pos = await connect();
    expect(await pos.getAppInfo({})).toEqual({ ok: true, value: appInfo });
    expect(await pos.setLanguage({ language: 'zh-CN' })).toEqual({ ok: true, value: { ...appInfo, language: 'zh-CN' } });
    expect(await pos.cancelPayment({ outTradeNo: 'T001-ABCDEF' })).toEqual({ ok: false, error: { code: 'not_found', message: 'no such payment' } });
    const bad = await pos.getPayment({ outTradeNo: '!' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(runtime.calls.map((c) => c.method)).toEqual(['getAppInfo', 'setLanguage', 'cancelPayment']);
  });

  it('delivers events to listeners until they unsubscribe', async () => {
    const pos = await connect();
    const seen: PosEvent[] = [];
    const unsubscribe = pos.onEvent((event) => seen.push(event));
    const payment = samplePayment();
    runtime.fire({ name: 'paymentUpdated', payload: payment });
    await eventually(async () => (seen.length === 1 ? true : undefined));
    expect(seen[0]).toEqual({ name: 'paymentUpdated', payload: payment });
    unsubscribe();
    runtime.fire({ name: 'paymentUpdated', payload: payment });
    await pos.getAppInfo({}); // a round trip: the second event, if delivered, would have arrived by now
    expect(seen).toHaveLength(1);
  });

  it('answers calls while the socket is down, reconnects, and events resume', async () => {
    const pos = await connect();
    const seen: PosEvent[] = [];
    pos.onEvent((event) => seen.push(event));
    // a call the host is still working on when the link drops
    runtime.api.checkPayment = (input) => {
      runtime.calls.push({ method: 'checkPayment', input });
      return new Promise(() => undefined);
    };
    const inFlight = pos.checkPayment({ outTradeNo: 'T001-ABCDEF' });
    await eventually(async () => (runtime.calls.length > 0 ? true : undefined));
    sockets[0]?.terminate();
    expect(await inFlight).toMatchObject({ ok: false, error: { code: 'host_unavailable', details: { requestSent: true } } });
    expect(await pos.getAppInfo({})).toMatchObject({ ok: false, error: { code: 'host_unavailable', details: { requestSent: false } } });

    const back = await eventually(async () => {
      const result = await pos.getAppInfo({});
      return result.ok ? result : undefined;
    });
    expect(back).toEqual({ ok: true, value: appInfo });
    expect(sockets.length).toBeGreaterThanOrEqual(2);
    runtime.fire({ name: 'paymentUpdated', payload: samplePayment() });
    await eventually(async () => (seen.length === 1 ? true : undefined));
  });

  it('gives up on the first connection when the host refuses it', async () => {
    await expect(connect('wrong-token-wrong-token-wrong-token')).rejects.toThrow(/Could not connect to Counter/);
    expect(sockets).toHaveLength(3);
    expect(runtime.calls).toEqual([]);
  });

  it('stops for good on disconnect()', async () => {
    const pos = await connect();
    pos.disconnect();
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(sockets).toHaveLength(1);
    expect(await pos.getAppInfo({})).toMatchObject({ ok: false, error: { code: 'host_unavailable' } });
  });
});
