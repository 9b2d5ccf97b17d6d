// The simulator's business operations (native and quick pay, refunds, both status checks):
// strict request checks, then the order and refund books, answered in the wire shapes of protocol.ts.
import { z } from 'zod';
import { fromWireAmount, toWireNumber } from '../../../shared/money';
import {
  ERR,
  OUT_TRADE_NO_PATTERN,
  type PaymentStatusAnswerWire,
  type QuickPayAnswerWire,
  type RefundAnswerWire,
  type RefundStatusAnswerWire,
} from './protocol';
import type { SimOrder, SimOrderBook } from './sim-orders';
import type { SimRefund, SimRefundBook } from './sim-refunds';

export type Answer = { status: number; body: unknown };

export const ok = (data: unknown): Answer => ({ status: 200, body: { success: true, data } });
export const fail = (status: number, code: string, message: string): Answer => ({
  status,
  body: { success: false, data: { result_code: 'FAIL', err_code: code, message } },
});

// Request bodies, strictly typed: a string amount or a missing store_id is an error answer.
const storeId = z.union([z.string().min(1), z.number().int().nonnegative()]);
const outTradeNo = z.string().regex(OUT_TRADE_NO_PATTERN, '6 to 32 letters, digits, - or _');
export const tokenRequest = z.object({ user: z.string().min(1), password: z.string().min(1) });
const nativePayRequest = z.object({
  service_id: z.number().int().nonnegative(),
  store_id: storeId,
  sub_store_id: z.union([z.string(), z.number().int(), z.null()]).optional(),
  sub_store_name: z.string().max(128).nullable().optional(),
  amount: z.number().positive(),
  fee_rate: z.number().min(0).max(100).nullable().optional(),
  out_trade_no: outTradeNo,
});
// the buyer's code must be a JSON string: an 18-digit number would have lost its last digits
const payRequest = nativePayRequest.extend({ auth_code: z.string('auth_code must be a string').min(1).max(128) });
const statusRequest = z.object({ store_id: storeId, out_trade_no: outTradeNo });
const refundRequest = z.object({
  service_id: z.number().int().nonnegative(),
  store_id: storeId,
  refund_amount: z.number().positive(),
  out_trade_no: outTradeNo,
  out_refund_no: outTradeNo,
  reason: z.string().max(256).nullable().optional(),
});
// the seed's request has no out_refund_no; without one the answer is about the latest refund
const refundStatusRequest = statusRequest.extend({ out_refund_no: outTradeNo.optional() });

/** A quick pay buyer code: digits only (WeChat 18, Alipay 16-24, UnionPay 19...). */
const BUYER_CODE = /^\d{10,32}$/;

export function paramError(error: z.ZodError): Answer {
  const issue = error.issues[0];
  const where = issue && issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
  return fail(400, ERR.PARAM_ERROR, `${where}${issue?.message ?? 'invalid request'}`);
}

export interface SimStore {
  storeId: string;
  /** native pay */
  serviceId: number;
  /** quick pay */
  scanServiceId: number;
  currency: string;
  orders: SimOrderBook;
  refunds: SimRefundBook;
  /** operations whose identical repeat is refused as a number already used (loseThenRefuseRepeats) */
  refusingRepeats: Set<'nativePay' | 'refund'>;
}

function wrongStore(store: SimStore, id: string | number): Answer | undefined {
  return String(id) === store.storeId ? undefined : fail(400, ERR.STORE_NOT_FOUND, `store_id ${String(id)} is not ours`);
}

function wrongService(serviceId: number, allowed: readonly number[]): Answer | undefined {
  return allowed.includes(serviceId) ? undefined : fail(400, ERR.SERVICE_NOT_ENABLED, `service_id ${serviceId} is not enabled for this operation`);
}

function minorOf(store: SimStore, amount: number): number | Answer {
  try {
    return fromWireAmount(amount, store.currency).minor;
  } catch {
    return fail(400, ERR.INVALID_AMOUNT, `amount ${amount} is not a valid ${store.currency} amount`);
  }
}

