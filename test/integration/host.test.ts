// The browser host against real loopback HTTP and WebSockets, with a fake runtime behind it.
import { request } from 'node:http';
import { createServer } from 'node:net';
import { symlink } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type WebSocket from 'ws';
import { startBrowserHost, type BrowserHost } from '../../main/host/index';
import * as serverProtocol from '../../main/host/protocol';
import { contentSecurityPolicy } from '../../main/host/security';
import { resolveStaticPath } from '../../main/host/static';
import * as bridgeModule from '../../renderer/bridge/websocket-bridge';
import { appInfo, closed, refusedStatus, fakeRuntime, inbox, openClient, originOf, samplePayment, staticFixture, type FakeRuntime, type StaticFixture } from './host-helpers';
import { malformedFrames } from './malformed-frames';

interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A request with the path sent exactly as given (fetch would normalise `..` away). */
function rawGet(url: string, rawPath: string, headers: Record<string, string> = {}, method = 'GET'): Promise<RawResponse> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request({ hostname, port, path: rawPath, method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end();
  });
}

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen({ host: '127.0.0.1', port, exclusive: true }, () => probe.close(() => resolve(true)));
  });
}

let fixture: StaticFixture;
let runtime: FakeRuntime;
let host: BrowserHost;
let origin: string;
const openSockets: WebSocket[] = [];

async function client(options: { origin?: string; token?: string; protocols?: string[] } = {}): Promise<WebSocket> {
  const ws = await openClient(host.url, { origin, token: host.token, ...options });
  openSockets.push(ws);
  return ws;
}

beforeEach(async () => {
  fixture = await staticFixture();
  runtime = fakeRuntime();
  host = await startBrowserHost({ runtime, staticDir: fixture.staticDir });
  origin = originOf(host.url);
});

afterEach(async () => {
  for (const ws of openSockets.splice(0)) ws.terminate();
  await host.close();
  await fixture.cleanup();
});

