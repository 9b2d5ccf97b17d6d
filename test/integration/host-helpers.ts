// Shared pieces of the browser-host integration tests: a fake runtime whose api records calls and
// whose events the test fires, a temp static folder, and a small ws client that speaks the protocol.
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';
import type { AppInfo, MethodName, PosApi, PosEvent } from '../../shared/contract';
import { PosError } from '../../shared/errors';
import type { Payment } from '../../shared/payment';
import { silentLogger } from '../../main/core/ports';
import { POS_SUBPROTOCOL, TOKEN_SUBPROTOCOL_PREFIX } from '../../main/host/protocol';

export const appInfo: AppInfo = {
  mode: 'training',
  version: '0.0.0-test',
  terminalId: 'T001',
  language: 'en',
  currency: 'CNY',
  maxAmountMinor: 5_000_000,
  qrLifetimeSeconds: 300,
  host: 'browser',
  qrWallets: ['wechat', 'alipay'],
  scanWallets: ['wechat', 'alipay', 'unionpay'],
  scanner: { maxGapMs: 30, minLength: 6, prefix: '', suffix: '' },
};

export function samplePayment(outTradeNo = 'T001-251122040000-0000ABC'): Payment {
  return {
    outTradeNo,
    mode: 'training',
    method: 'qr',
    amount: { minor: 1234, currency: 'CNY' },
    profileId: 'training-storepay',
    gatewayKind: 'storepay',
    status: 'paid',
    late: false,
    createdAt: '2025-11-22T04:00:00.000Z',
    updatedAt: '2025-11-22T04:00:05.000Z',
  };
}

export interface FakeRuntime {
  api: PosApi;
  logger: typeof silentLogger;
  onEvent(listener: (event: PosEvent) => void): () => void;
  close(): Promise<void>;
  calls: { method: MethodName; input: unknown }[];
  fire(event: PosEvent): void;
  listenerCount(): number;
}

export function fakeRuntime(): FakeRuntime {
  const calls: FakeRuntime['calls'] = [];
  const listeners = new Set<(event: PosEvent) => void>();
  const record = (method: MethodName, input: unknown) => calls.push({ method, input });
  const notFound = (method: MethodName) => async (input: unknown): Promise<never> => {
    record(method, input);
    throw new PosError('not_found', 'no such payment');
  };
  // What the host tests call; every other method answers not_found.
  const known: Partial<PosApi> = {
    getAppInfo: async (input) => (record('getAppInfo', input), appInfo),
    setLanguage: async (input) => (record('setLanguage', input), { ...appInfo, language: input.language }),
    startQrPayment: notFound('startQrPayment'),
    cancelPayment: notFound('cancelPayment'),
    getPayment: async (input) => (record('getPayment', input), samplePayment(input.outTradeNo)),
    checkPayment: notFound('checkPayment'),
    listPayments: async (input) => (record('listPayments', input), []),
    listUnresolved: async (input) => (record('listUnresolved', input), []),
    simulateBuyerPays: async (input) => (record('simulateBuyerPays', input), { ok: true as const }),
    simulateBuyerDeclines: async (input) => (record('simulateBuyerDeclines', input), { ok: true as const }),
  };
  const api = new Proxy(known, {
    get: (target, name) => target[name as MethodName] ?? notFound(name as MethodName),
  }) as PosApi;
  return {
    api,
    logger: silentLogger,
    calls,
    onEvent(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    fire(event) {
      for (const listener of listeners) listener(event);
    },
    listenerCount: () => listeners.size,
    close: async () => undefined,
  };
}

export interface StaticFixture {
  /** a temp folder holding `site/` (the static dir) and `secret.txt` beside it */
  base: string;
  staticDir: string;
  cleanup(): Promise<void>;
}

export const INDEX_HTML = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <title>Counter</title>
    <script type="module" src="/assets/app.js"></script>
    <link rel="stylesheet" href="/assets/app.css">
  </head>
  <body><div id="root"></div></body>
</html>
`;

export async function staticFixture(): Promise<StaticFixture> {
  const base = await mkdtemp(path.join(os.tmpdir(), 'counter-host-'));
  const staticDir = path.join(base, 'site');
  await mkdir(path.join(staticDir, 'assets'), { recursive: true });
  await writeFile(path.join(staticDir, 'index.html'), INDEX_HTML);
  await writeFile(path.join(staticDir, 'assets', 'app.js'), 'console.log("counter");\n');
  await writeFile(path.join(staticDir, 'assets', 'app.css'), 'body { margin: 0; }\n');
  await writeFile(path.join(staticDir, 'assets', 'logo.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>\n');
  await writeFile(path.join(base, 'secret.txt'), 'TOP-SECRET\n');
  return { base, staticDir, cleanup: () => rm(base, { recursive: true, force: true }) };
}

export function originOf(url: string): string {
  return new URL(url).origin;
}

export function socketUrl(url: string): string {
  return `${url.replace(/^http:/, 'ws:')}pos`;
}

export interface ClientOptions {
  origin?: string | undefined;
  token?: string | undefined;
  protocols?: string[];
}

/** Opens a ws client; resolves once open, rejects with the HTTP status when the upgrade is refused. */
export function openClient(url: string, options: ClientOptions): Promise<WebSocket> {
  const protocols = options.protocols ?? [POS_SUBPROTOCOL, ...(options.token === undefined ? [] : [`${TOKEN_SUBPROTOCOL_PREFIX}${options.token}`])];
  const ws = new WebSocket(socketUrl(url), protocols, options.origin === undefined ? {} : { origin: options.origin });
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve(ws));
    ws.on('error', (error) => reject(error));
    ws.once('unexpected-response', (_req, res) => {
      reject(Object.assign(new Error(`refused with HTTP ${res.statusCode}`), { status: res.statusCode }));
      ws.terminate();
    });
  });
}

/** Collects every parsed message a client receives. */
export function inbox(ws: WebSocket): { messages: unknown[]; next(predicate?: (m: unknown) => boolean, timeoutMs?: number): Promise<unknown> } {
  const messages: unknown[] = [];
  const waiters: { predicate: (m: unknown) => boolean; resolve: (m: unknown) => void }[] = [];
  ws.on('message', (data) => {
    const message: unknown = JSON.parse(String(data));
    messages.push(message);
    for (const waiter of [...waiters]) {
      if (waiter.predicate(message)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(message);
      }
    }
  });
  return {
    messages,
    next(predicate = () => true, timeoutMs = 5000) {
      const seen = messages.find(predicate);
      if (seen !== undefined) {
        messages.splice(messages.indexOf(seen), 1);
        return Promise.resolve(seen);
      }
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('no such message in time')), timeoutMs);
        waiters.push({
          predicate,
          resolve: (m) => {
            clearTimeout(timer);
            messages.splice(messages.indexOf(m), 1);
            resolve(m);
          },
        });
      });
    },
  };
}

export function closed(ws: WebSocket): Promise<{ code: number }> {
  if (ws.readyState === WebSocket.CLOSED) return Promise.resolve({ code: 1006 });
  return new Promise((resolve) => ws.once('close', (code) => resolve({ code })));
}

/** The HTTP status a refused upgrade answered with (rejects if the socket opens). */
export function refusedStatus(url: string, protocols: string[], options: { origin?: string } = {}): Promise<number> {
  const ws = new WebSocket(url, protocols, options);
  ws.on('error', () => undefined);
  return new Promise<number>((resolve, reject) => {
    ws.once('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      ws.terminate();
    });
    ws.once('open', () => {
      ws.terminate();
      reject(new Error('the socket opened'));
    });
  });
}