const wire = (store: SimStore, minor: number) => toWireNumber({ minor, currency: store.currency });

export function nativePay(store: SimStore, body: Record<string, unknown>): Answer {
  const parsed = nativePayRequest.safeParse(body);
  if (!parsed.success) return paramError(parsed.error);
  const request = parsed.data;
  const refused = wrongStore(store, request.store_id) ?? wrongService(request.service_id, [store.serviceId]);
  if (refused) return refused;
  const minor = minorOf(store, request.amount);
  if (typeof minor !== 'number') return minor;
  const created = store.orders.create(request.out_trade_no, minor, store.currency);
  if (created.kind === 'refused') return fail(200, created.code, created.message);
  if (created.kind === 'repeated' && store.refusingRepeats.has('nativePay')) return fail(200, ERR.OUT_TRADE_NO_USED, 'out_trade_no is already used');
  const { order } = created;
  return ok({ qr_code: order.qrCode, amount: request.amount, out_trade_no: order.outTradeNo, result_code: 'SUCCESS' });
}

/** The answer a quick pay order gives (the same again for a repeated request: the order's state now). */
function payAnswer(store: SimStore, order: SimOrder): Answer {
  switch (order.status) {
    case 'SUCCESS':
    case 'REFUND': {
      const data: QuickPayAnswerWire = {
        amount: wire(store, order.amountMinor),
        currency: order.currency,
        out_trade_no: order.outTradeNo,
        transaction_id: order.transactionId ?? '',
        result_code: 'SUCCESS',
      };
      if (order.paidAt !== undefined) data.paid_at = order.paidAt;
      return ok(data);
    }
    case 'NOTPAY':
    case 'USERPAYING':
      return fail(200, ERR.USERPAYING, 'The buyer is entering the payment PIN');
    case 'PAYERROR':
      return fail(200, order.errCode ?? ERR.PAYERROR, order.errMessage ?? 'The payment failed.');
    case 'CLOSED':
    case 'REVOKED':
      return fail(200, ERR.ORDERCLOSED, 'the order is closed');
  }
}

/** Quick pay (service scanServiceId, a digits-only buyer code). */
export function pay(store: SimStore, body: Record<string, unknown>): Answer {
  const parsed = payRequest.safeParse(body);
  if (!parsed.success) return paramError(parsed.error);
  const request = parsed.data;
  const refused = wrongStore(store, request.store_id) ?? wrongService(request.service_id, [store.scanServiceId]);
  if (refused) return refused;
  if (!BUYER_CODE.test(request.auth_code)) return fail(200, ERR.AUTH_CODE_INVALID, "the buyer's code must be 10 to 32 digits");
  const minor = minorOf(store, request.amount);
  if (typeof minor !== 'number') return minor;
  const created = store.orders.createPay(request.out_trade_no, minor, store.currency, request.auth_code);
  if (created.kind === 'refused') return fail(200, created.code, created.message);
  return payAnswer(store, created.order);
}

function statusData(store: SimStore, order: SimOrder): PaymentStatusAnswerWire {
  const messages: Record<string, string> = {
    SUCCESS: 'Payment Successful!',
    NOTPAY: 'Not paid yet',
    USERPAYING: 'The buyer is confirming the payment',
    CLOSED: 'The order is closed',
    PAYERROR: order.errMessage ?? 'The payment failed.',
    REFUND: 'Refunded',
    REVOKED: 'The order is revoked',
  };
  const data: PaymentStatusAnswerWire = {
    is_success: order.status === 'SUCCESS' || order.status === 'REFUND',
    trade_state: order.status,
    service_id: order.method === 'quick' ? store.scanServiceId : store.serviceId,
    out_trade_no: order.outTradeNo,
    amount: wire(store, order.amountMinor),
    currency: order.currency,
    message: messages[order.status] ?? order.status,
  };
  if (order.transactionId !== undefined) data.transaction_id = order.transactionId;
  if (order.paidAt !== undefined) data.paid_at = order.paidAt;
  if (order.status === 'PAYERROR' && order.errCode !== undefined) data.err_code = order.errCode;
  return data;
}