describe('browser host: start', () => {
  it('listens on 127.0.0.1 on a free port and prints a plain URL', () => {
    expect(host.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(host.url).not.toContain(host.token);
    expect(host.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('refuses a folder without index.html', async () => {
    await expect(startBrowserHost({ runtime, staticDir: path.join(fixture.base, 'nowhere') })).rejects.toThrow(/index\.html/);
  });

  it('makes a new token per launch', async () => {
    const second = await startBrowserHost({ runtime, staticDir: fixture.staticDir });
    try {
      expect(second.token).not.toBe(host.token);
      expect(second.url).not.toBe(host.url);
    } finally {
      await second.close();
    }
  });
});

describe('browser host: static files', () => {
  it('serves index.html with the token meta, the strict CSP and the security headers', async () => {
    const res = await fetch(host.url);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const port = Number(new URL(host.url).port);
    expect(res.headers.get('content-security-policy')).toBe(contentSecurityPolicy(port));
    expect(res.headers.get('content-security-policy')).toBe(
      `default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self' ws://127.0.0.1:${port}; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`,
    );
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(res.headers.get('cache-control')).toBe('no-store');
    const html = await res.text();
    expect(html).toContain(`<meta name="counter-host-token" content="${host.token}">`);
    // in the meta tag only: once in the page, and inside <head>
    expect(html.split(host.token)).toHaveLength(2);
    expect(html.indexOf(host.token)).toBeLessThan(html.indexOf('</head>'));
    expect(html.indexOf(host.token)).toBeGreaterThan(html.indexOf('<head>'));
    // the page is otherwise what was built
    expect(html).toContain('<script type="module" src="/assets/app.js"></script>');
  });

  it('serves /index.html the same way', async () => {
    const html = await (await fetch(`${host.url}index.html`)).text();
    expect(html).toContain(`content="${host.token}"`);
  });

  it('serves assets with their content types and the same headers', async () => {
    const cases: [string, string][] = [
      ['assets/app.js', 'text/javascript; charset=utf-8'],
      ['assets/app.css', 'text/css; charset=utf-8'],
      ['assets/logo.svg', 'image/svg+xml'],
    ];
    for (const [file, type] of cases) {
      const res = await fetch(`${host.url}${file}?v=1`);
      expect(res.status, file).toBe(200);
      expect(res.headers.get('content-type'), file).toBe(type);
      expect(res.headers.get('content-security-policy'), file).toContain("script-src 'self'");
      expect(res.headers.get('x-content-type-options'), file).toBe('nosniff');
    }
    expect(await (await fetch(`${host.url}assets/app.js`)).text()).toBe('console.log("counter");\n');
  });

  it('answers HEAD without a body and refuses other methods', async () => {
    const head = await rawGet(host.url, '/assets/app.js', {}, 'HEAD');
    expect(head.status).toBe(200);
    expect(head.body).toBe('');
    const post = await rawGet(host.url, '/', {}, 'POST');
    expect(post.status).toBe(405);
    expect(post.headers.allow).toBe('GET, HEAD');
  });

  it('answers 404 for missing files and folders', async () => {
    expect((await fetch(`${host.url}nope.js`)).status).toBe(404);
    expect((await fetch(`${host.url}assets`)).status).toBe(404);
    const missing = await fetch(`${host.url}nope.js`);
    expect(missing.headers.get('content-security-policy')).toContain("default-src 'self'");
  });

  it('answers a missing favicon with 204, not a console-cluttering 404', async () => {
    const res = await fetch(`${host.url}favicon.ico`);
    expect(res.status).toBe(204);
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
  });

  it('refuses every path traversal', async () => {
    const attempts = [
      '/../secret.txt',
      '/../../secret.txt',
      '/assets/../../secret.txt',
      '/%2e%2e/secret.txt',
      '/..%2fsecret.txt',
      '/assets/..%2f..%2fsecret.txt',
      '/..%5csecret.txt',
      '/%252e%252e/secret.txt',
      '/assets/%00../secret.txt',
      `/${encodeURIComponent(path.join(fixture.base, 'secret.txt'))}`,
      '//etc/passwd',
      '/%E0%A4%A',
    ];
    for (const attempt of attempts) {
      const res = await rawGet(host.url, attempt);
      expect([400, 404], attempt).toContain(res.status);
      expect(res.body, attempt).not.toContain('TOP-SECRET');
    }
  });

  it('does not follow a link out of the folder', async () => {
    await symlink(path.join(fixture.base, 'secret.txt'), path.join(fixture.staticDir, 'assets', 'link.txt'));
    const res = await rawGet(host.url, '/assets/link.txt');
    expect(res.status).toBe(404);
    expect(res.body).not.toContain('TOP-SECRET');
  });

  it('maps paths inside the root only', () => {
    const root = path.resolve('/srv/site');
    expect(resolveStaticPath(root, '/')).toBe(path.join(root, 'index.html'));
    expect(resolveStaticPath(root, '/a/b.js')).toBe(path.join(root, 'a', 'b.js'));
    expect(resolveStaticPath(root, '/../site2/x')).toBeUndefined();
    expect(resolveStaticPath(root, '/..')).toBeUndefined();
    expect(resolveStaticPath(root, '/%zz')).toBeUndefined();
  });

  it('refuses a request for a foreign Host (DNS rebinding)', async () => {
    const port = new URL(host.url).port;
    for (const name of [`evil.example:${port}`, `localhost:${port}`, '127.0.0.1']) {
      const res = await rawGet(host.url, '/', { Host: name });
      expect(res.status, name).toBe(403);
      expect(res.body, name).not.toContain(host.token);
    }
  });
});

describe('browser host: WebSocket gate', () => {
  async function expectRefused(options: { origin?: string; token?: string; protocols?: string[] }, status = 403) {
    await expect(client(options)).rejects.toMatchObject({ status });
  }

  it('refuses a foreign Origin, even with the right token', async () => {
    const port = new URL(host.url).port;
    for (const foreign of ['http://evil.example', `http://localhost:${port}`, `https://127.0.0.1:${port}`, `http://127.0.0.1:${Number(port) + 1}`, 'null']) {
      await expectRefused({ origin: foreign });
    }
    expect(runtime.calls).toEqual([]);
  });

  it('refuses a missing Origin', async () => {
    const status = await refusedStatus(`${host.url.replace('http:', 'ws:')}pos`, [
      serverProtocol.POS_SUBPROTOCOL,
      `${serverProtocol.TOKEN_SUBPROTOCOL_PREFIX}${host.token}`,
    ]);
    expect(status).toBe(403);
  });

  it('refuses a wrong, a missing or a doubled token, and no method runs', async () => {
    const wrong = `${host.token.slice(0, -1)}${host.token.endsWith('A') ? 'B' : 'A'}`;
    await expectRefused({ token: wrong });
    await expectRefused({ token: host.token.slice(0, 20) });
    await expectRefused({ token: `${host.token}x` });
    await expectRefused({ protocols: [serverProtocol.POS_SUBPROTOCOL] });
    await expectRefused({ protocols: [`${serverProtocol.TOKEN_SUBPROTOCOL_PREFIX}${host.token}`] });
    await expectRefused({
      protocols: [serverProtocol.POS_SUBPROTOCOL, `${serverProtocol.TOKEN_SUBPROTOCOL_PREFIX}${wrong}`, `${serverProtocol.TOKEN_SUBPROTOCOL_PREFIX}${host.token}`],
    });
    expect(runtime.calls).toEqual([]);
  });

  it('refuses an upgrade on any other path', async () => {
    const status = await refusedStatus(`${host.url.replace('http:', 'ws:')}other`, [serverProtocol.POS_SUBPROTOCOL], { origin });
    expect(status).toBe(404);
  });

  it('lets our own page in, and answers with the protocol name, never the token', async () => {
    const ws = await client();
    expect(ws.protocol).toBe(serverProtocol.POS_SUBPROTOCOL);
  });
});

describe('browser host: calls and events', () => {
  it('runs a method and answers {id, result: {ok: true}}', async () => {
    const ws = await client();
    const box = inbox(ws);
    ws.send(JSON.stringify({ id: 1, method: 'getAppInfo', input: {} }));
    expect(await box.next()).toEqual({ id: 1, result: { ok: true, value: appInfo } });
    ws.send(JSON.stringify({ id: 'b', method: 'simulateBuyerPays', input: { outTradeNo: 'T001-ABCDEF' } }));
    expect(await box.next()).toEqual({ id: 'b', result: { ok: true, value: { ok: true } } });
    expect(runtime.calls).toEqual([
      { method: 'getAppInfo', input: {} },
      { method: 'simulateBuyerPays', input: { outTradeNo: 'T001-ABCDEF' } },
    ]);
  });

  it('answers each call by its id when they overlap', async () => {
    const ws = await client();
    const box = inbox(ws);
    for (let id = 1; id <= 20; id += 1) ws.send(JSON.stringify({ id, method: 'getPayment', input: { outTradeNo: `ORDER-${id}` } }));
    for (let id = 1; id <= 20; id += 1) {
      const message = (await box.next((m) => (m as { id: number }).id === id)) as { result: { ok: true; value: { outTradeNo: string } } };
      expect(message.result.value.outTradeNo).toBe(`ORDER-${id}`);
    }
  });

  it('carries a PosError from the api as {ok: false}', async () => {
    const ws = await client();
    const box = inbox(ws);
    ws.send(JSON.stringify({ id: 7, method: 'cancelPayment', input: { outTradeNo: 'T001-ABCDEF' } }));
    expect(await box.next()).toEqual({ id: 7, result: { ok: false, error: { code: 'not_found', message: 'no such payment' } } });
  });

  it('answers invalid input, an unknown method, bad JSON and binary with invalid_input, and stays up', async () => {
    const ws = await client();
    const box = inbox(ws);
    ws.send(JSON.stringify({ id: 1, method: 'getPayment', input: { outTradeNo: 'x' } }));
    expect(await box.next()).toMatchObject({ id: 1, result: { ok: false, error: { code: 'invalid_input' } } });
    ws.send(JSON.stringify({ id: 2, method: 'startQrPayment', input: { amountMinor: 12.5, currency: 'CNY' } }));
    expect(await box.next()).toMatchObject({ id: 2, result: { ok: false, error: { code: 'invalid_input' } } });
    ws.send(JSON.stringify({ id: 3, method: 'toString', input: {} }));
    expect(await box.next()).toMatchObject({ id: 3, result: { ok: false, error: { code: 'invalid_input' } } });
    ws.send('{ this is not json');
    expect(await box.next()).toMatchObject({ id: null, result: { ok: false, error: { code: 'invalid_input' } } });
    ws.send(JSON.stringify({ method: 'getAppInfo', input: {} }));
    expect(await box.next()).toMatchObject({ id: null, result: { ok: false, error: { code: 'invalid_input' } } });
    ws.send(JSON.stringify([1, 2, 3]));
    expect(await box.next()).toMatchObject({ id: null, result: { ok: false, error: { code: 'invalid_input' } } });
    ws.send(Buffer.from([1, 2, 3]), { binary: true });
    expect(await box.next()).toMatchObject({ id: null, result: { ok: false, error: { code: 'invalid_input' } } });
    // nothing invalid reached the api, and the socket still works
    expect(runtime.calls).toEqual([]);
    ws.send(JSON.stringify({ id: 4, method: 'getAppInfo' }));
    expect(await box.next()).toEqual({ id: 4, result: { ok: true, value: appInfo } });
  });

  it('answers every malformed frame with a typed invalid_input by its id, runs nothing, pollutes nothing, and stays up', async () => {
    const ws = await client();
    const box = inbox(ws);
    for (const frame of malformedFrames()) {
      ws.send(frame.text);
      const answer = await box.next();
      expect(answer, frame.what).toEqual({ id: frame.id, result: { ok: false, error: { code: 'invalid_input', message: expect.any(String) } } });
    }
    for (const payload of [Buffer.from([1, 2, 3]), Buffer.from(JSON.stringify({ id: 1, method: 'getAppInfo' }))]) {
      ws.send(payload, { binary: true });
      expect(await box.next()).toEqual({ id: null, result: { ok: false, error: { code: 'invalid_input', message: expect.any(String) } } });
    }
    expect(runtime.calls).toEqual([]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('outTradeNo');
    ws.send(JSON.stringify({ id: 'after', method: 'getAppInfo' }));
    expect(await box.next()).toEqual({ id: 'after', result: { ok: true, value: appInfo } });
  });

  it('closes a client that sends an oversized message, and serves the next one', async () => {
    const ws = await client();
    const whenClosed = closed(ws);
    ws.send(JSON.stringify({ id: 1, method: 'getAppInfo', input: { pad: 'x'.repeat(serverProtocol.MAX_MESSAGE_BYTES) } }));
    expect((await whenClosed).code).toBe(1009);
    expect(runtime.calls).toEqual([]);
    const next = await client();
    const box = inbox(next);
    next.send(JSON.stringify({ id: 1, method: 'getAppInfo', input: {} }));
    expect(await box.next()).toMatchObject({ id: 1, result: { ok: true } });
  });

  it('pushes events to every connected client', async () => {
    const first = await client();
    const second = await client();
    const boxes = [inbox(first), inbox(second)];
    const payment = samplePayment();
    runtime.fire({ name: 'paymentUpdated', payload: payment });
    for (const box of boxes) expect(await box.next()).toEqual({ event: { name: 'paymentUpdated', payload: payment } });
  });
});

describe('browser host: close', () => {
  it('closes sockets, unsubscribes from events and frees the port', async () => {
    const ws = await client();
    const whenClosed = closed(ws);
    const port = Number(new URL(host.url).port);
    expect(runtime.listenerCount()).toBe(1);
    await host.close();
    expect((await whenClosed).code).toBe(1001);
    expect(runtime.listenerCount()).toBe(0);
    await expect(fetch(host.url)).rejects.toThrow();
    expect(await portIsFree(port)).toBe(true);
    await host.close(); // twice is fine
  });

  it('frees the port even with a keep-alive HTTP connection open', async () => {
    const port = Number(new URL(host.url).port);
    await fetch(`${host.url}assets/app.js`).then((res) => res.text());
    await host.close();
    expect(await portIsFree(port)).toBe(true);
  });
});

describe('browser host: protocol copies', () => {
  it('the renderer bridge and the host agree on the protocol constants', () => {
    expect(bridgeModule.POS_SOCKET_PATH).toBe(serverProtocol.POS_SOCKET_PATH);
    expect(bridgeModule.POS_SUBPROTOCOL).toBe(serverProtocol.POS_SUBPROTOCOL);
    expect(bridgeModule.TOKEN_SUBPROTOCOL_PREFIX).toBe(serverProtocol.TOKEN_SUBPROTOCOL_PREFIX);
    expect(bridgeModule.TOKEN_META_NAME).toBe(serverProtocol.TOKEN_META_NAME);
    expect(bridgeModule.MAX_MESSAGE_BYTES).toBe(serverProtocol.MAX_MESSAGE_BYTES);
  });
});
