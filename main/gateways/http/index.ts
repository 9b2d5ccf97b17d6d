// The one HTTP layer of every gateway client. One job per module:
//   request.ts          what one exchange sends and gets back
//   transport.ts        the Transport port: one exchange over a fetch function, with a deadline and a size cap
//   transport-error.ts  TransportError (timeout | network | reset) and its classification
//   json.ts             JSON parsing that never throws, JSON headers
//   exchange-log.ts     redacted request/response log lines
//   client.ts           createHttpClient: transport + log + JSON
//   retry.ts            withRetry/withRepeatedSend/backoffDelay, for calls the safety rules allow to repeat
export { createHttpClient, type HttpCall, type HttpClient, type HttpClientOptions, type JsonCall, type JsonResponse } from './client';
export { bodyForLog } from './exchange-log';
export { JSON_HEADERS, isJsonContentType, isRecord, parseJson, type JsonParse } from './json';
export { DEFAULT_MAX_RESPONSE_BYTES, type HttpMethod, type HttpRequest, type HttpResponse } from './request';
export { createFetchTransport, nodeFetchTransport, type FetchFunction, type Transport } from './transport';
export { backoffDelay, withRepeatedSend, withRetry, type RetryOutcome, type RetryPolicy } from './retry';
export { TransportError, isTransportError, toTransportError, type TransportErrorKind } from './transport-error';
