// The Beeshop core payment API (Beeshop's "Payment API" document) as this app speaks it, shared by the client and the
// simulator. The seed gives the paths; everything it leaves open is chosen here and in docs/gateways/beeshop.md.
import type { Wallet } from '../../../shared/payment';

export type BeeshopOperation = 'pay' | 'prepare' | 'status' | 'refund';

export const BEESHOP_OPERATIONS: readonly BeeshopOperation[] = ['pay', 'prepare', 'status', 'refund'];

/** Operations that make something at the gateway (a payment, a refund). */
export const BEESHOP_CREATE_OPERATIONS: ReadonlySet<BeeshopOperation> = new Set(['pay', 'prepare', 'refund']);

/** The seed's paths, relative to the base URL (which ends in /payment/v1 on the real API). */
export const BEESHOP_PATHS = {
  pay: '/pay',
  prepare: '/pay/prepare',
  /** GET /pay/status/order/{orderId}/payment/{orderPaymentId} */
  statusPrefix: '/pay/status/order/',
  /** POST /refund/micromerchant/{microMerchantId} */
  refundPrefix: '/refund/micromerchant/',
} as const;

export function statusPath(orderId: string, orderPaymentId: string): string {
  return `${BEESHOP_PATHS.statusPrefix}${encodeURIComponent(orderId)}/payment/${encodeURIComponent(orderPaymentId)}`;
}

export function refundPath(microMerchantId: string): string {
  return `${BEESHOP_PATHS.refundPrefix}${encodeURIComponent(microMerchantId)}`;
}

/** base URL + path, with exactly one "/" between them. */
export function beeshopUrl(baseUrl: string, path: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;
}

/** payment_provider values of /pay/prepare (seed: Alipay, WeChat Pay, UnionPay). */
export type PrepareProvider = 'ALIPAY' | 'WECHAT' | 'UNIONPAY';
export const PREPARE_PROVIDERS: readonly PrepareProvider[] = ['ALIPAY', 'WECHAT', 'UNIONPAY'];

export const PROVIDER_BY_WALLET: Readonly<Record<Wallet, PrepareProvider>> = {
  alipay: 'ALIPAY',
  wechat: 'WECHAT',
  unionpay: 'UNIONPAY',
};

export type DeviceType = 'web' | 'mobile';

/**
 * Payment `status` values. The seed shows only "succeeded"; the rest are ours (docs/gateways/beeshop.md, "Payment status"), and the
 * simulator answers exactly these: pending (order made, buyer has not paid), processing (the buyer
 * is paying), succeeded, failed, cancelled, expired.
 */
export const PAYMENT_STATUSES = ['pending', 'processing', 'succeeded', 'failed', 'cancelled', 'expired'] as const;
export type PaymentStatusWire = (typeof PAYMENT_STATUSES)[number];

/** Refund `status` values: the seed shows "succeeded"; pending and failed are ours. */
export const REFUND_STATUSES = ['pending', 'succeeded', 'failed'] as const;
export type RefundStatusWire = (typeof REFUND_STATUSES)[number];

/** Codes of our error body { "code", "message" } (the seed's error answers have empty bodies). */
export const BEESHOP_ERR = {
  UNAUTHORIZED: 'UNAUTHORIZED',
  FORBIDDEN: 'FORBIDDEN',
  INVALID_INPUT: 'INVALID_INPUT',
  NOT_FOUND: 'NOT_FOUND',
  METHOD_NOT_ALLOWED: 'METHOD_NOT_ALLOWED',
  UNSUPPORTED_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  /** a prepare or pay re-using an order_id with another amount, currency or provider */
  ORDER_ID_USED: 'ORDER_ID_USED',
  ORDER_NOT_FOUND: 'ORDER_NOT_FOUND',
  ORDER_NOT_PAID: 'ORDER_NOT_PAID',
  AMENDMENT_NOT_FOUND: 'AMENDMENT_NOT_FOUND',
  AMENDMENT_MISMATCH: 'AMENDMENT_MISMATCH',
  EXCEEDS_REFUNDABLE: 'EXCEEDS_REFUNDABLE',
  INTERNAL_ERROR: 'INTERNAL_ERROR',
} as const;

export interface PrepareRequestWire {
  order_id: string;
  payment_provider: PrepareProvider;
  /** major units as a JSON number: 0.01 */
  total_amount: number;
  currency: string;
  description: string;
  device_type: DeviceType;
  return_url?: string;
}

export interface PrepareAnswerWire {
  order_payment_id: string;
  order_id: string;
  payment_provider: PrepareProvider;
  total_amount: number;
  currency: string;
  description: string;
  external_payment_id: string;
  payment_token: string | null;
  second_payment_token: string | null;
}

/** /pay with a tokenised card (the only form this client sends; the seed also shows raw card data). */
export interface CardPayRequestWire {
  order_id: string;
  payment_provider: string;
  total_amount: number;
  currency: string;
  description: string;
  payment_token: string;
}

/** The answer of /pay and of the status query (the seed shows the same document for both). */
export interface PaymentAnswerWire {
  /** ours: the order payment's id (the seed's prepare answer calls it order_payment_id) */
  payment_id: string;
  payment_gateway: string;
  payment_provider: string;
  external_payment_id: string;
  total_amount: number;
  currency: string;
  order_id: string;
  status: PaymentStatusWire;
  updated_at: string;
  extra_info_from_gateway: string | null;
  gateway_type: string;
  trans_id: string | null;
  external_transaction_settle_time: string | null;
  id: string;
  document_type: 'payment';
}

export interface RefundRequestWire {
  order_id: string;
  order_amendment_id: string;
  total_amount: number;
  currency: string;
  description: string;
}

export interface RefundAnswerWire {
  refund_id: string;
  refund_gateway: string;
  refund_provider: string;
  external_refund_id: string;
  total_amount: number;
  currency: string;
  order_id: string;
  order_amendment_id: string;
  status: RefundStatusWire;
  updated_at: string;
  extra_info_from_gateway: string | null;
  original_payment_id: string;
  original_external_payment_id: string;
  description: string;
  external_transaction_settle_time: string | null;
  id: string;
  document_type: 'refund';
}

/** Our order numbers (docs/architecture.md, money and identifiers), sent as Beeshop's order_id. */
export const OUT_TRADE_NO_PATTERN = /^[A-Za-z0-9_-]{6,32}$/;

/** Ids Beeshop gives or a merchant types (order_payment_id, order_amendment_id): UUID-like, no spaces. */
export const GATEWAY_ID_PATTERN = /^[A-Za-z0-9._~:-]{1,64}$/;

/** A value that can be shown as a scannable QR link: https://..., weixin://..., alipays://... */
export function isUrlLike(value: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\/\S+$/i.test(value);
}
