// The Beeshop simulator's books: order payments by order_id (prepared or paid by card), their
// scripts, order amendments, and refunds (one per amendment id). Pure state, no HTTP.
import { randomBytes, randomUUID } from 'node:crypto';
import type { DeviceType, PaymentStatusWire, RefundStatusWire } from './protocol';

export type BeeshopOrderScript =
  | { kind: 'manual' } // default: waits for buyer.pay / buyer.decline
  | { kind: 'payAfterChecks'; checks: number } // succeeded once this many status checks have been answered
  | { kind: 'processingThenPaid'; checks: number } // "processing" for `checks` status checks, then succeeded
  | { kind: 'declineAfterChecks'; checks: number } // failed
  | { kind: 'closeAfterChecks'; checks: number }; // gateway-side expiry: expired

export type BeeshopRefundScript =
  | { kind: 'succeed' } // default
  | { kind: 'pendingThenSucceed'; answers?: number } // "pending" for the first `answers` (default 1) answers, then succeeded
  | { kind: 'fail' };

export type CardPaymentScript = 'succeed' | 'decline';

export interface SimOrder {
  orderId: string;
  orderPaymentId: string;
  /** document id of the payment (the seed's "id") */
  documentId: string;
  source: 'prepare' | 'card';
  provider: string;
  deviceType?: DeviceType;
  amountMinor: number;
  currency: string;
  description: string;
  externalPaymentId: string;
  paymentToken: string | null;
  secondPaymentToken: string | null;
  status: PaymentStatusWire;
  /** create requests (prepare or pay) that reached this order, the first included */
  creates: number;
  /** status checks answered */
  checks: number;
  script: BeeshopOrderScript;
  updatedAt: string;
  settledAt?: string;
  extraInfo: string | null;
}

export interface SimAmendment {
  id: string;
  orderId: string;
  amountMinor: number;
  refundId?: string;
}

export interface SimRefund {
  refundId: string;
  documentId: string;
  externalRefundId: string;
  orderId: string;
  amendmentId: string;
  amountMinor: number;
  currency: string;
  description: string;
  status: RefundStatusWire;
  script: BeeshopRefundScript;
  /** answers given for this refund (the first request and every replay of its amendment id) */
  answers: number;
  updatedAt: string;
  settledAt?: string;
}

export type NewOrder = Omit<SimOrder, 'orderPaymentId' | 'documentId' | 'externalPaymentId' | 'paymentToken' | 'secondPaymentToken' | 'status' | 'creates' | 'checks' | 'script' | 'updatedAt' | 'extraInfo'> & {
  cardOutcome?: CardPaymentScript;
};

export type OpenResult = { kind: 'created' | 'repeated'; order: SimOrder } | { kind: 'conflict'; message: string };

export type RefundResult =
  | { kind: 'refund'; refund: SimRefund; repeated: boolean }
  | { kind: 'refused'; status: number; code: string; message: string };

const OPEN: ReadonlySet<PaymentStatusWire> = new Set(['pending', 'processing']);
const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

function randomText(length: number, alphabet = ALPHANUMERIC): string {
  return Array.from(randomBytes(length), (b) => alphabet[b % alphabet.length]).join('');
}

/** What /pay/prepare gives for each provider and device (the beeshop README, "The simulator": prepare tokens). */
function prepareTokens(provider: string, deviceType: DeviceType | undefined, orderPaymentId: string, orderId: string, total: string, currency: string): [string, string | null] {
  const web = deviceType !== 'mobile';
  switch (provider) {
    case 'WECHAT':
      // a prepay id (not scannable) and the code URL a WeChat QR carries
      return [`wx${randomText(26, '0123456789abcdef')}`, `weixin://wxpay/bizpayurl?pr=${randomText(11)}`];
    case 'UNIONPAY':
      return [`https://pay.beeshop.invalid/unionpay/web/${orderPaymentId}`, null];
    default:
      if (web) return [`https://pay.beeshop.invalid/alipay/web/${orderPaymentId}`, null];
      // the seed's shape: an Alipay SDK order string, for an app, not for a QR
      return [
        `_input_charset="utf-8"&currency="${currency}"&out_trade_no="${orderPaymentId}"&service="mobile.securitypay.pay"&subject="order:${orderId}"&total_fee="${total}"&sign="${randomText(40)}"&sign_type="RSA"`,
        null,
      ];
  }
}

