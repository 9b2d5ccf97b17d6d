// The one HTTP layer of every gateway client. One job per module:
//   request.ts          what one exchange sends and gets back
//   transport.ts        the Transport port: one exchange over a fetch function, with a deadline and a size cap
//   transport-error.ts  TransportError (timeout | network | reset) and its classification
//   json.ts             JSON parsing that never throws, JSON headers
//   exchange-log.ts     redacted request/response log lines
//   client.ts           createHttpClient: transport + log + JSON
//   transport.ts        the fetch-shaped Transport: Node's fetch here, Electron's net.fetch in the desktop app
//   token-cache.ts      TokenCache (single-flight, handover), withToken (one retry on a refused token), TokenError
//   outcome-table.ts    an operation's outcome mapping as data: transport / token / status / code -> outcome
export { createHttpClient, type HttpCall, type HttpClient, type HttpClientOptions, type JsonCall, type JsonResponse } from './client';
export { bodyForLog } from './exchange-log';
export { JSON_HEADERS, isJsonContentType, isRecord, parseJson, type JsonParse } from './json';
export { DEFAULT_MAX_RESPONSE_BYTES, type HttpMethod, type HttpRequest, type HttpResponse } from './request';
export { createFetchTransport, nodeFetchTransport, type FetchFunction, type Transport } from './transport';
export { TransportError, isTransportError, toTransportError, type TransportErrorKind } from './transport-error';
export { TokenCache, TokenError, withToken, type AuthorizedResult, type IssuedToken, type TokenCacheOptions, type TokenSource } from './token-cache';
export { PAYMENT_OUTCOMES, QR_CREATE_OUTCOMES, REFUND_OUTCOMES, codeReason, exchangeOf, outcomeOf, transportReason, type Exchange, type OutcomeTable, type Verdict } from './outcome-table';
