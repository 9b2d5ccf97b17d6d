// The one error shape that crosses the process boundary. The renderer turns `code` into a sentence
// in the cashier's language; `message` is an English fallback for logs. Its schema is in
// shared/contract/schemas/errors.ts (main only).

export const posErrorCodes = [
  'invalid_input',
  'invalid_amount',
  'not_found',
  'not_allowed',
  'training_only',
  'payment_in_progress',
  'duplicate_code',
  'invalid_payment_code',
  'host_unavailable',
  'gateway_unavailable',
  'gateway_rejected',
  'gateway_auth_failed',
  'gateway_not_configured',
  'capability_missing',
  'refund_exceeds',
  'keychain_unavailable',
  'secret_unreadable',
  'wrong_pin',
  'pin_locked',
  'day_closed',
  'print_failed',
  'printer_not_found',
  'export_failed',
  'internal',
] as const;

export type PosErrorCode = (typeof posErrorCodes)[number];

const POS_ERROR_CODES: ReadonlySet<string> = new Set(posErrorCodes);

export function isPosErrorCode(value: unknown): value is PosErrorCode {
  return typeof value === 'string' && POS_ERROR_CODES.has(value);
}

export interface PosErrorData {
  code: PosErrorCode;
  message: string;
  details?: Record<string, unknown>;
}

export class PosError extends Error {
  readonly code: PosErrorCode;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: PosErrorCode, message: string, details?: Record<string, unknown>) {
    super(message);
    this.name = 'PosError';
    this.code = code;
    this.details = details;
  }

  toData(): PosErrorData {
    return this.details === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, details: this.details };
  }
}

/** What a renderer-side call rejects with: the PosErrorData that came back, as an Error. */
export class PosCallError extends Error {
  readonly code: PosErrorCode;
  readonly details: Record<string, unknown> | undefined;

  constructor(data: PosErrorData) {
    super(data.message);
    this.name = 'PosCallError';
    this.code = data.code;
    this.details = data.details;
  }
}