export class SimBook {
  private readonly orders = new Map<string, SimOrder>();
  private readonly amendments = new Map<string, SimAmendment>();
  private readonly refunds = new Map<string, SimRefund>();
  private readonly orderScripts: BeeshopOrderScript[] = [];
  private readonly refundScripts: BeeshopRefundScript[] = [];
  private readonly cardScripts: CardPaymentScript[] = [];

  constructor(private readonly now: () => Date) {}

  scriptNextOrder(script: BeeshopOrderScript): void {
    this.orderScripts.push(script);
  }

  scriptNextRefund(script: BeeshopRefundScript): void {
    this.refundScripts.push(script);
  }

  scriptNextCardPayment(outcome: CardPaymentScript): void {
    this.cardScripts.push(outcome);
  }

  get(orderId: string): SimOrder | undefined {
    return this.orders.get(orderId);
  }

  refundsOf(orderId?: string): SimRefund[] {
    return [...this.refunds.values()].filter((r) => orderId === undefined || r.orderId === orderId);
  }

  /** A prepare or card pay: idempotent for the same order_id, amount, currency, provider and kind. */
  open(request: NewOrder, total: string): OpenResult {
    const existing = this.orders.get(request.orderId);
    if (existing !== undefined) {
      const same =
        existing.source === request.source &&
        existing.amountMinor === request.amountMinor &&
        existing.currency === request.currency &&
        existing.provider === request.provider;
      if (!same) return { kind: 'conflict', message: `order_id ${request.orderId} is already used for another payment (amount, currency or provider differ)` };
      existing.creates += 1;
      return { kind: 'repeated', order: existing };
    }
    const at = this.now().toISOString();
    const orderPaymentId = randomUUID();
    const { cardOutcome, ...fields } = request;
    const order: SimOrder = {
      ...fields,
      orderPaymentId,
      documentId: randomUUID(),
      externalPaymentId: `TA${randomText(21, '0123456789')}`,
      paymentToken: null,
      secondPaymentToken: null,
      status: 'pending',
      creates: 1,
      checks: 0,
      script: { kind: 'manual' },
      updatedAt: at,
      extraInfo: null,
    };
    if (request.source === 'prepare') {
      const [first, second] = prepareTokens(request.provider, request.deviceType, orderPaymentId, request.orderId, total, request.currency);
      order.paymentToken = first;
      order.secondPaymentToken = second;
      order.script = this.orderScripts.shift() ?? { kind: 'manual' };
      if (order.script.kind === 'processingThenPaid' && order.script.checks > 0) order.status = 'processing';
    } else {
      const outcome = cardOutcome ?? this.cardScripts.shift() ?? 'succeed';
      order.externalPaymentId = randomText(26);
      if (outcome === 'succeed') this.markPaid(order);
      else {
        order.status = 'failed';
        order.extraInfo = 'Declined by the card issuer';
      }
    }
    this.orders.set(request.orderId, order);
    return { kind: 'created', order };
  }

  /** A status check: the order's script may move it on first; then the check is counted. */
  check(orderId: string, orderPaymentId: string): SimOrder | undefined {
    const order = this.orders.get(orderId);
    if (order === undefined || order.orderPaymentId !== orderPaymentId) return undefined;
    if (OPEN.has(order.status)) {
      const { script } = order;
      const due = script.kind !== 'manual' && order.checks >= script.checks;
      if (due && (script.kind === 'payAfterChecks' || script.kind === 'processingThenPaid')) this.markPaid(order);
      else if (due && script.kind === 'declineAfterChecks') this.markFailed(order);
      else if (due && script.kind === 'closeAfterChecks') this.mark(order, 'expired');
      else if (script.kind === 'processingThenPaid') order.status = 'processing';
    }
    order.checks += 1;
    return order;
  }

  /** The buyer pays. Unknown numbers and closed or failed orders throw; paying a paid order is a no-op. */
  pay(orderId: string): void {
    const order = this.openOrder(orderId);
    if (order !== undefined) this.markPaid(order);
  }

  decline(orderId: string): void {
    const order = this.openOrder(orderId);
    if (order === undefined) throw new Error(`order ${orderId} is already paid`);
    this.markFailed(order);
  }

  /** What the micro merchant does before a refund (seed): an amendment of a paid order, for an amount. */
  createAmendment(orderId: string, amountMinor: number): string {
    const order = this.orders.get(orderId);
    if (order === undefined) throw new Error(`no order ${orderId} at the beeshop simulator`);
    if (order.status !== 'succeeded') throw new Error(`order ${orderId} is ${order.status}, not paid`);
    if (!Number.isSafeInteger(amountMinor) || amountMinor <= 0) throw new RangeError(`not an amount: ${amountMinor}`);
    const id = randomUUID();
    this.amendments.set(id, { id, orderId, amountMinor });
    return id;
  }

