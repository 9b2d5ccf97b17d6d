// The simulator's order book: orders by out_trade_no (native and quick pay), their scripts, and
// the simulated buyer.
import { randomBytes, randomInt } from 'node:crypto';
import type { TradeState } from './protocol';

export type OrderScript =
  | { kind: 'manual' } // default: waits for buyer.pay / buyer.decline
  | { kind: 'payAfterChecks'; checks: number } // paid once this many status checks have been answered
  | { kind: 'userPayingThenPaid'; checks: number } // USERPAYING for `checks` status checks, then paid
  | { kind: 'declineAfterChecks'; checks: number }
  | { kind: 'closeAfterChecks'; checks: number }; // gateway-side expiry: CLOSED

/** How the next quick pay order behaves. Default: succeed. */
export type QuickPayScript =
  | { kind: 'succeed' } // paid at once: the quick pay answer is SUCCESS
  | { kind: 'userPayingThenPaid'; checks: number } // USERPAYING, and for `checks` status checks; paid on the next
  | { kind: 'userPayingForever' } // USERPAYING on every check until buyer.pay() / buyer.decline(): never paid by itself
  | { kind: 'userPayingThenDeclined'; checks: number; code?: string; message?: string } // USERPAYING, then PAYERROR
  | { kind: 'decline'; code?: string; message?: string }; // declined at once (default code NOTENOUGH)

export type PayMethod = 'native' | 'quick';

export interface SimOrder {
  outTradeNo: string;
  method: PayMethod;
  /** quick pay: the last 4 characters of the buyer's code (the whole code is never kept) */
  buyerCodeLast4?: string;
  amountMinor: number;
  currency: string;
  qrCode: string;
  status: TradeState;
  /** create requests that reached this order (the first included) */
  creates: number;
  /** status checks answered */
  checks: number;
  script: OrderScript;
  transactionId?: string;
  paidAt?: string;
  errCode?: string;
  errMessage?: string;
  /** how a scripted decline is answered */
  declineWith?: { code: string; message: string };
}

export type CreateResult =
  | { kind: 'created' | 'repeated'; order: SimOrder }
  | { kind: 'refused'; code: 'OUT_TRADE_NO_USED' | 'ORDERPAID' | 'ORDERCLOSED'; message: string };

const OPEN: ReadonlySet<TradeState> = new Set(['NOTPAY', 'USERPAYING']);
const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

function qrCode(): string {
  const bytes = randomBytes(10);
  const id = Array.from(bytes, (b) => ALPHANUMERIC[b % ALPHANUMERIC.length]).join('');
  return `weixin://wxpay/bizpayurl?pr=${id}`;
}

function transactionId(): string {
  // WeChat-like: 4200 + 24 digits
  let digits = '4200';
  while (digits.length < 28) digits += String(randomInt(0, 10));
  return digits;
}

export class SimOrderBook {
  private readonly orders = new Map<string, SimOrder>();
  private readonly scripts: OrderScript[] = [];
  private readonly payScripts: QuickPayScript[] = [];

  constructor(private readonly now: () => Date) {}

  /** The script the next new order takes (queued: one per new order). */
  scriptNext(script: OrderScript): void {
    this.scripts.push(script);
  }

  /** The script the next new quick pay order takes (queued: one per new order). */
  scriptNextPay(script: QuickPayScript): void {
    this.payScripts.push(script);
  }

  get(outTradeNo: string): SimOrder | undefined {
    return this.orders.get(outTradeNo);
  }

  /** A create: idempotent for the same number and amount; a different amount is refused. */
  create(outTradeNo: string, amountMinor: number, currency: string): CreateResult {
    const existing = this.orders.get(outTradeNo);
    if (existing !== undefined) {
      if (existing.amountMinor !== amountMinor || existing.currency !== currency || existing.method !== 'native') {
        return { kind: 'refused', code: 'OUT_TRADE_NO_USED', message: 'out_trade_no is already used with a different amount or method' };
      }
      existing.creates += 1;
      if (existing.status === 'SUCCESS' || existing.status === 'REFUND') return { kind: 'refused', code: 'ORDERPAID', message: 'the order is already paid' };
      if (!OPEN.has(existing.status)) return { kind: 'refused', code: 'ORDERCLOSED', message: 'the order is closed' };
      return { kind: 'repeated', order: existing };
    }
    const script = this.scripts.shift() ?? { kind: 'manual' };
    const order: SimOrder = {
      outTradeNo,
      method: 'native',
      amountMinor,
      currency,
      qrCode: qrCode(),
      status: script.kind === 'userPayingThenPaid' && script.checks > 0 ? 'USERPAYING' : 'NOTPAY',
      creates: 1,
      checks: 0,
      script,
    };
    this.orders.set(outTradeNo, order);
    return { kind: 'created', order };
  }

