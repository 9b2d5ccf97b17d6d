// The storepay wire protocol (the store gateway API document) as this app speaks it, shared by the client and the simulator.
// Everything the seed leaves open is chosen here and written down in docs/gateways/storepay.md.

export type StorepayOperation =
  | 'token'
  | 'ptsRandomCode'
  | 'ptsToken'
  | 'nativePay'
  | 'quickPay'
  | 'refund'
  | 'paymentStatus'
  | 'refundStatus';

export const STOREPAY_OPERATIONS: readonly StorepayOperation[] = [
  'token',
  'ptsRandomCode',
  'ptsToken',
  'nativePay',
  'quickPay',
  'refund',
  'paymentStatus',
  'refundStatus',
];

/** Operations that make something at the gateway (an order, a refund). */
export const CREATE_OPERATIONS: ReadonlySet<StorepayOperation> = new Set(['nativePay', 'quickPay', 'refund']);

export type StorepayPaths = Record<StorepayOperation, string>;

/**
 * The store gateway API document gives no URL paths; these are ours, relative to the configured base URL, all POST + JSON.
 * The two PTS paths are the PTS "Access Token" document's own (`/merchant/random_code`, `/merchant/token`).
 */
export const DEFAULT_STOREPAY_PATHS: Readonly<StorepayPaths> = {
  token: '/api/v1/token',
  ptsRandomCode: '/merchant/random_code',
  ptsToken: '/merchant/token',
  nativePay: '/api/v1/pay/native',
  quickPay: '/api/v1/pay/quick',
  refund: '/api/v1/refund',
  paymentStatus: '/api/v1/pay/status',
  refundStatus: '/api/v1/refund/status',
};

/** Our `trade_state` field of a status answer (the seed only has is_success + message). */
export const TRADE_STATES = ['SUCCESS', 'NOTPAY', 'USERPAYING', 'CLOSED', 'PAYERROR', 'REFUND', 'REVOKED'] as const;
export type TradeState = (typeof TRADE_STATES)[number];

/** err_code values of the error envelope. */
export const ERR = {
  /** gateway or bank trouble: the outcome is unknown, ask again */
  SYSTEMERROR: 'SYSTEMERROR',
  BANKERROR: 'BANKERROR',
  /** the buyer is confirming (PIN): not final */
  USERPAYING: 'USERPAYING',
  /** a status query for a number the gateway has never seen */
  ORDERNOTEXIST: 'ORDERNOTEXIST',
  /** a create for a number already paid / already closed or failed */
  ORDERPAID: 'ORDERPAID',
  ORDERCLOSED: 'ORDERCLOSED',
  /** a create re-using a number with a different amount */
  OUT_TRADE_NO_USED: 'OUT_TRADE_NO_USED',
  PARAM_ERROR: 'PARAM_ERROR',
  INVALID_AMOUNT: 'INVALID_AMOUNT',
  STORE_NOT_FOUND: 'STORE_NOT_FOUND',
  SERVICE_NOT_ENABLED: 'SERVICE_NOT_ENABLED',
  AUTH_FAILED: 'AUTH_FAILED',
  TOKEN_EXPIRED: 'TOKEN_EXPIRED',
  TOKEN_INVALID: 'TOKEN_INVALID',
  FREQUENCY_LIMITED: 'FREQUENCY_LIMITED',
  NOT_FOUND: 'NOT_FOUND',
  METHOD_NOT_ALLOWED: 'METHOD_NOT_ALLOWED',
  UNSUPPORTED_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  NOT_IMPLEMENTED: 'NOT_IMPLEMENTED',
  // quick pay declines (WeChat Pay micropay names)
  AUTHCODEEXPIRE: 'AUTHCODEEXPIRE',
  AUTH_CODE_INVALID: 'AUTH_CODE_INVALID',
  NOTENOUGH: 'NOTENOUGH',
  PAYERROR: 'PAYERROR',
  // refunds
  ORDERNOTPAID: 'ORDERNOTPAID',
  REFUND_AMOUNT_EXCEEDED: 'REFUND_AMOUNT_EXCEEDED',
  OUT_REFUND_NO_USED: 'OUT_REFUND_NO_USED',
  REFUNDNOTEXIST: 'REFUNDNOTEXIST',
  REFUND_FAILED: 'REFUND_FAILED',
} as const;