export function paymentStatus(store: SimStore, body: Record<string, unknown>): Answer {
  const parsed = statusRequest.safeParse(body);
  if (!parsed.success) return paramError(parsed.error);
  const refused = wrongStore(store, parsed.data.store_id);
  if (refused) return refused;
  const order = store.orders.check(parsed.data.out_trade_no);
  if (order === undefined) return fail(200, ERR.ORDERNOTEXIST, 'Order does not exist');
  return ok(statusData(store, order));
}

function refundData(store: SimStore, refund: SimRefund): RefundAnswerWire {
  const order = store.orders.get(refund.outTradeNo);
  const data: RefundAnswerWire = {
    service_id: order?.method === 'quick' ? store.scanServiceId : store.serviceId,
    // the seed's refund answer shows store_id as a number
    store_id: /^\d{1,15}$/.test(store.storeId) ? Number(store.storeId) : store.storeId,
    refund_amount: wire(store, refund.amountMinor),
    currency: refund.currency,
    out_trade_no: refund.outTradeNo,
    out_refund_no: refund.outRefundNo,
    refund_id: refund.refundId,
    result_code: refund.status === 'SUCCESS' ? 'SUCCESS' : 'PROCESSING',
  };
  if (order?.transactionId !== undefined) data.transaction_id = order.transactionId;
  return data;
}

/** A refund: the store's services may refund (the seed shows 30); FAIL is answered as an error. */
export function refund(store: SimStore, body: Record<string, unknown>): Answer {
  const parsed = refundRequest.safeParse(body);
  if (!parsed.success) return paramError(parsed.error);
  const request = parsed.data;
  const refused = wrongStore(store, request.store_id) ?? wrongService(request.service_id, [store.serviceId, store.scanServiceId]);
  if (refused) return refused;
  const minor = minorOf(store, request.refund_amount);
  if (typeof minor !== 'number') return minor;
  const result = store.refunds.request(request.out_trade_no, request.out_refund_no, minor, store.currency, request.reason ?? undefined);
  if (result.kind === 'refused') return fail(200, result.code, result.message);
  if (result.kind === 'repeated' && store.refusingRepeats.has('refund')) return fail(200, ERR.OUT_REFUND_NO_USED, 'out_refund_no is already used');
  const { refund: made } = result;
  if (made.status === 'FAIL') return fail(200, made.errCode ?? ERR.REFUND_FAILED, made.errMessage ?? 'The refund failed.');
  return ok(refundData(store, made));
}

export function refundStatus(store: SimStore, body: Record<string, unknown>): Answer {
  const parsed = refundStatusRequest.safeParse(body);
  if (!parsed.success) return paramError(parsed.error);
  const refused = wrongStore(store, parsed.data.store_id);
  if (refused) return refused;
  const found = store.refunds.check(parsed.data.out_trade_no, parsed.data.out_refund_no);
  if (found.kind === 'no_order') return fail(200, ERR.ORDERNOTEXIST, 'Order does not exist');
  if (found.kind === 'no_refund') return fail(200, ERR.REFUNDNOTEXIST, 'Refund does not exist');
  const { refund: r } = found;
  const order = store.orders.get(r.outTradeNo);
  const messages: Record<string, string> = { SUCCESS: 'Refund Successful!', PROCESSING: 'Refund in progress', FAIL: r.errMessage ?? 'The refund failed.' };
  const data: RefundStatusAnswerWire = {
    is_success: r.status === 'SUCCESS',
    refund_status: r.status,
    service_id: order?.method === 'quick' ? store.scanServiceId : store.serviceId,
    out_trade_no: r.outTradeNo,
    out_refund_no: r.outRefundNo,
    amount: wire(store, order?.amountMinor ?? r.amountMinor),
    refund_amount: wire(store, r.amountMinor),
    currency: r.currency,
    refund_id: r.refundId,
    message: messages[r.status] ?? r.status,
  };
  if (r.status === 'FAIL' && r.errCode !== undefined) data.err_code = r.errCode;
  return ok(data);
}
