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

/** The kind of a Node socket/request error. Anything unrecognised is "network". */
export function classifyNodeError(error: unknown): TransportErrorKind {
  if (error instanceof TransportError) return error.kind;
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string') {
    if (RESET_CODES.has(code)) return 'reset';
    if (TIMEOUT_CODES.has(code)) return 'timeout';
  }
  const message = error instanceof Error ? error.message : '';
  if (/socket hang up|aborted/i.test(message)) return 'reset';
  return 'network';
}

export function toTransportError(error: unknown, elapsedMs: number): TransportError {
  if (error instanceof TransportError) return error;
  const code = (error as { code?: unknown } | null)?.code;
  const message = error instanceof Error ? error.message : String(error);
  return new TransportError(classifyNodeError(error), message, {
    ...(typeof code === 'string' ? { code } : {}),
    elapsedMs,
    cause: error,
  });
}