/** result_code of a refund answer that the gateway has taken but not finished (ours; the seed shows only SUCCESS). */
export const REFUND_PROCESSING = 'PROCESSING';

/** Our `refund_status` field of a refund status answer (the seed only has is_success + message). */
export const REFUND_STATES = ['SUCCESS', 'PROCESSING', 'FAIL'] as const;
export type RefundState = (typeof REFUND_STATES)[number];

/** The success envelope (seed): { "success": true, "data": { ... } }. */
export interface WireSuccess<T> {
  success: true;
  data: T;
}

/** Our error envelope: { "success": false, "data": { "result_code": "FAIL", "err_code": "...", "message": "..." } }. */
export interface WireFailure {
  success: false;
  data: { result_code: 'FAIL'; err_code: string; message: string };
}

export interface TokenRequestWire {
  user: string;
  password: string;
}

export interface TokenAnswerWire {
  message: string;
  token: string;
}

export interface NativePayWire {
  service_id: number;
  store_id: string;
  sub_store_id?: string | number;
  sub_store_name?: string;
  /** major units as a JSON number: 12.34 */
  amount: number;
  fee_rate?: number;
  out_trade_no: string;
}

export interface NativePayAnswerWire {
  qr_code: string;
  amount: number;
  out_trade_no: string;
  result_code: 'SUCCESS';
}

export interface PaymentStatusWire {
  store_id: string;
  out_trade_no: string;
}

export interface PaymentStatusAnswerWire {
  is_success: boolean;
  trade_state: TradeState;
  service_id: number;
  out_trade_no: string;
  amount: number;
  currency: string;
  /** the gateway's (wallet's) transaction number, once paid */
  transaction_id?: string;
  /** ISO 8601, once paid */
  paid_at?: string;
  /** why, for PAYERROR */
  err_code?: string;
  message: string;
}

/** Quick pay (seed): native pay's fields plus the buyer's code. */
export interface QuickPayWire extends NativePayWire {
  /** the buyer's payment code, as a STRING of digits (an 18-digit code does not fit a JSON number) */
  auth_code: string;
}

/** Quick pay success (seed): paid at once. Not paid yet: err_code USERPAYING; declined: another err_code. */
export interface QuickPayAnswerWire {
  amount: number;
  currency: string;
  out_trade_no: string;
  transaction_id: string;
  result_code: 'SUCCESS';
  /** ours: ISO 8601 */
  paid_at?: string;
}

export interface RefundWire {
  service_id: number;
  store_id: string;
  refund_amount: number;
  out_trade_no: string;
  out_refund_no: string;
  reason?: string;
}

export interface RefundAnswerWire {
  service_id: number;
  store_id: string | number;
  refund_amount: number;
  currency: string;
  out_trade_no: string;
  out_refund_no: string;
  /** the payment's transaction id (seed) */
  transaction_id?: string;
  /** ours: the gateway's id for this refund */
  refund_id?: string;
  /** SUCCESS: refunded; PROCESSING: taken, not finished (check the refund status) */
  result_code: 'SUCCESS' | 'PROCESSING';
}

/** The seed's request has only store_id + out_trade_no; we add out_refund_no (a payment may have many refunds). */
export interface RefundStatusWire {
  store_id: string;
  out_trade_no: string;
  out_refund_no: string;
}

export interface RefundStatusAnswerWire {
  is_success: boolean;
  /** ours */
  refund_status: RefundState;
  service_id: number;
  out_trade_no: string;
  out_refund_no: string;
  /** the payment's amount (seed field) */
  amount: number;
  /** ours: this refund's amount */
  refund_amount: number;
  currency: string;
  refund_id?: string;
  /** why, for FAIL */
  err_code?: string;
  message: string;
}

/** Our order numbers (docs/architecture.md, money and identifiers); the simulator refuses anything else. */
export const OUT_TRADE_NO_PATTERN = /^[A-Za-z0-9_-]{6,32}$/;

/** base URL + path, with exactly one "/" between them. */
export function storepayUrl(baseUrl: string, path: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;
}