  /**
   * A quick pay. A new number takes the next pay script; a known number with the same
   * amount and method is the same order (its creates counted, its state answered again); anything else
   * with a known number is refused (OUT_TRADE_NO_USED).
   */
  createPay(outTradeNo: string, amountMinor: number, currency: string, buyerCode: string): CreateResult {
    const existing = this.orders.get(outTradeNo);
    if (existing !== undefined) {
      if (existing.amountMinor !== amountMinor || existing.currency !== currency || existing.method !== 'quick') {
        return { kind: 'refused', code: 'OUT_TRADE_NO_USED', message: 'out_trade_no is already used with a different amount or method' };
      }
      existing.creates += 1;
      return { kind: 'repeated', order: existing };
    }
    const script = this.payScripts.shift() ?? { kind: 'succeed' };
    const order: SimOrder = {
      outTradeNo,
      method: 'quick',
      buyerCodeLast4: buyerCode.slice(-4),
      amountMinor,
      currency,
      qrCode: '',
      status: 'USERPAYING',
      creates: 1,
      checks: 0,
      script: { kind: 'manual' },
    };
    switch (script.kind) {
      case 'succeed':
        this.markPaid(order);
        break;
      case 'userPayingThenPaid':
        order.script = { kind: 'userPayingThenPaid', checks: Math.max(0, script.checks) };
        break;
      case 'userPayingForever':
        break;
      case 'userPayingThenDeclined':
        order.script = { kind: 'declineAfterChecks', checks: Math.max(0, script.checks) };
        order.declineWith = { code: script.code ?? 'PAYERROR', message: script.message ?? "The buyer's payment failed." };
        break;
      case 'decline':
        order.declineWith = { code: script.code ?? 'NOTENOUGH', message: script.message ?? "The buyer's balance is not enough." };
        this.markDeclined(order);
        break;
    }
    this.orders.set(outTradeNo, order);
    return { kind: 'created', order };
  }

  /** A refund succeeded: the order's trade_state becomes REFUND (it stays paid). */
  markRefunded(outTradeNo: string): void {
    const order = this.orders.get(outTradeNo);
    if (order !== undefined && (order.status === 'SUCCESS' || order.status === 'REFUND')) order.status = 'REFUND';
  }

  /** A status check: the order's script may move it on first; then the check is counted. */
  check(outTradeNo: string): SimOrder | undefined {
    const order = this.orders.get(outTradeNo);
    if (order === undefined) return undefined;
    if (OPEN.has(order.status)) {
      const { script } = order;
      const due = script.kind !== 'manual' && order.checks >= script.checks;
      if (due && (script.kind === 'payAfterChecks' || script.kind === 'userPayingThenPaid')) this.markPaid(order);
      else if (due && script.kind === 'declineAfterChecks') this.markDeclined(order);
      else if (due && script.kind === 'closeAfterChecks') order.status = 'CLOSED';
      else if (script.kind === 'userPayingThenPaid') order.status = 'USERPAYING';
    }
    order.checks += 1;
    return order;
  }

  /** The buyer pays. Unknown numbers and closed or failed orders throw; paying a paid order is a no-op. */
  pay(outTradeNo: string): void {
    const order = this.open(outTradeNo);
    if (order !== undefined) this.markPaid(order);
  }

  /** The buyer's payment fails (declined, no balance...). */
  decline(outTradeNo: string): void {
    const order = this.open(outTradeNo);
    if (order === undefined) throw new Error(`order ${outTradeNo} is already paid`);
    this.markDeclined(order);
  }

  reset(): void {
    this.orders.clear();
    this.scripts.length = 0;
    this.payScripts.length = 0;
  }

  private open(outTradeNo: string): SimOrder | undefined {
    const order = this.orders.get(outTradeNo);
    if (order === undefined) throw new Error(`no order ${outTradeNo} at the storepay simulator`);
    if (order.status === 'SUCCESS' || order.status === 'REFUND') return undefined;
    if (!OPEN.has(order.status)) throw new Error(`order ${outTradeNo} is ${order.status}`);
    return order;
  }

  private markPaid(order: SimOrder): void {
    order.status = 'SUCCESS';
    order.transactionId = transactionId();
    order.paidAt = this.now().toISOString();
  }

  private markDeclined(order: SimOrder): void {
    order.status = 'PAYERROR';
    order.errCode = order.declineWith?.code ?? 'PAYERROR';
    order.errMessage = order.declineWith?.message ?? "The buyer's payment failed.";
  }
}