  /** Paid amount minus every refund that succeeded or may still succeed. */
  refundable(order: SimOrder): number {
    const taken = this.refundsOf(order.orderId)
      .filter((r) => r.status !== 'failed')
      .reduce((sum, r) => sum + r.amountMinor, 0);
    return order.amountMinor - taken;
  }

  /** A refund for an amendment: the same amendment id gives the same refund back, never a second one. */
  refund(request: { orderId: string; amendmentId: string; amountMinor: number; currency: string; description: string }): RefundResult {
    const amendment = this.amendments.get(request.amendmentId);
    if (amendment === undefined) return { kind: 'refused', status: 404, code: 'AMENDMENT_NOT_FOUND', message: `no order amendment ${request.amendmentId}` };
    const order = this.orders.get(request.orderId);
    if (order === undefined) return { kind: 'refused', status: 404, code: 'ORDER_NOT_FOUND', message: `no order ${request.orderId}` };
    if (amendment.orderId !== order.orderId) {
      return { kind: 'refused', status: 422, code: 'AMENDMENT_MISMATCH', message: `order amendment ${amendment.id} belongs to another order` };
    }
    if (request.currency !== order.currency) return { kind: 'refused', status: 422, code: 'INVALID_INPUT', message: `the order is in ${order.currency}` };
    if (request.amountMinor !== amendment.amountMinor) {
      return { kind: 'refused', status: 422, code: 'AMENDMENT_MISMATCH', message: `total_amount differs from the order amendment's amount` };
    }
    if (amendment.refundId !== undefined) {
      const refund = this.refunds.get(amendment.refundId);
      if (refund !== undefined) {
        this.advance(refund);
        return { kind: 'refund', refund, repeated: true };
      }
    }
    if (order.status !== 'succeeded') return { kind: 'refused', status: 422, code: 'ORDER_NOT_PAID', message: `order ${order.orderId} is ${order.status}` };
    if (request.amountMinor > this.refundable(order)) {
      return { kind: 'refused', status: 422, code: 'EXCEEDS_REFUNDABLE', message: 'the refund is larger than what is left to refund on the order' };
    }
    const script = this.refundScripts.shift() ?? { kind: 'succeed' };
    const refund: SimRefund = {
      refundId: randomUUID(),
      documentId: randomUUID(),
      externalRefundId: randomText(27),
      orderId: order.orderId,
      amendmentId: amendment.id,
      amountMinor: request.amountMinor,
      currency: order.currency,
      description: request.description,
      status: 'pending',
      script,
      answers: 0,
      updatedAt: this.now().toISOString(),
    };
    amendment.refundId = refund.refundId;
    this.refunds.set(refund.refundId, refund);
    this.advance(refund);
    return { kind: 'refund', refund, repeated: false };
  }

  reset(): void {
    this.orders.clear();
    this.amendments.clear();
    this.refunds.clear();
    this.orderScripts.length = 0;
    this.refundScripts.length = 0;
    this.cardScripts.length = 0;
  }

  /** Moves a refund on by its script as an answer about it is given; then counts the answer. */
  private advance(refund: SimRefund): void {
    if (refund.status === 'pending') {
      const { script } = refund;
      const at = this.now().toISOString();
      if (script.kind === 'succeed' || (script.kind === 'pendingThenSucceed' && refund.answers >= (script.answers ?? 1))) {
        refund.status = 'succeeded';
        refund.updatedAt = at;
        refund.settledAt = at;
      } else if (script.kind === 'fail') {
        refund.status = 'failed';
        refund.updatedAt = at;
      }
    }
    refund.answers += 1;
  }

  private openOrder(orderId: string): SimOrder | undefined {
    const order = this.orders.get(orderId);
    if (order === undefined) throw new Error(`no order ${orderId} at the beeshop simulator`);
    if (order.status === 'succeeded') return undefined;
    if (!OPEN.has(order.status)) throw new Error(`order ${orderId} is ${order.status}`);
    return order;
  }

  private mark(order: SimOrder, status: PaymentStatusWire): void {
    order.status = status;
    order.updatedAt = this.now().toISOString();
  }

  private markPaid(order: SimOrder): void {
    this.mark(order, 'succeeded');
    order.settledAt = order.updatedAt;
  }

  private markFailed(order: SimOrder): void {
    this.mark(order, 'failed');
    order.extraInfo = "The buyer's payment failed.";
  }
}
