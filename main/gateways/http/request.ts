// One HTTP(S) exchange over node:http/https with a hard time limit on the whole exchange (connect,
// send, wait, read). Resolves with status, headers and body text for ANY HTTP answer; rejects only
// with a TransportError (timeout | network | reset). No logging, no retries: see client.ts, retry.ts.
import http from 'node:http';
import https from 'node:https';
import { performance } from 'node:perf_hooks';
import { TransportError, toTransportError } from './transport-error';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'HEAD';

export interface HttpRequest {
  method: HttpMethod;
  url: string | URL;
  headers?: Record<string, string>;
  body?: string | Uint8Array;
  /** the whole exchange must finish within this; then the request is destroyed: kind "timeout" */
  timeoutMs: number;
  /** a larger answer is cut off: kind "network" (default 1 MiB) */
  maxResponseBytes?: number;
  /** default: a shared keep-alive agent; false: a fresh connection per request */
  agent?: http.Agent | false;
}

export interface HttpResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
  elapsedMs: number;
}

export const DEFAULT_MAX_RESPONSE_BYTES = 1024 * 1024;

// Idle pooled sockets are dropped after 4 s, before a server's usual 5 s keep-alive limit, so a
// request is not sent down a socket the server is closing (which would look like a reset).
const sharedAgents = {
  http: new http.Agent({ keepAlive: true, timeout: 4_000 }),
  https: new https.Agent({ keepAlive: true, timeout: 4_000 }),
};

export function sendRequest(request: HttpRequest): Promise<HttpResponse> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  let url: URL;
  try {
    url = typeof request.url === 'string' ? new URL(request.url) : request.url;
  } catch (error) {
    return Promise.reject(new TransportError('network', `invalid URL: ${String(request.url)}`, { code: 'ERR_INVALID_URL', cause: error }));
  }
  const secure = url.protocol === 'https:';
  if (!secure && url.protocol !== 'http:') {
    return Promise.reject(new TransportError('network', `unsupported protocol ${url.protocol}`, { code: 'ERR_INVALID_PROTOCOL' }));
  }
  const maxBytes = request.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  const headers: Record<string, string> = { ...request.headers };
  if (request.body !== undefined && !Object.keys(headers).some((h) => h.toLowerCase() === 'content-length')) {
    headers['Content-Length'] = String(Buffer.byteLength(request.body));
  }
  const agent = request.agent ?? (secure ? sharedAgents.https : sharedAgents.http);

  return new Promise<HttpResponse>((resolve, reject) => {
    let settled = false;
    let timedOut = false;
    const fail = (error: unknown) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      const ms = elapsed();
      reject(
        timedOut
          ? new TransportError('timeout', `no answer within ${request.timeoutMs} ms`, { code: 'ETIMEDOUT', elapsedMs: ms })
          : toTransportError(error, ms),
      );
    };

    const outgoing = (secure ? https : http).request(url, { method: request.method, headers, agent }, (response) => {
      const chunks: Buffer[] = [];
      let size = 0;
      response.on('data', (chunk: Buffer) => {
        if (settled) return;
        size += chunk.length;
        if (size > maxBytes) {
          fail(new TransportError('network', `answer larger than ${maxBytes} bytes`, { code: 'ERESPONSETOOLARGE', elapsedMs: elapsed() }));
          outgoing.destroy();
          return;
        }
        chunks.push(chunk);
      });
      response.on('end', () => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve({
          status: response.statusCode ?? 0,
          headers: response.headers,
          body: Buffer.concat(chunks).toString('utf8'),
          elapsedMs: elapsed(),
        });
      });
      response.on('error', fail);
      response.on('close', () => {
        if (!response.complete) fail(new TransportError('reset', 'the connection closed before the answer was complete', { code: 'ECONNRESET', elapsedMs: elapsed() }));
      });
    });

    const timer = setTimeout(() => {
      timedOut = true;
      fail(undefined);
      outgoing.destroy();
    }, request.timeoutMs);

    // a reset while the body is written shows up here as EPIPE or ECONNRESET: both are "reset"
    outgoing.on('error', fail);
    outgoing.end(request.body);
  });
}
