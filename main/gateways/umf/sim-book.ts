// The UMF simulator's books: payments by payment_id (and by mer_reference_id), refunds, planted
// transaction-list lines, and the scripts of the next ones.
import { randomBytes } from 'node:crypto';
import { convertAtRate, toDecimalString, toWireNumber, type Money } from '../../../shared/money';
import type { PaymentSummaryWire, RefundSummaryWire, UmfPaymentState, UmfRefundState } from './protocol';
import { RET } from './protocol';

export type UmfOrderScript =
  | { kind: 'manual' } // default: waits for buyer.pay / buyer.decline
  | { kind: 'payAfterChecks'; checks: number } // TRADE_SUCCESS once this many status checks were answered
  | { kind: 'closeAfterChecks'; checks: number } // TRADE_CLOSED (expired at UMF)
  | { kind: 'failAfterChecks'; checks: number }; // TRADE_FAIL

export type UmfRefundScript =
  | { kind: 'succeed' } // default: REFUND_SUCCESS in the create answer
  | { kind: 'processThenSucceed'; checks: number } // REFUND_PROCESS for `checks` queries, then REFUND_SUCCESS
  | { kind: 'processThenFail'; checks: number } // REFUND_PROCESS for `checks` queries, then REFUND_FAIL
  | { kind: 'fail'; code?: string; message?: string }; // the create is refused with this ret_code (default REFUND_REFUSED)

export interface SimPayment {
  paymentId: string;
  outTradeNo: string;
  merDate: string;
  paymentMethod: string;
  wallet: 'wechat' | 'alipay' | undefined;
  amount: Money;
  orderSummary: string;
  expireTime: string | undefined;
  notifyUrl: string | undefined;
  qrCode: string | undefined;
  state: UmfPaymentState;
  script: UmfOrderScript;
  /** create requests that reached this payment (the first included) */
  creates: number;
  /** status checks answered */
  checks: number;
  successTime: string | undefined;
  settleDate: string | undefined;
}

export interface SimRefund {
  refundId: string;
  outRefundNo: string;
  merDate: string;
  paymentId: string;
  amount: Money;
  state: UmfRefundState;
  script: UmfRefundScript;
  creates: number;
  checks: number;
  successTime: string | undefined;
}

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

function randomText(alphabet: string, length: number): string {
  return Array.from(randomBytes(length), (b) => alphabet[b % alphabet.length]).join('');
}

export function umfId(prefix: 'PAY' | 'REFUND' | 'CUST'): string {
  return `${prefix}_${randomText(BASE32, 21)}`;
}

export function qrCodeFor(wallet: 'wechat' | 'alipay'): string {
  return wallet === 'wechat'
    ? `weixin://wxpay/bizpayurl?pr=${randomText(ALPHANUMERIC, 10)}`
    : `https://qr.alipay.com/bax0${randomText(ALPHANUMERIC.slice(26).toLowerCase() + '0123456789', 20)}`;
}

/** "2017-03-17T19:20:30+08:00": UMF's times are China time. */
export function chinaTime(at: Date): string {
  return `${new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 19)}+08:00`;
}

export function chinaDay(at: Date): string {
  return new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 10).replace(/-/g, '');
}

/** CNY for an amount at a rate ("6.9023"), exact, rounded half up to the fen; undefined without a rate. */
export function cnyOf(amount: Money, rate: string | undefined): string | undefined {
  if (amount.currency === 'CNY') return toDecimalString(amount);
  if (rate === undefined) return undefined;
  try {
    return toDecimalString(convertAtRate(amount, rate, 'CNY'));
  } catch {
    return undefined; // a rate that cannot be read (or zero)
  }
}

export type CreatePaymentResult = { kind: 'created' | 'repeated'; payment: SimPayment } | { kind: 'refused'; code: string; message: string };
export type CreateRefundResult = { kind: 'created' | 'repeated'; refund: SimRefund } | { kind: 'refused'; code: string; message: string };

export class UmfSimBook {
  readonly payments = new Map<string, SimPayment>();
  private readonly byOutTradeNo = new Map<string, SimPayment>();
  readonly refunds = new Map<string, SimRefund>();
  private readonly byOutRefundNo = new Map<string, SimRefund>();
  private readonly orderScripts: UmfOrderScript[] = [];
  private readonly refundScripts: UmfRefundScript[] = [];
  private planted = new Map<string, { payments: PaymentSummaryWire[]; refunds: RefundSummaryWire[] }>();

  constructor(private readonly now: () => Date) {}

  scriptNextOrder(script: UmfOrderScript): void {
    this.orderScripts.push(script);
  }

  scriptNextRefund(script: UmfRefundScript): void {
    this.refundScripts.push(script);
  }

  byNumber(outTradeNo: string): SimPayment | undefined {
    return this.byOutTradeNo.get(outTradeNo);
  }

