// The HTTP client every gateway uses: a Transport plus logging (redacted) and JSON helpers.
import type { Logger } from '../../core/ports';
import { bodyForLog, logFailure, logRequest, logResponse, type ExchangeInfo } from './exchange-log';
import { JSON_HEADERS, parseJson, type JsonParse } from './json';
import type { HttpMethod, HttpRequest, HttpResponse } from './request';
import { nodeFetchTransport, type Transport } from './transport';
import { isTransportError } from './transport-error';

export interface HttpClientOptions {
  logger: Logger;
  /** the gateway's kind id, written on every log line */
  gateway: string;
  /** how requests reach the network; default Node's own fetch (the desktop app passes Electron's net.fetch) */
  transport?: Transport;
  maxResponseBytes?: number;
  /** bodies longer than this are cut in the log; default 2000 */
  maxLoggedBodyChars?: number;
}

export interface HttpCall extends HttpRequest {
  /** what the call is for ("token", "nativePay"...), for the log */
  operation?: string;
}

export interface JsonCall extends Omit<HttpCall, 'body' | 'method'> {
  /** default POST */
  method?: HttpMethod;
  /** sent as the JSON body (omit for none) */
  json?: unknown;
}

export interface JsonResponse extends HttpResponse {
  /** the body read as JSON, or why it could not be */
  json: JsonParse;
}

export interface HttpClient {
  /** One exchange. Resolves for any HTTP answer; rejects only with a TransportError. */
  send(call: HttpCall): Promise<HttpResponse>;
  /** send() with a JSON body and JSON headers; the answer is parsed, never thrown on. */
  sendJson(call: JsonCall): Promise<JsonResponse>;
}

export function createHttpClient(options: HttpClientOptions): HttpClient {
  const { logger } = options;
  const maxChars = options.maxLoggedBodyChars ?? 2000;
  const transport = options.transport ?? nodeFetchTransport;

  async function exchange(call: HttpCall, loggedBody: () => unknown): Promise<HttpResponse> {
    const info: ExchangeInfo = { gateway: options.gateway, operation: call.operation, method: call.method, url: String(call.url) };
    logRequest(logger, info, call.headers, loggedBody);
    try {
      const response = await transport.send({
        ...call,
        ...(options.maxResponseBytes !== undefined && call.maxResponseBytes === undefined ? { maxResponseBytes: options.maxResponseBytes } : {}),
      });
      logResponse(logger, info, response, maxChars);
      return response;
    } catch (error) {
      if (isTransportError(error)) logFailure(logger, info, error);
      throw error;
    }
  }

  return {
    send: (call) => exchange(call, () => bodyForLog(call.body, maxChars)),
    async sendJson(call) {
      const { json, method, ...rest } = call;
      const body = json === undefined ? undefined : JSON.stringify(json);
      const response = await exchange(
        { ...rest, method: method ?? 'POST', headers: { ...JSON_HEADERS, ...call.headers }, ...(body === undefined ? {} : { body }) },
        () => json,
      );
      return { ...response, json: parseJson(response.body) };
    },
  };
}
