// The UMF (soopay) REST v1 wire protocol as this app speaks it (seeds 000 and 001), shared by the
// client and the simulator. Everything the seeds leave open is chosen here and written down in docs/gateways/umf.md.

/** Every request the client can make (also the simulator's names for faults and the request log). */
export type UmfOperation =
  | 'token'
  | 'createPayment'
  | 'queryPayment'
  | 'refund'
  | 'queryRefund'
  | 'transactions'
  | 'reconciliationStatement'
  | 'exchangeRate';

export const UMF_OPERATIONS: readonly UmfOperation[] = [
  'token',
  'createPayment',
  'queryPayment',
  'refund',
  'queryRefund',
  'transactions',
  'reconciliationStatement',
  'exchangeRate',
];

/** Operations that make or change something at UMF (a payment, a refund). */
export const UMF_CHANGING_OPERATIONS: ReadonlySet<UmfOperation> = new Set(['createPayment', 'refund']);

/** Paths relative to the base URL (e.g. https://uatfx.soopay.net/v1). `{id}` is a UMF id. */
export const UMF_PATHS = {
  token: '/oauth/authorize',
  createPayment: '/payments/payment',
  queryPayment: '/payments/payment/{id}',
  refund: '/payments/payment/{id}/refund',
  queryRefund: '/payments/refund/{id}',
  transactions: '/payments/transactions',
  reconciliationStatement: '/payments/reconciliation_statement',
  exchangeRate: '/exchange_rate',
} as const satisfies Record<UmfOperation, string>;

export const UMF_METHODS: Readonly<Record<UmfOperation, 'GET' | 'POST'>> = {
  token: 'POST',
  createPayment: 'POST',
  queryPayment: 'GET',
  refund: 'POST',
  queryRefund: 'GET',
  transactions: 'GET',
  reconciliationStatement: 'GET',
  exchangeRate: 'GET',
};

/**
 * meta.ret_code values. The seeds give '0000' and the card errors; the rest are OURS (the simulator
 * answers them, the client reads them) and are marked so: a live contract may use other numbers.
 */
export const RET = {
  SUCCESS: '0000',
  /** seed: "Failed to verify parameter" */
  PARAM_INVALID: '00060700',
  /** seed: "The system is busy." — outcome unknown */
  SYSTEM_BUSY: '00060999',
  // ---- ours ----
  /** wrong client_id / client_secret at /oauth/authorize */
  AUTH_FAILED: '00090401',
  /** missing, unknown or superseded bearer token ("a new token disables the old one") */
  TOKEN_INVALID: '00090402',
  TOKEN_EXPIRED: '00090403',
  /** the Signature header is missing or does not verify with the merchant's public key */
  SIGNATURE_INVALID: '00090404',
  /** no API at this path */
  NOT_FOUND: '00090405',
  METHOD_NOT_ALLOWED: '00090406',
  UNSUPPORTED_MEDIA_TYPE: '00090407',
  PAYMENT_NOT_FOUND: '00090410',
  REFUND_NOT_FOUND: '00090411',
  /** a create re-using a mer_reference_id with another amount, currency or mer_date */
  DUPLICATE_ORDER: '00090420',
  /** a create for a mer_reference_id already paid (its status query says TRADE_SUCCESS) */
  ORDER_PAID: '00090421',
  /** a create for a mer_reference_id already closed or failed */
  ORDER_CLOSED: '00090422',
  PAYMENT_METHOD_UNSUPPORTED: '00090423',
  /** a refund of a payment that is not TRADE_SUCCESS */
  PAYMENT_NOT_PAID: '00090430',
  /** refund above what is left of the payment */
  REFUND_EXCEEDS: '00090431',
  /** refund number re-used for another payment or amount */
  DUPLICATE_REFUND: '00090432',
  /** the bank refused the refund */
  REFUND_REFUSED: '00090433',
  CURRENCY_UNSUPPORTED: '00090450',
} as const;

/** Payment states. The seed shows TRADE_SUCCESS; the others are ours. */
export const PAYMENT_STATES = ['WAIT_BUYER_PAY', 'TRADE_SUCCESS', 'TRADE_CLOSED', 'TRADE_FAIL'] as const;
export type UmfPaymentState = (typeof PAYMENT_STATES)[number];

/** Refund states. The seed shows REFUND_PROCESS and REFUND_SUCCESS; REFUND_FAIL is ours. */
export const REFUND_STATES = ['REFUND_PROCESS', 'REFUND_SUCCESS', 'REFUND_FAIL'] as const;
export type UmfRefundState = (typeof REFUND_STATES)[number];

/** The QR payment types' wire names (the seed names the types but not their wire values). */
export const DEFAULT_QR_PAYMENT_TYPES = { wechat: 'WECHAT_QRCODE', alipay: 'ALIPAY_QRCODE' } as const;