  refundByNumber(outRefundNo: string): SimRefund | undefined {
    return this.byOutRefundNo.get(outRefundNo);
  }

  /** A create: idempotent for the same mer_reference_id, amount, mer_date and method; anything else differing is refused. */
  createPayment(input: Omit<SimPayment, 'paymentId' | 'qrCode' | 'state' | 'script' | 'creates' | 'checks' | 'successTime' | 'settleDate'>): CreatePaymentResult {
    const existing = this.byOutTradeNo.get(input.outTradeNo);
    if (existing !== undefined) {
      const same =
        existing.amount.minor === input.amount.minor &&
        existing.amount.currency === input.amount.currency &&
        existing.merDate === input.merDate &&
        existing.paymentMethod === input.paymentMethod;
      if (!same) return { kind: 'refused', code: RET.DUPLICATE_ORDER, message: 'mer_reference_id is already used for another order' };
      existing.creates += 1;
      if (existing.state === 'TRADE_SUCCESS') return { kind: 'refused', code: RET.ORDER_PAID, message: 'the order is already paid' };
      if (existing.state !== 'WAIT_BUYER_PAY') return { kind: 'refused', code: RET.ORDER_CLOSED, message: 'the order is closed' };
      return { kind: 'repeated', payment: existing };
    }
    const payment: SimPayment = {
      ...input,
      paymentId: umfId('PAY'),
      qrCode: input.wallet === undefined ? undefined : qrCodeFor(input.wallet),
      state: 'WAIT_BUYER_PAY',
      script: input.wallet === undefined ? { kind: 'manual' } : (this.orderScripts.shift() ?? { kind: 'manual' }),
      creates: 1,
      checks: 0,
      successTime: undefined,
      settleDate: undefined,
    };
    this.payments.set(payment.paymentId, payment);
    this.byOutTradeNo.set(payment.outTradeNo, payment);
    return { kind: 'created', payment };
  }

  /** A status check: the payment's script may move it on first; then the check is counted. */
  check(paymentId: string): SimPayment | undefined {
    const payment = this.payments.get(paymentId);
    if (payment === undefined) return undefined;
    const { script } = payment;
    if (payment.state === 'WAIT_BUYER_PAY' && script.kind !== 'manual' && payment.checks >= script.checks) {
      if (script.kind === 'payAfterChecks') this.markPaid(payment);
      else if (script.kind === 'closeAfterChecks') payment.state = 'TRADE_CLOSED';
      else payment.state = 'TRADE_FAIL';
    }
    payment.checks += 1;
    return payment;
  }

  markPaid(payment: SimPayment): void {
    const at = this.now();
    payment.state = 'TRADE_SUCCESS';
    payment.successTime = chinaTime(at);
    payment.settleDate = chinaDay(new Date(at.getTime() + 86_400_000));
  }

  /** The buyer pays. Unknown numbers and closed or failed orders throw; paying a paid order is a no-op. */
  pay(outTradeNo: string): void {
    const payment = this.open(outTradeNo);
    if (payment !== undefined) this.markPaid(payment);
  }

  decline(outTradeNo: string): void {
    const payment = this.open(outTradeNo);
    if (payment === undefined) throw new Error(`order ${outTradeNo} is already paid`);
    payment.state = 'TRADE_FAIL';
  }

  private open(outTradeNo: string): SimPayment | undefined {
    const payment = this.byOutTradeNo.get(outTradeNo);
    if (payment === undefined) throw new Error(`no order ${outTradeNo} at the UMF simulator`);
    if (payment.state === 'TRADE_SUCCESS') return undefined;
    if (payment.state !== 'WAIT_BUYER_PAY') throw new Error(`order ${outTradeNo} is ${payment.state}`);
    return payment;
  }

  /** What is left to refund: the amount minus refunds that succeeded or may still succeed. */
  remaining(payment: SimPayment): number {
    let taken = 0;
    for (const refund of this.refunds.values()) {
      if (refund.paymentId === payment.paymentId && refund.state !== 'REFUND_FAIL') taken += refund.amount.minor;
    }
    return payment.amount.minor - taken;
  }

  refundedMinor(payment: SimPayment): number {
    let done = 0;
    for (const refund of this.refunds.values()) if (refund.paymentId === payment.paymentId && refund.state === 'REFUND_SUCCESS') done += refund.amount.minor;
    return done;
  }

