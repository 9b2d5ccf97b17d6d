// The HTTP layer against a real loopback server: every answer is a response, every non-answer a
// TransportError of the right kind and code, for each fetch implementation that runs here (Node's own
// fetch, and undici's); the log is redacted.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fetch as undiciFetch } from 'undici';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../main/core/ports';
import {
  createFetchTransport,
  createHttpClient,
  isTransportError,
  nodeFetchTransport,
  TransportError,
  type FetchFunction,
  type HttpRequest,
  type Transport,
} from '../../main/gateways/http';

type Handler = (req: IncomingMessage, res: ServerResponse, body: string) => void;

let server: Server;
let base: string;
let handler: Handler;
/** requests the server has seen, and connections it has seen closed */
let seen: number;
let closedConnections: number;

beforeEach(async () => {
  handler = (_req, res) => res.end('ok');
  seen = 0;
  closedConnections = 0;
  server = createServer((req, res) => {
    seen += 1;
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => handler(req, res, Buffer.concat(chunks).toString('utf8')));
  });
  server.on('connection', (socket) => socket.on('close', () => (closedConnections += 1)));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterEach(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

async function failure(promise: Promise<unknown>): Promise<TransportError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(isTransportError(error)).toBe(true);
  return error as TransportError;
}

const implementations: ReadonlyArray<readonly [string, Transport]> = [
  ["Node's fetch", nodeFetchTransport],
  ["undici's fetch", createFetchTransport(undiciFetch as unknown as FetchFunction)],
];

describe.each(implementations)('the transport over %s', (_name, transport) => {
  const send = (request: HttpRequest) => transport.send(request);

  it('returns status, headers and body text of any HTTP answer, 4xx and 5xx included', async () => {
    handler = (req, res, body) => {
      res.writeHead(req.url === '/fail' ? 503 : 201, { 'X-Echo': req.headers['x-test'] ?? '', 'X-Many': ['a', 'b'], 'X-Type': String(req.headers['content-type']) });
      res.end(`got ${req.method} ${body} (${req.headers['content-length']})`);
    };
    const ok = await send({ method: 'POST', url: `${base}/x`, headers: { 'X-Test': 'yes' }, body: 'héllo', timeoutMs: 2000 });
    expect(ok.status).toBe(201);
    expect(ok.headers['x-echo']).toBe('yes');
    expect(ok.headers['x-many']).toBe('a, b');
    // no content type is made up for a body sent without one
    expect(ok.headers['x-type']).toBe('undefined');
    expect(Object.keys(ok.headers).every((name) => name === name.toLowerCase())).toBe(true);
    expect(ok.body).toBe('got POST héllo (6)');
    expect(ok.elapsedMs).toBeGreaterThanOrEqual(0);
    const bad = await send({ method: 'GET', url: `${base}/fail`, timeoutMs: 2000 });
    expect(bad.status).toBe(503);
    expect(bad.body).toBe('got GET  (undefined)');
  });

  it('hands back a redirect as the answer it is, without following it', async () => {
    handler = (_req, res) => {
      res.writeHead(302, { Location: `${base}/elsewhere` });
      res.end('moved');
    };
    const moved = await send({ method: 'POST', url: `${base}/pay`, body: '{}', timeoutMs: 2000 });
    expect([moved.status, moved.headers['location'], moved.body]).toEqual([302, `${base}/elsewhere`, 'moved']);
    expect(seen).toBe(1);
  });

  it('gives up on a server that never answers: timeout, and the connection is closed', async () => {
    handler = () => {}; // hold
    const started = Date.now();
    const error = await failure(send({ method: 'POST', url: base, body: '{}', timeoutMs: 150 }));
    expect([error.kind, error.code]).toEqual(['timeout', 'ETIMEDOUT']);
    expect(Date.now() - started).toBeLessThan(1500);
    expect(error.elapsedMs).toBeGreaterThanOrEqual(140);
    await until(() => closedConnections >= 1);
  });

  it('times out a body that trickles in too slowly', async () => {
    handler = (_req, res) => {
      res.writeHead(200);
      res.write('partial');
    };
    expect((await failure(send({ method: 'GET', url: base, timeoutMs: 150 }))).kind).toBe('timeout');
  });

  it('times out a body that keeps coming, byte by byte, past the deadline', async () => {
    let trickle: ReturnType<typeof setInterval> | undefined;
    handler = (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      trickle = setInterval(() => res.write(' '), 20);
      res.on('close', () => clearInterval(trickle));
    };
    const started = Date.now();
    const error = await failure(send({ method: 'GET', url: base, timeoutMs: 300 }));
    clearInterval(trickle);
    expect([error.kind, error.code]).toEqual(['timeout', 'ETIMEDOUT']);
    expect(Date.now() - started).toBeLessThan(1500);
    await until(() => closedConnections >= 1);
  });

  it('reports a connection cut before the answer as reset', async () => {
    handler = (req) => req.socket.destroy();
    const error = await failure(send({ method: 'POST', url: base, body: 'x', timeoutMs: 2000 }));
    expect([error.kind, error.code]).toEqual(['reset', 'ECONNRESET']);
  });

  it('reports a connection cut in the middle of the body as reset', async () => {
    handler = (req, res) => {
      res.writeHead(200, { 'Content-Length': '100' });
      res.write('only part', () => setTimeout(() => req.socket.destroy(), 20));
    };
    const error = await failure(send({ method: 'GET', url: base, timeoutMs: 2000 }));
    expect([error.kind, error.code]).toEqual(['reset', 'ECONNRESET']);
  });

  it('reports a refused connection as network', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const error = await failure(send({ method: 'GET', url: `http://127.0.0.1:${port}/`, timeoutMs: 2000 }));
    expect(error.kind).toBe('network');
    expect(error.code).toBe('ECONNREFUSED');
  });

  it('refuses an answer larger than the limit, and a bad URL, as network', async () => {
    handler = (_req, res) => res.end('x'.repeat(5000));
    const large = await failure(send({ method: 'GET', url: base, timeoutMs: 2000, maxResponseBytes: 1000 }));
    expect([large.kind, large.code]).toEqual(['network', 'ERESPONSETOOLARGE']);
    expect((await failure(send({ method: 'GET', url: 'not a url', timeoutMs: 2000 }))).kind).toBe('network');
    expect((await failure(send({ method: 'GET', url: 'ftp://127.0.0.1/', timeoutMs: 2000 }))).kind).toBe('network');
  });

  it('stops reading an endless answer at the limit and closes the connection', async () => {
    let flood: ReturnType<typeof setInterval> | undefined;
    handler = (_req, res) => {
      res.writeHead(200);
      flood = setInterval(() => res.write('y'.repeat(4096)), 5);
      res.on('close', () => clearInterval(flood));
    };
    const started = Date.now();
    const error = await failure(send({ method: 'GET', url: base, timeoutMs: 5000, maxResponseBytes: 64 * 1024 }));
    clearInterval(flood);
    expect([error.kind, error.code]).toEqual(['network', 'ERESPONSETOOLARGE']);
    expect(Date.now() - started).toBeLessThan(4000);
    await until(() => closedConnections >= 1);
  });
});