/** Our order numbers (docs/architecture.md, money and identifiers). */
export const OUT_TRADE_NO_PATTERN = /^[A-Za-z0-9_-]{6,32}$/;

/** mer_date: YYYYMMDD. */
export const MER_DATE_PATTERN = /^\d{4}(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])$/;

// ---------------------------------------------------------------------------------------------
// Wire shapes

export interface WireMeta {
  ret_code: string;
  ret_msg: string;
  sign: string;
  error_code?: string;
}

export interface WireAmount {
  /** decimal text in the currency's unit ("100.02"); answers of lists may carry a JSON number */
  total: string | number;
  currency: string;
  total_cny?: string | number;
}

export interface WireLink {
  ref: string;
  method: string;
  href: string;
}

export interface TokenRequestWire {
  client_id: string;
  client_secret: string;
  grant_type: 'client_credentials';
}

export interface TokenAnswerWire {
  expires_in: number;
  access_token: string;
}

export interface CreatePaymentWire {
  payer: { payment_method: string };
  order: {
    mer_reference_id: string;
    mer_date: string;
    amount: { total: string; currency: string };
    order_summary: string;
    expire_time?: string;
    sub_orders?: unknown[];
  };
  notify_url?: string;
}

export interface RefundWire {
  org_amount: { total: string; currency: string };
  orders: Array<{ mer_reference_id: string; mer_date: string; amount: { total: string; currency: string } }>;
  notify_url?: string;
}

export interface PaymentSummaryWire {
  payment_id: string;
  phone_number?: string;
  order_date: string;
  mer_reference_id: string;
  amount: { total: number | string; currency: string; total_cny?: number | string; exchange_rate?: number | string };
  settle_date?: string;
  execute_success_time?: string;
  state: string;
  product_id?: string;
}

export interface RefundSummaryWire {
  refund_id: string;
  payment_id: string;
  /** not in the document (nor sent by our simulator): read if a gateway sends the refund's merchant number */
  mer_reference_id?: string;
  /** not in the document (nor sent by our simulator): read if a gateway sends the paid order's mer_reference_id */
  payment_mer_reference_id?: string;
  phone_number?: string;
  amount: { total: number | string; currency: string; total_cny?: number | string; exchange_rate?: number | string };
  settle_date?: string;
  execute_success_time?: string;
  state: string;
  mer_sub_reference_id?: string;
}

export interface TransactionsAnswerWire {
  payment_summaries: PaymentSummaryWire[];
  refund_summaries: RefundSummaryWire[];
  pagination: { total_count: number; page_number: number; page_size: number };
}

// ---------------------------------------------------------------------------------------------
// URLs

/** base URL + path, with exactly one "/" between them; `{id}` replaced (URL-encoded). */
export function umfUrl(baseUrl: string, path: string, id?: string, query?: Record<string, string>): URL {
  const filled = id === undefined ? path : path.replace('{id}', encodeURIComponent(id));
  const url = new URL(`${baseUrl.replace(/\/+$/, '')}/${filled.replace(/^\/+/, '')}`);
  if (query) for (const [key, value] of Object.entries(query)) url.searchParams.append(key, value);
  return url;
}

/** The request-target of the request line: path + query, exactly as sent (what a GET's Signature covers). */
export function requestTarget(url: URL): string {
  return `${url.pathname}${url.search}`;
}

const dateFormats = new Map<string, Intl.DateTimeFormat>();

/** YYYYMMDD of an instant in a time zone (mer_date). Throws RangeError for an unknown zone or a bad instant. */
export function merDateOf(instant: string | Date, timeZone: string): string {
  const time = typeof instant === 'string' ? new Date(instant) : instant;
  if (Number.isNaN(time.getTime())) throw new RangeError(`not an instant: ${String(instant)}`);
  let format = dateFormats.get(timeZone);
  if (format === undefined) {
    format = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    dateFormats.set(timeZone, format);
  }
  const parts = Object.fromEntries(format.formatToParts(time).map((p) => [p.type, p.value]));
  return `${parts.year ?? ''}${parts.month ?? ''}${parts.day ?? ''}`;
}

export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** The id at the end of a HATEOAS link such as .../payments/refund/REFUND_X (or .../payments/payment/PAY_X/query?...). */
export function idFromHref(href: string, collection: 'payment' | 'refund'): string | undefined {
  let path: string;
  try {
    path = new URL(href, 'http://x').pathname;
  } catch {
    return undefined;
  }
  const parts = path.split('/').map((p) => {
    try {
      return decodeURIComponent(p.trim());
    } catch {
      return p;
    }
  });
  const at = parts.findIndex((p, i) => p === collection && parts[i - 1] === 'payments');
  const id = at >= 0 ? parts[at + 1] : undefined;
  return id !== undefined && id !== '' ? id : undefined;
}