  createRefund(payment: SimPayment, input: { outRefundNo: string; merDate: string; amount: Money }): CreateRefundResult {
    const existing = this.byOutRefundNo.get(input.outRefundNo);
    if (existing !== undefined) {
      if (existing.paymentId !== payment.paymentId || existing.amount.minor !== input.amount.minor || existing.merDate !== input.merDate) {
        return { kind: 'refused', code: RET.DUPLICATE_REFUND, message: 'this refund mer_reference_id is already used for another refund' };
      }
      existing.creates += 1;
      return { kind: 'repeated', refund: existing };
    }
    if (payment.state !== 'TRADE_SUCCESS') return { kind: 'refused', code: RET.PAYMENT_NOT_PAID, message: 'the payment is not paid' };
    if (input.amount.minor > this.remaining(payment)) {
      return { kind: 'refused', code: RET.REFUND_EXCEEDS, message: 'the refund amount is more than what is left of the payment' };
    }
    const script = this.refundScripts.shift() ?? { kind: 'succeed' };
    if (script.kind === 'fail') return { kind: 'refused', code: script.code ?? RET.REFUND_REFUSED, message: script.message ?? 'the bank refused the refund' };
    const refund: SimRefund = {
      refundId: umfId('REFUND'),
      outRefundNo: input.outRefundNo,
      merDate: input.merDate,
      paymentId: payment.paymentId,
      amount: input.amount,
      state: script.kind === 'succeed' ? 'REFUND_SUCCESS' : 'REFUND_PROCESS',
      script,
      creates: 1,
      checks: 0,
      successTime: script.kind === 'succeed' ? chinaTime(this.now()) : undefined,
    };
    this.refunds.set(refund.refundId, refund);
    this.byOutRefundNo.set(refund.outRefundNo, refund);
    return { kind: 'created', refund };
  }

  checkRefund(refundId: string): SimRefund | undefined {
    const refund = this.refunds.get(refundId);
    if (refund === undefined) return undefined;
    const { script } = refund;
    if (refund.state === 'REFUND_PROCESS' && (script.kind === 'processThenSucceed' || script.kind === 'processThenFail') && refund.checks >= script.checks) {
      refund.state = script.kind === 'processThenSucceed' ? 'REFUND_SUCCESS' : 'REFUND_FAIL';
      if (refund.state === 'REFUND_SUCCESS') refund.successTime = chinaTime(this.now());
    }
    refund.checks += 1;
    return refund;
  }

  plant(merDate: string, lines: { payments?: PaymentSummaryWire[]; refunds?: RefundSummaryWire[] }): void {
    const day = this.planted.get(merDate) ?? { payments: [], refunds: [] };
    day.payments.push(...(lines.payments ?? []));
    day.refunds.push(...(lines.refunds ?? []));
    this.planted.set(merDate, day);
  }

  /** The day's list: our payments then planted ones, then our refunds then planted ones. */
  listFor(merDate: string, rateOf: (currency: string) => string | undefined): { payments: PaymentSummaryWire[]; refunds: RefundSummaryWire[] } {
    const amountWire = (amount: Money) => {
      const rate = rateOf(amount.currency);
      const cny = cnyOf(amount, amount.currency === 'CNY' ? '1' : rate);
      return {
        total: toWireNumber(amount),
        ...(cny === undefined ? {} : { total_cny: Number(cny) }),
        currency: amount.currency,
        ...(amount.currency !== 'CNY' && rate !== undefined ? { exchange_rate: Number(rate) } : {}),
      };
    };
    const payments: PaymentSummaryWire[] = [];
    for (const p of this.payments.values()) {
      if (p.merDate !== merDate) continue;
      const line: PaymentSummaryWire = {
        payment_id: p.paymentId,
        order_date: p.merDate,
        mer_reference_id: p.outTradeNo,
        amount: amountWire(p.amount),
        state: p.state,
        product_id: p.wallet === 'wechat' ? 'Payment Gateway - WeChat QR code' : p.wallet === 'alipay' ? 'Payment Gateway - Alipay QR code' : `Payment Gateway - ${p.paymentMethod}`,
      };
      if (p.settleDate !== undefined) line.settle_date = p.settleDate;
      if (p.successTime !== undefined) line.execute_success_time = p.successTime;
      payments.push(line);
    }
    const refunds: RefundSummaryWire[] = [];
    for (const r of this.refunds.values()) {
      if (r.merDate !== merDate) continue;
      // the document's refund summary: no merchant refund number, nor the payment's
      const line: RefundSummaryWire = {
        refund_id: r.refundId,
        payment_id: r.paymentId,
        amount: amountWire(r.amount),
        state: r.state,
      };
      if (r.successTime !== undefined) line.execute_success_time = r.successTime;
      refunds.push(line);
    }
    const planted = this.planted.get(merDate);
    return { payments: [...payments, ...(planted?.payments ?? [])], refunds: [...refunds, ...(planted?.refunds ?? [])] };
  }

  reset(): void {
    this.payments.clear();
    this.byOutTradeNo.clear();
    this.refunds.clear();
    this.byOutRefundNo.clear();
    this.orderScripts.length = 0;
    this.refundScripts.length = 0;
    this.planted = new Map();
  }
}