describe('the transport over a fetch that does not stop when aborted', () => {
  // Not every fetch ends an aborted request the same way (Electron's net.fetch hands over a body
  // stream of its own): the deadline and the size cap hold regardless, and the body is cancelled.
  function stubbornFetch(pull: (controller: ReadableStreamDefaultController<Uint8Array>) => Promise<void>) {
    const state = { cancelled: false };
    const fetchFunction: FetchFunction = async () =>
      new Response(new ReadableStream<Uint8Array>({ pull, cancel: () => void (state.cancelled = true) }), { status: 200 });
    return { transport: createFetchTransport(fetchFunction), state };
  }

  it('gives up at the deadline when no answer ever comes', async () => {
    const transport = createFetchTransport(() => new Promise<Response>(() => {}));
    const error = await failure(transport.send({ method: 'GET', url: base, timeoutMs: 100 }));
    expect([error.kind, error.code]).toEqual(['timeout', 'ETIMEDOUT']);
  });

  it('gives up at the deadline on a body that stalls, and cancels it', async () => {
    const { transport, state } = stubbornFetch(() => new Promise<void>(() => {}));
    const error = await failure(transport.send({ method: 'GET', url: base, timeoutMs: 100 }));
    expect([error.kind, error.code, state.cancelled]).toEqual(['timeout', 'ETIMEDOUT', true]);
  });

  it('stops at the size cap and cancels the body', async () => {
    const { transport, state } = stubbornFetch(async (controller) => controller.enqueue(new Uint8Array(1024)));
    const error = await failure(transport.send({ method: 'GET', url: base, timeoutMs: 2000, maxResponseBytes: 10_000 }));
    expect([error.kind, error.code, state.cancelled]).toEqual(['network', 'ERESPONSETOOLARGE', true]);
  });
});

