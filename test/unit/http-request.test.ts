// The HTTP layer against a real loopback server: every answer is a response, every non-answer a
// TransportError of the right kind; the log is redacted.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHttpClient, isTransportError, sendRequest, TransportError } from '../../main/gateways/http';

type Handler = (req: IncomingMessage, res: ServerResponse, body: string) => void;

let server: Server;
let base: string;
let handler: Handler;

beforeEach(async () => {
  handler = (_req, res) => res.end('ok');
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => handler(req, res, Buffer.concat(chunks).toString('utf8')));
  });
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

describe('sendRequest', () => {
  it('returns status, headers and body text of any HTTP answer, 4xx and 5xx included', async () => {
    handler = (req, res, body) => {
      res.writeHead(req.url === '/fail' ? 503 : 201, { 'X-Echo': req.headers['x-test'] ?? '' });
      res.end(`got ${req.method} ${body} (${req.headers['content-length']})`);
    };
    const ok = await sendRequest({ method: 'POST', url: `${base}/x`, headers: { 'X-Test': 'yes' }, body: 'héllo', timeoutMs: 2000 });
    expect(ok.status).toBe(201);
    expect(ok.headers['x-echo']).toBe('yes');
    expect(ok.body).toBe('got POST héllo (6)');
    expect(ok.elapsedMs).toBeGreaterThanOrEqual(0);
    const bad = await sendRequest({ method: 'GET', url: `${base}/fail`, timeoutMs: 2000 });
    expect(bad.status).toBe(503);
  });

  it('gives up on a server that never answers: timeout', async () => {
    handler = () => {}; // hold
    const started = Date.now();
    const error = await failure(sendRequest({ method: 'POST', url: base, body: '{}', timeoutMs: 150 }));
    expect(error.kind).toBe('timeout');
    expect(Date.now() - started).toBeLessThan(1500);
  });

  it('times out a body that trickles in too slowly', async () => {
    handler = (_req, res) => {
      res.writeHead(200);
      res.write('partial');
    };
    expect((await failure(sendRequest({ method: 'GET', url: base, timeoutMs: 150 }))).kind).toBe('timeout');
  });

  it('reports a connection cut before the answer as reset', async () => {
    handler = (req) => req.socket.destroy();
    expect((await failure(sendRequest({ method: 'POST', url: base, body: 'x', timeoutMs: 2000 }))).kind).toBe('reset');
  });

  it('reports a connection cut in the middle of the body as reset', async () => {
    handler = (req, res) => {
      res.writeHead(200, { 'Content-Length': '100' });
      res.write('only part', () => setTimeout(() => req.socket.destroy(), 20));
    };
    expect((await failure(sendRequest({ method: 'GET', url: base, timeoutMs: 2000 }))).kind).toBe('reset');
  });

  it('reports a refused connection as network', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const error = await failure(sendRequest({ method: 'GET', url: `http://127.0.0.1:${port}/`, timeoutMs: 2000 }));
    expect(error.kind).toBe('network');
    expect(error.code).toBe('ECONNREFUSED');
  });

  it('refuses an answer larger than the limit, and a bad URL, as network', async () => {
    handler = (_req, res) => res.end('x'.repeat(5000));
    expect((await failure(sendRequest({ method: 'GET', url: base, timeoutMs: 2000, maxResponseBytes: 1000 }))).kind).toBe('network');
    expect((await failure(sendRequest({ method: 'GET', url: 'not a url', timeoutMs: 2000 }))).kind).toBe('network');
    expect((await failure(sendRequest({ method: 'GET', url: 'ftp://127.0.0.1/', timeoutMs: 2000 }))).kind).toBe('network');
  });
});

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

  it('logs a transport failure as a warning and rethrows it', async () => {
    handler = (req) => req.socket.destroy();
    const warnings: unknown[] = [];
    const http = createHttpClient({ logger: { debug() {}, info() {}, warn: (_m, f) => warnings.push(f), error() {} }, gateway: 'test' });
    const error = await failure(http.send({ method: 'GET', url: base, timeoutMs: 2000 }));
    expect(error.kind).toBe('reset');
    expect(warnings).toEqual([expect.objectContaining({ kind: 'reset', gateway: 'test' })]);
  });
});
