// One exchange over a fetch function (the WHATWG `fetch(input, init)` shape): Node's own fetch under
// Node, Electron's net.fetch in the desktop app (main/app/gateway-fetch.ts). Resolves with status,
// headers and body text for ANY HTTP answer, a redirect included (it is not followed); rejects only
// with a TransportError (timeout | network | reset). No logging, no retries: see client.ts; core decides on repeats (main/core/retry-policy.ts).
import { performance } from 'node:perf_hooks';
import { DEFAULT_MAX_RESPONSE_BYTES, type HttpRequest, type HttpResponse } from './request';
import { TransportError, toTransportError } from './transport-error';

export type FetchFunction = (input: string, init: RequestInit) => Promise<Response>;

/** How a gateway client's requests reach the network. */
export interface Transport {
  send(request: HttpRequest): Promise<HttpResponse>;
}

export function createFetchTransport(fetchFunction: FetchFunction): Transport {
  return { send: (request) => exchange(fetchFunction, request) };
}

/** Node's own fetch (undici): its pool keeps idle connections 4 s, under a server's usual 5 s. */
export const nodeFetchTransport: Transport = createFetchTransport((input, init) => fetch(input, init));

function checkedUrl(value: string | URL): URL {
  let url: URL;
  try {
    url = typeof value === 'string' ? new URL(value) : value;
  } catch (error) {
    throw new TransportError('network', `invalid URL: ${String(value)}`, { code: 'ERR_INVALID_URL', cause: error });
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new TransportError('network', `unsupported protocol ${url.protocol}`, { code: 'ERR_INVALID_PROTOCOL' });
  }
  return url;
}

// A string body goes as bytes, so fetch adds no text/plain content type the caller did not set.
function bodyBytes(body: string | Uint8Array | undefined): Uint8Array<ArrayBuffer> | undefined {
  if (body === undefined) return undefined;
  return typeof body === 'string' ? Buffer.from(body, 'utf8') : new Uint8Array(body);
}

function headerRecord(headers: Headers): Record<string, string> {
  const record: Record<string, string> = {};
  headers.forEach((value, name) => {
    record[name] = value;
  });
  return record;
}

async function exchange(fetchFunction: FetchFunction, request: HttpRequest): Promise<HttpResponse> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const url = checkedUrl(request.url);
  const maxBytes = request.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  const controller = new AbortController();
  let reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
  // Stops whatever is still under way: the fetch, and a body being read.
  const stop = () => {
    controller.abort();
    reader?.cancel().catch(() => undefined);
  };

  const answer = async (): Promise<HttpResponse> => {
    const body = bodyBytes(request.body);
    const response = await fetchFunction(url.href, {
      method: request.method,
      headers: request.headers ?? {},
      ...(body === undefined ? {} : { body }),
      redirect: 'manual',
      signal: controller.signal,
    });
    const chunks: Uint8Array[] = [];
    let size = 0;
    if (response.body) {
      reader = response.body.getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        size += value.byteLength;
        if (size > maxBytes) throw new TransportError('network', `answer larger than ${maxBytes} bytes`, { code: 'ERESPONSETOOLARGE', elapsedMs: elapsed() });
        chunks.push(value);
      }
    }
    return { status: response.status, headers: headerRecord(response.headers), body: Buffer.concat(chunks).toString('utf8'), elapsedMs: elapsed() };
  };

  // The deadline is this promise, not the fetch implementation's reaction to the abort: it holds
  // for connect, send, wait and body alike, however a given fetch ends an aborted request.
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => {
      reject(new TransportError('timeout', `no answer within ${request.timeoutMs} ms`, { code: 'ETIMEDOUT', elapsedMs: elapsed() }));
      stop();
    }, request.timeoutMs);
  });
  try {
    return await Promise.race([answer(), deadline]);
  } catch (error) {
    stop();
    throw toTransportError(error, elapsed());
  } finally {
    clearTimeout(timer);
  }
}
