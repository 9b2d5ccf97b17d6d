// The one error the HTTP layer throws: no HTTP answer came back. Every HTTP answer, whatever its
// status, is a response, not an error. For a payment request each kind means "outcome unknown".
export type TransportErrorKind = 'timeout' | 'network' | 'reset';

export class TransportError extends Error {
  override readonly name = 'TransportError';
  /** timeout: no complete answer within the call's time limit; reset: the connection was cut;
   *  network: no connection (refused, DNS, TLS...) or an unusable answer (too large) */
  readonly kind: TransportErrorKind;
  /** the Node error code behind it, if any (ECONNRESET, ECONNREFUSED...) */
  readonly code: string | undefined;
  readonly elapsedMs: number;

  constructor(kind: TransportErrorKind, message: string, options: { code?: string; elapsedMs?: number; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.kind = kind;
    this.code = options.code;
    this.elapsedMs = options.elapsedMs ?? 0;
  }
}

export function isTransportError(error: unknown): error is TransportError {
  return error instanceof TransportError;
}

const RESET_CODES = new Set(['ECONNRESET', 'EPIPE', 'ECONNABORTED', 'ERR_STREAM_PREMATURE_CLOSE', 'HPE_INVALID_EOF_STATE']);
const TIMEOUT_CODES = new Set(['ETIMEDOUT', 'ESOCKETTIMEDOUT']);

// What undici (Node's fetch) and Chromium (Electron's net.fetch, "net::ERR_..." messages) call a
// failure, as the Node code of the same failure, so both transports report the same code.
const NODE_CODE_OF: Readonly<Record<string, string>> = {
  UND_ERR_SOCKET: 'ECONNRESET',
  UND_ERR_CLOSED: 'ECONNRESET',
  UND_ERR_CONNECT_TIMEOUT: 'ETIMEDOUT',
  UND_ERR_HEADERS_TIMEOUT: 'ETIMEDOUT',
  UND_ERR_BODY_TIMEOUT: 'ETIMEDOUT',
  ERR_CONNECTION_REFUSED: 'ECONNREFUSED',
  ERR_NAME_NOT_RESOLVED: 'ENOTFOUND',
  ERR_CONNECTION_RESET: 'ECONNRESET',
  ERR_CONNECTION_CLOSED: 'ECONNRESET',
  ERR_EMPTY_RESPONSE: 'ECONNRESET',
  ERR_INCOMPLETE_CHUNKED_ENCODING: 'ECONNRESET',
  ERR_CONTENT_LENGTH_MISMATCH: 'ECONNRESET',
  ERR_CONNECTION_ABORTED: 'ECONNABORTED',
  ERR_TIMED_OUT: 'ETIMEDOUT',
  ERR_CONNECTION_TIMED_OUT: 'ETIMEDOUT',
  ERR_ADDRESS_UNREACHABLE: 'EHOSTUNREACH',
  ERR_INTERNET_DISCONNECTED: 'ENETUNREACH',
};

// Electron's net.fetch refuses to follow a redirect under redirect: 'manual' with this message; the
// 3xx answer itself is not handed over.
const REDIRECT_REFUSED = /^Redirect was cancelled|^Attempted to redirect/;

/** The error and its causes, outermost first (fetch wraps the socket error in `cause`). */
function causeChain(error: unknown): unknown[] {
  const chain: unknown[] = [];
  for (let current = error; current !== undefined && current !== null && chain.length < 8; current = (current as { cause?: unknown }).cause) {
    chain.push(current);
    if (current instanceof AggregateError && current.errors.length > 0 && (current as { code?: unknown }).code === undefined) chain.push(current.errors[0]);
  }
  return chain;
}

/** The Node code of a failure, read through its causes; undefined when none names one. */
function failureCode(error: unknown): string | undefined {
  for (const link of causeChain(error)) {
    const code = (link as { code?: unknown }).code;
    if (typeof code === 'string') return NODE_CODE_OF[code] ?? code;
    const message = link instanceof Error ? link.message : '';
    const chromium = /net::(ERR_[A-Z0-9_]+)/.exec(message)?.[1];
    if (chromium) return NODE_CODE_OF[chromium] ?? `net::${chromium}`;
    if (REDIRECT_REFUSED.test(message)) return 'ERR_REDIRECT';
  }
  return undefined;
}

/** The kind of a socket/request/fetch failure. Anything unrecognised is "network". */
function kindOf(error: unknown, code: string | undefined): TransportErrorKind {
  if (code !== undefined) {
    if (RESET_CODES.has(code)) return 'reset';
    if (TIMEOUT_CODES.has(code)) return 'timeout';
  }
  const message = error instanceof Error ? error.message : '';
  if (/socket hang up|aborted/i.test(message)) return 'reset';
  return 'network';
}

export function toTransportError(error: unknown, elapsedMs: number): TransportError {
  if (error instanceof TransportError) return error;
  const code = failureCode(error);
  const message = causeChain(error)
    .map((link) => (link instanceof Error ? link.message : String(link)))
    .join(': ');
  return new TransportError(kindOf(error, code), message, {
    ...(code === undefined ? {} : { code }),
    elapsedMs,
    cause: error,
  });
}
