// The simulator's refunds: by out_refund_no (unique per merchant), never above what is left of the
// payment, the same number answered as the same refund, and scripts for how the next one goes.
import { randomInt } from 'node:crypto';
import type { RefundState } from './protocol';
import type { SimOrderBook } from './sim-orders';

/** How the next new refund goes. Default: succeed. */
export type RefundScript =
  | { kind: 'succeed' } // SUCCESS at once
  | { kind: 'processThenSucceed'; checks: number } // PROCESSING, and for `checks` status checks; SUCCESS on the next
  | { kind: 'processThenFail'; checks: number; code?: string; message?: string } // PROCESSING, then FAIL
  | { kind: 'fail'; code?: string; message?: string }; // refused at once (default code REFUND_FAILED)

export interface SimRefund {
  outRefundNo: string;
  outTradeNo: string;
  amountMinor: number;
  currency: string;
  status: RefundState;
  /** refund requests that reached this refund (the first included) */
  requests: number;
  /** status checks answered */
  checks: number;
  script: RefundScript;
  refundId: string;
  reason?: string;
  errCode?: string;
  errMessage?: string;
}

export type RefundResult =
  | { kind: 'created' | 'repeated'; refund: SimRefund }
  | { kind: 'refused'; code: 'ORDERNOTEXIST' | 'ORDERNOTPAID' | 'REFUND_AMOUNT_EXCEEDED' | 'OUT_REFUND_NO_USED'; message: string };

export type RefundLookup = { kind: 'found'; refund: SimRefund } | { kind: 'no_order' } | { kind: 'no_refund' };

function refundId(): string {
  // WeChat-like: 5030 + 24 digits
  let digits = '5030';
  while (digits.length < 28) digits += String(randomInt(0, 10));
  return digits;
}

export class SimRefundBook {
  private readonly refunds = new Map<string, SimRefund>();
  private readonly scripts: RefundScript[] = [];

  constructor(private readonly orders: SimOrderBook) {}

  scriptNext(script: RefundScript): void {
    this.scripts.push(script);
  }

  get(outRefundNo: string): SimRefund | undefined {
    return this.refunds.get(outRefundNo);
  }

  /** Refunds of a payment, oldest first. */
  of(outTradeNo: string): SimRefund[] {
    return [...this.refunds.values()].filter((r) => r.outTradeNo === outTradeNo);
  }

  /** What is refunded or may still be: SUCCESS + PROCESSING. */
  committedMinor(outTradeNo: string): number {
    return this.of(outTradeNo)
      .filter((r) => r.status !== 'FAIL')
      .reduce((sum, r) => sum + r.amountMinor, 0);
  }

  succeededMinor(outTradeNo: string): number {
    return this.of(outTradeNo)
      .filter((r) => r.status === 'SUCCESS')
      .reduce((sum, r) => sum + r.amountMinor, 0);
  }

  request(outTradeNo: string, outRefundNo: string, amountMinor: number, currency: string, reason: string | undefined): RefundResult {
    const existing = this.refunds.get(outRefundNo);
    if (existing !== undefined) {
      if (existing.outTradeNo !== outTradeNo || existing.amountMinor !== amountMinor || existing.currency !== currency) {
        return { kind: 'refused', code: 'OUT_REFUND_NO_USED', message: 'out_refund_no is already used for another refund' };
      }
      existing.requests += 1;
      return { kind: 'repeated', refund: existing };
    }
    const order = this.orders.get(outTradeNo);
    if (order === undefined) return { kind: 'refused', code: 'ORDERNOTEXIST', message: 'Order does not exist' };
    if (order.status !== 'SUCCESS' && order.status !== 'REFUND') return { kind: 'refused', code: 'ORDERNOTPAID', message: `the order is ${order.status}, not paid` };
    if (order.currency !== currency) return { kind: 'refused', code: 'REFUND_AMOUNT_EXCEEDED', message: 'the refund is in another currency' };
    const left = order.amountMinor - this.committedMinor(outTradeNo);
    if (amountMinor > left) {
      return { kind: 'refused', code: 'REFUND_AMOUNT_EXCEEDED', message: `the refund is above what is left of the payment (${left} minor units)` };
    }
    const script = this.scripts.shift() ?? { kind: 'succeed' };
    const refund: SimRefund = {
      outRefundNo,
      outTradeNo,
      amountMinor,
      currency,
      status: 'PROCESSING',
      requests: 1,
      checks: 0,
      script,
      refundId: refundId(),
      ...(reason !== undefined ? { reason } : {}),
    };
    if (script.kind === 'succeed') this.succeed(refund);
    else if (script.kind === 'fail') this.fail(refund, script.code ?? 'REFUND_FAILED', script.message ?? 'The refund failed.');
    this.refunds.set(outRefundNo, refund);
    return { kind: 'created', refund };
  }

  /** A status check (out_refund_no omitted: the payment's latest refund); the script may move it on first. */
  check(outTradeNo: string, outRefundNo: string | undefined): RefundLookup {
    if (this.orders.get(outTradeNo) === undefined) return { kind: 'no_order' };
    const refund = outRefundNo === undefined ? this.of(outTradeNo).at(-1) : this.refunds.get(outRefundNo);
    if (refund === undefined || refund.outTradeNo !== outTradeNo) return { kind: 'no_refund' };
    const { script } = refund;
    if (refund.status === 'PROCESSING' && refund.checks >= (script.kind === 'processThenSucceed' || script.kind === 'processThenFail' ? script.checks : 0)) {
      if (script.kind === 'processThenFail') this.fail(refund, script.code ?? 'REFUND_FAILED', script.message ?? 'The refund failed.');
      else this.succeed(refund);
    }
    refund.checks += 1;
    return { kind: 'found', refund };
  }

  reset(): void {
    this.refunds.clear();
    this.scripts.length = 0;
  }

  private succeed(refund: SimRefund): void {
    refund.status = 'SUCCESS';
    this.orders.markRefunded(refund.outTradeNo);
  }

  private fail(refund: SimRefund, code: string, message: string): void {
    refund.status = 'FAIL';
    refund.errCode = code;
    refund.errMessage = message;
  }
}