describe("failures as Electron's net.fetch names them", () => {
  // net.fetch rejects with Chromium's error names in the message, no code; the body stream errors the same way
  const rejecting = (message: string) => createFetchTransport(() => Promise.reject(new Error(message)));
  const cutBody = (message: string) =>
    createFetchTransport(async () => new Response(new ReadableStream<Uint8Array>({ pull: (controller) => controller.error(new Error(message)) })));

  it.each([
    ['net::ERR_CONNECTION_REFUSED', 'network', 'ECONNREFUSED'],
    ['net::ERR_NAME_NOT_RESOLVED', 'network', 'ENOTFOUND'],
    ['net::ERR_CONNECTION_RESET', 'reset', 'ECONNRESET'],
    ['net::ERR_EMPTY_RESPONSE', 'reset', 'ECONNRESET'],
    ['net::ERR_TIMED_OUT', 'timeout', 'ETIMEDOUT'],
    ['net::ERR_PROXY_CONNECTION_FAILED', 'network', 'net::ERR_PROXY_CONNECTION_FAILED'],
    ['Redirect was cancelled', 'network', 'ERR_REDIRECT'],
  ])('%s is %s (%s)', async (message, kind, code) => {
    const error = await failure(rejecting(message).send({ method: 'POST', url: base, body: '{}', timeoutMs: 2000 }));
    expect([error.kind, error.code]).toEqual([kind, code]);
  });

  it('reads a body cut by Chromium as reset', async () => {
    const error = await failure(cutBody('net::ERR_INCOMPLETE_CHUNKED_ENCODING').send({ method: 'GET', url: base, timeoutMs: 2000 }));
    expect([error.kind, error.code]).toEqual(['reset', 'ECONNRESET']);
  });
});

async function until(probe: () => boolean, timeoutMs = 2000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!probe()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('createHttpClient', () => {
  it('sends JSON, parses the answer without throwing, and logs both sides redacted', async () => {
    handler = (req, res, body) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(req.url === '/bad' ? '<html>oops' : JSON.stringify({ echo: JSON.parse(body), token: 'eyJsecret.value', ct: req.headers['content-type'] }));
    };
    const lines: Array<{ level: string; message: string; fields: Record<string, unknown> | undefined }> = [];
    const logger = {
      debug: (message: string, fields?: Record<string, unknown>) => lines.push({ level: 'debug', message, fields }),
      info: (message: string, fields?: Record<string, unknown>) => lines.push({ level: 'info', message, fields }),
      warn: (message: string, fields?: Record<string, unknown>) => lines.push({ level: 'warn', message, fields }),
      error: (message: string, fields?: Record<string, unknown>) => lines.push({ level: 'error', message, fields }),
    };
    const http = createHttpClient({ logger, gateway: 'test' });
    const answer = await http.sendJson({
      url: `${base}/ok`,
      json: { amount: 12.34, password: 'p4ss', auth_code: '134567890123456789' },
      headers: { Authorization: 'Bearer abcdefgh12345' },
      timeoutMs: 2000,
      operation: 'create',
    });
    expect(answer.status).toBe(200);
    expect(answer.json).toEqual({
      ok: true,
      value: { echo: { amount: 12.34, password: 'p4ss', auth_code: '134567890123456789' }, token: 'eyJsecret.value', ct: 'application/json; charset=utf-8' },
    });
    const bad = await http.sendJson({ url: `${base}/bad`, json: {}, timeoutMs: 2000 });
    expect(bad.json.ok).toBe(false);
    expect(bad.body).toBe('<html>oops');

    const logged = JSON.stringify(lines);
    expect(logged).not.toContain('p4ss');
    expect(logged).not.toContain('abcdefgh12345');
    expect(logged).not.toContain('134567890123456789');
    expect(logged).not.toContain('eyJsecret');
    expect(lines[0]).toMatchObject({ message: 'http request', fields: { gateway: 'test', operation: 'create', method: 'POST' } });
    expect(lines[1]).toMatchObject({ message: 'http response', fields: { status: 200, body: { echo: { amount: 12.34, auth_code: '****6789' } } } });
  });

  it('sends through the transport it is given, with its size cap', async () => {
    const sent: HttpRequest[] = [];
    const transport: Transport = {
      send: async (request) => {
        sent.push(request);
        return { status: 204, headers: {}, body: '', elapsedMs: 1 };
      },
    };
    const http = createHttpClient({ logger: silentLogger, gateway: 'test', transport, maxResponseBytes: 500 });
    expect((await http.send({ method: 'GET', url: `${base}/x`, timeoutMs: 2000 })).status).toBe(204);
    expect(sent).toEqual([expect.objectContaining({ method: 'GET', url: `${base}/x`, maxResponseBytes: 500 })]);
    expect(seen).toBe(0);
  });

  it('logs a transport failure as a warning and rethrows it', async () => {
    handler = (req) => req.socket.destroy();
    const warnings: unknown[] = [];
    const http = createHttpClient({ logger: { debug() {}, info() {}, warn: (_m, f) => warnings.push(f), error() {} }, gateway: 'test' });
    const error = await failure(http.send({ method: 'GET', url: base, timeoutMs: 2000 }));
    expect(error.kind).toBe('reset');
    expect(warnings).toEqual([expect.objectContaining({ kind: 'reset', gateway: 'test' })]);
  });
});
