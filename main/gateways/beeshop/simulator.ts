// The Beeshop core payment API served in-process, for training mode and tests: the seed's paths,
// bearer token, field names, JSON-number amounts and status values, checked strictly (a simulator
// that accepts anything proves nothing). Mount handle() under a prefix (serveSimulators).
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { fromWireAmount, toDecimalString, toWireNumber } from '../../../shared/money';
import { silentLogger, systemClock, type BuyerSimulator, type Clock, type Logger } from '../../core/ports';
import { isJsonContentType, isRecord, parseJson } from '../http';
import type { MountableSimulator } from '../simulator-mount';
import {
  BEESHOP_CREATE_OPERATIONS,
  BEESHOP_ERR,
  BEESHOP_PATHS,
  PREPARE_PROVIDERS,
  type BeeshopOperation,
  type PaymentAnswerWire,
  type PrepareAnswerWire,
  type RefundAnswerWire,
} from './protocol';
import { SimBook, type BeeshopOrderScript, type BeeshopRefundScript, type CardPaymentScript, type SimOrder, type SimRefund } from './sim-book';

export type { BeeshopOperation } from './protocol';
export type { BeeshopOrderScript, BeeshopRefundScript, CardPaymentScript } from './sim-book';
export type { MountableSimulator } from '../simulator-mount';

export type BeeshopSimFault = 'http500' | 'hang' | 'reset' | 'malformed' | 'unauthorized';

export interface BeeshopReceivedRequest {
  operation: BeeshopOperation | 'unknown';
  method: string;
  /** the path after the mount prefix */
  path: string;
  headers: Record<string, string | string[] | undefined>;
  /** the JSON body (card_number, cvd and expiry_date masked), the raw text if not JSON, undefined for none */
  body: unknown;
}

export interface BeeshopSimOrderView {
  orderPaymentId: string;
  status: string;
  amountMinor: number;
  currency: string;
  provider: string;
  source: 'prepare' | 'card';
  deviceType: string | undefined;
  paymentToken: string | null;
  secondPaymentToken: string | null;
  /** create requests (prepare or pay) that reached this order, the first included */
  creates: number;
  checks: number;
  /** refunds that succeeded, in minor units */
  refundedMinor: number;
}

export interface BeeshopSimRefundView {
  refundId: string;
  orderId: string;
  orderAmendmentId: string;
  amountMinor: number;
  status: string;
  /** answers given for it: the first request and every replay of its amendment id */
  answers: number;
}

export interface BeeshopSimulator {
  readonly credentials: { apiToken: string; microMerchantId: string };
  /** which header must carry "Bearer <apiToken>" */
  readonly authHeader: 'Authorization' | 'Authentication' | 'either';
  /**
   * The next `times` (default 1) requests of `operation` fail with `fault`. applied (default true for
   * pay, prepare and refund, false for status): the request is carried out before the failure is
   * answered, as when it reached the gateway but its answer was lost. "unauthorized" is never applied.
   */
  failNext(operation: BeeshopOperation, fault: BeeshopSimFault, options?: { times?: number; applied?: boolean }): void;
  /**
   * The next request of `operation` is carried out and its answer lost (`fault`, default http500);
   * from then on an identical repeat of a number this simulator already has is refused, as a gateway
   * that takes each number only once would refuse it: a repeated refund of an order amendment with 404 NOT_FOUND, a repeated prepare of an order_id with 409 ORDER_ID_USED.
   * Status queries keep answering the truth.
   */
  loseThenRefuseRepeats(operation: 'prepare' | 'refund', fault?: 'http500' | 'reset'): void;
  /** how the next new prepared order behaves on status checks (queued, one per new order; default manual) */
  scriptNextOrder(script: BeeshopOrderScript): void;
  /** how the next new refund behaves (queued, one per new refund; default succeed) */
  scriptNextRefund(script: BeeshopRefundScript): void;
  /** whether the next new /pay card payment succeeds (queued; default succeed) */
  scriptNextCardPayment(outcome: CardPaymentScript): void;
  /** what the micro merchant does before a refund: an order amendment of a paid order; returns its id */
  createAmendment(outTradeNo: string, amountMinor: number): string;
  /** pay(outTradeNo) / decline(outTradeNo); rejects for an unknown order */
  readonly buyer: BuyerSimulator;
  order(outTradeNo: string): BeeshopSimOrderView | undefined;
  refunds(outTradeNo?: string): BeeshopSimRefundView[];
  /** every request, faulty ones included, in arrival order */
  readonly received: ReadonlyArray<BeeshopReceivedRequest>;
  /** forget orders, amendments, refunds, faults, scripts and received requests */
  reset(): void;
}

export interface BeeshopSimulatorOptions {
  credentials?: Partial<BeeshopSimulator['credentials']>;
  /** default "Authorization"; "either" accepts both of the seed's names */
  authHeader?: BeeshopSimulator['authHeader'];
  clock?: Clock;
  logger?: Logger;
}

export const DEFAULT_SIM_MICRO_MERCHANT_ID = 'mm-training-0001';
const MAX_BODY_BYTES = 64 * 1024;

type Answer = { status: number; body: unknown; headers?: Record<string, string> };

const ok = (body: unknown): Answer => ({ status: 200, body });
const fail = (status: number, code: string, message: string): Answer => ({ status, body: { code, message } });
/** The seed's 401 has an empty body. */
const unauthorized = (): Answer => ({ status: 401, body: undefined, headers: { 'WWW-Authenticate': 'Bearer' } });

// Request bodies, strictly typed: a string amount, a missing field or an unknown provider is a 422.
const orderId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, '1 to 64 letters, digits, - or _');
const amount = z.number().positive();
const currency = z.string().regex(/^[A-Z]{3}$/, 'an ISO 4217 code');
const description = z.string().min(1).max(256);
const prepareRequest = z.object({
  order_id: orderId,
  payment_provider: z.enum(PREPARE_PROVIDERS),
  total_amount: amount,
  currency,
  description,
  device_type: z.enum(['web', 'mobile']),
  return_url: z.url({ protocol: /^https?$/ }).nullable().optional(),
});
const payRequest = z
  .object({
    order_id: orderId,
    payment_provider: z.string().regex(/^[A-Z][A-Z0-9_]{1,31}$/, 'an upper-case provider name'),
    total_amount: amount,
    currency,
    description,
    payment_token: z.string().min(4).max(512).optional(),
    card_number: z.string().regex(/^\d{12,19}$/).optional(),
    expiry_date: z.string().regex(/^\d{4}$/, 'YYMM').optional(),
    cvd: z.string().regex(/^\d{3,4}$/).optional(),
  })
  .refine(
    (b) =>
      b.payment_token !== undefined
        ? b.card_number === undefined && b.expiry_date === undefined && b.cvd === undefined
        : b.card_number !== undefined && b.expiry_date !== undefined && b.cvd !== undefined,
    { message: 'either payment_token, or card_number + expiry_date + cvd' },
  );
const refundRequest = z.object({
  order_id: orderId,
  order_amendment_id: z.string().regex(/^[A-Za-z0-9._~:-]{1,64}$/),
  total_amount: amount,
  currency,
  description: z.string().max(256),
});

function invalid(error: z.ZodError): Answer {
  const issue = error.issues[0];
  const where = issue && issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
  return fail(422, BEESHOP_ERR.INVALID_INPUT, `${where}${issue?.message ?? 'invalid input'}`);
}

/** A JSON number in the currency's minor digits, or why not. */
function readAmount(value: number, code: string): { ok: true; minor: number } | { ok: false; answer: Answer } {
  try {
    const money = fromWireAmount(value, code);
    if (money.minor <= 0) throw new RangeError('not above zero');
    return { ok: true, minor: money.minor };
  } catch {
    return { ok: false, answer: fail(422, BEESHOP_ERR.INVALID_INPUT, `total_amount ${value} is not a valid ${code} amount`) };
  }
}

const CARD_KEYS = new Set(['card_number', 'cvd', 'expiry_date']);

/** The body as `received` keeps it: card data masked (a simulator stores no card number either). */
function forRecord(value: unknown): unknown {
  if (!isRecord(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [key, entry] of Object.entries(value)) {
    out[key] = CARD_KEYS.has(key) && typeof entry === 'string' ? (key === 'card_number' ? `****${entry.slice(-4)}` : '****') : entry;
  }
  return out;
}

interface FaultEntry {
  fault: BeeshopSimFault;
  remaining: number;
  applied: boolean;
}

type Route = { operation: 'pay' | 'prepare' } | { operation: 'status'; orderId: string; orderPaymentId: string } | { operation: 'refund'; microMerchantId: string };

const STATUS_PATH = /^\/pay\/status\/order\/([^/]+)\/payment\/([^/]+)$/;
const REFUND_PATH = /^\/refund\/micromerchant\/([^/]+)$/;

function route(path: string): Route | undefined {
  try {
    if (path === BEESHOP_PATHS.pay) return { operation: 'pay' };
    if (path === BEESHOP_PATHS.prepare) return { operation: 'prepare' };
    const status = STATUS_PATH.exec(path);
    if (status?.[1] && status[2]) return { operation: 'status', orderId: decodeURIComponent(status[1]), orderPaymentId: decodeURIComponent(status[2]) };
    const refund = REFUND_PATH.exec(path);
    if (refund?.[1]) return { operation: 'refund', microMerchantId: decodeURIComponent(refund[1]) };
  } catch {
    return undefined; // a malformed %-escape
  }
  return undefined;
}

export function createBeeshopSimulator(options: BeeshopSimulatorOptions = {}): BeeshopSimulator & MountableSimulator {
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? silentLogger;
  const credentials = Object.freeze({
    apiToken: options.credentials?.apiToken ?? `bst_${randomBytes(18).toString('base64url')}`,
    microMerchantId: options.credentials?.microMerchantId ?? DEFAULT_SIM_MICRO_MERCHANT_ID,
  });
  const authHeader = options.authHeader ?? 'Authorization';
  const book = new SimBook(() => clock.now());
  const faults = new Map<BeeshopOperation, FaultEntry[]>();
  const received: BeeshopReceivedRequest[] = [];
  const held = new Set<ServerResponse>();
  const refusingRepeats = new Set<BeeshopOperation>();

  function takeFault(operation: BeeshopOperation): FaultEntry | undefined {
    const queue = faults.get(operation);
    const entry = queue?.[0];
    if (queue === undefined || entry === undefined) return undefined;
    entry.remaining -= 1;
    if (entry.remaining <= 0) queue.shift();
    return entry;
  }

  function authorized(request: IncomingMessage): boolean {
    const names = authHeader === 'either' ? ['authorization', 'authentication'] : [authHeader.toLowerCase()];
    return names.some((name) => {
      const value = request.headers[name];
      return typeof value === 'string' && value === `Bearer ${credentials.apiToken}`;
    });
  }

  const wire = (minor: number, code: string) => toWireNumber({ minor, currency: code });

  function paymentDocument(order: SimOrder): PaymentAnswerWire {
    return {
      payment_id: order.orderPaymentId,
      payment_gateway: order.source === 'card' ? 'Spreedly' : 'Beeshop Simulator',
      payment_provider: order.provider,
      external_payment_id: order.externalPaymentId,
      total_amount: wire(order.amountMinor, order.currency),
      currency: order.currency,
      order_id: order.orderId,
      status: order.status,
      updated_at: order.updatedAt,
      extra_info_from_gateway: order.extraInfo,
      gateway_type: 'test',
      trans_id: null,
      external_transaction_settle_time: order.settledAt ?? null,
      id: order.documentId,
      document_type: 'payment',
    };
  }

  function refundDocument(refund: SimRefund, order: SimOrder): RefundAnswerWire {
    return {
      refund_id: refund.refundId,
      refund_gateway: order.source === 'card' ? 'Spreedly' : 'Beeshop Simulator',
      refund_provider: order.provider,
      external_refund_id: refund.externalRefundId,
      total_amount: wire(refund.amountMinor, refund.currency),
      currency: refund.currency,
      order_id: refund.orderId,
      order_amendment_id: refund.amendmentId,
      status: refund.status,
      updated_at: refund.updatedAt,
      extra_info_from_gateway: refund.status === 'failed' ? 'Refund declined by the provider' : null,
      original_payment_id: order.orderPaymentId,
      original_external_payment_id: order.externalPaymentId,
      description: refund.description,
      external_transaction_settle_time: refund.settledAt ?? null,
      id: refund.documentId,
      document_type: 'refund',
    };
  }

  function prepare(body: Record<string, unknown>): Answer {
    const parsed = prepareRequest.safeParse(body);
    if (!parsed.success) return invalid(parsed.error);
    const request = parsed.data;
    // seed: "Unionpay (web only)"
    if (request.payment_provider === 'UNIONPAY' && request.device_type !== 'web') {
      return fail(422, BEESHOP_ERR.INVALID_INPUT, 'device_type: UnionPay is web only');
    }
    // seed: "Wechat pay (mobile only)"
    if (request.payment_provider === 'WECHAT' && request.device_type !== 'mobile') {
      return fail(422, BEESHOP_ERR.INVALID_INPUT, 'device_type: WeChat Pay is mobile only');
    }
    const money = readAmount(request.total_amount, request.currency);
    if (!money.ok) return money.answer;
    const opened = book.open(
      {
        orderId: request.order_id,
        source: 'prepare',
        provider: request.payment_provider,
        deviceType: request.device_type,
        amountMinor: money.minor,
        currency: request.currency,
        description: request.description,
      },
      toDecimalString({ minor: money.minor, currency: request.currency }),
    );
    if (opened.kind === 'conflict') return fail(409, BEESHOP_ERR.ORDER_ID_USED, opened.message);
    if (opened.kind === 'repeated' && refusingRepeats.has('prepare')) return fail(409, BEESHOP_ERR.ORDER_ID_USED, `order_id ${request.order_id} is already used`);
    const { order } = opened;
    const answer: PrepareAnswerWire = {
      order_payment_id: order.orderPaymentId,
      order_id: order.orderId,
      payment_provider: request.payment_provider,
      total_amount: wire(order.amountMinor, order.currency),
      currency: order.currency,
      description: order.description,
      external_payment_id: order.externalPaymentId,
      payment_token: order.paymentToken,
      second_payment_token: order.secondPaymentToken,
    };
    return ok(answer);
  }

  function pay(body: Record<string, unknown>): Answer {
    const parsed = payRequest.safeParse(body);
    if (!parsed.success) return invalid(parsed.error);
    const request = parsed.data;
    const money = readAmount(request.total_amount, request.currency);
    if (!money.ok) return money.answer;
    const opened = book.open(
      {
        orderId: request.order_id,
        source: 'card',
        provider: request.payment_provider,
        amountMinor: money.minor,
        currency: request.currency,
        description: request.description,
      },
      toDecimalString({ minor: money.minor, currency: request.currency }),
    );
    if (opened.kind === 'conflict') return fail(409, BEESHOP_ERR.ORDER_ID_USED, opened.message);
    const { order } = opened;
    if (opened.kind === 'created' && order.status === 'succeeded') {
      // the seed's "extra_info_from_gateway": BIN and last 4 digits, never the whole number
      const digits = request.card_number ?? '4111111111111111';
      order.extraInfo = `${digits.slice(0, 6)} - ${digits.slice(-4)}`;
    }
    return ok(paymentDocument(order));
  }

  function status(target: { orderId: string; orderPaymentId: string }): Answer {
    const order = book.check(target.orderId, target.orderPaymentId);
    if (order === undefined) return fail(404, BEESHOP_ERR.NOT_FOUND, 'no such order payment');
    return ok(paymentDocument(order));
  }

  function refund(target: { microMerchantId: string }, body: Record<string, unknown>): Answer {
    // seed: "Refund can only be executed as a micro merchant who owns the Campaign"
    if (target.microMerchantId !== credentials.microMerchantId) {
      return fail(403, BEESHOP_ERR.FORBIDDEN, `micro merchant ${target.microMerchantId} does not own these orders`);
    }
    const parsed = refundRequest.safeParse(body);
    if (!parsed.success) return invalid(parsed.error);
    const request = parsed.data;
    const money = readAmount(request.total_amount, request.currency);
    if (!money.ok) return money.answer;
    const result = book.refund({
      orderId: request.order_id,
      amendmentId: request.order_amendment_id,
      amountMinor: money.minor,
      currency: request.currency,
      description: request.description,
    });
    if (result.kind === 'refused') return fail(result.status, result.code, result.message);
    if (result.repeated && refusingRepeats.has('refund')) return fail(404, BEESHOP_ERR.NOT_FOUND, `no open order amendment ${request.order_amendment_id}`);
    const order = book.get(result.refund.orderId);
    if (order === undefined) return fail(500, BEESHOP_ERR.INTERNAL_ERROR, 'refund without an order');
    return ok(refundDocument(result.refund, order));
  }

  function answer(target: Route, request: IncomingMessage, rawBody: string): Answer {
    if (target.operation === 'status') return status(target);
    if (!isJsonContentType(request.headers)) return fail(415, BEESHOP_ERR.UNSUPPORTED_MEDIA_TYPE, 'Content-Type must be application/json');
    const parsed = parseJson(rawBody);
    if (!parsed.ok || !isRecord(parsed.value)) return fail(422, BEESHOP_ERR.INVALID_INPUT, 'the body must be a JSON object');
    switch (target.operation) {
      case 'prepare':
        return prepare(parsed.value);
      case 'pay':
        return pay(parsed.value);
      case 'refund':
        return refund(target, parsed.value);
    }
  }

  function send(response: ServerResponse, result: Answer): void {
    const text = result.body === undefined ? '' : JSON.stringify(result.body);
    const headers: Record<string, string | number> = { 'Content-Length': Buffer.byteLength(text), ...result.headers };
    if (result.body !== undefined) headers['Content-Type'] = 'application/json; charset=utf-8';
    response.writeHead(result.status, headers);
    response.end(text);
  }

  function applyFault(fault: BeeshopSimFault, request: IncomingMessage, response: ServerResponse): void {
    switch (fault) {
      case 'http500':
        response.writeHead(500, { 'Content-Type': 'text/plain' });
        response.end('Internal Server Error');
        return;
      case 'hang':
        held.add(response);
        response.on('close', () => held.delete(response));
        return;
      case 'reset':
        request.socket.destroy();
        return;
      case 'malformed': {
        const text = '{"order_payment_id": "998fa09c-683e-4bba-a95a-9a15d37';
        response.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
        response.end(text);
        return;
      }
      case 'unauthorized':
        send(response, unauthorized());
        return;
    }
  }

  function serve(request: IncomingMessage, response: ServerResponse, path: string, rawBody: string, tooLarge: boolean): void {
    const target = route(path);
    const parsed = rawBody === '' ? undefined : parseJson(rawBody);
    received.push({
      operation: target?.operation ?? 'unknown',
      method: request.method ?? '',
      path,
      headers: { ...request.headers },
      body: parsed === undefined ? undefined : parsed.ok ? forRecord(parsed.value) : rawBody,
    });
    if (target === undefined) return send(response, fail(404, BEESHOP_ERR.NOT_FOUND, `nothing at ${path}`));
    const method = target.operation === 'status' ? 'GET' : 'POST';
    if (request.method !== method) return send(response, { ...fail(405, BEESHOP_ERR.METHOD_NOT_ALLOWED, `use ${method}`), headers: { Allow: method } });
    if (!authorized(request)) return send(response, unauthorized());
    if (tooLarge) return send(response, fail(413, BEESHOP_ERR.INVALID_INPUT, 'the body is too large'));
    const fault = takeFault(target.operation);
    if (fault !== undefined && !fault.applied) return applyFault(fault.fault, request, response);
    const result = answer(target, request, rawBody);
    if (fault !== undefined) return applyFault(fault.fault, request, response);
    send(response, result);
  }

  function view(order: SimOrder): BeeshopSimOrderView {
    return {
      orderPaymentId: order.orderPaymentId,
      status: order.status,
      amountMinor: order.amountMinor,
      currency: order.currency,
      provider: order.provider,
      source: order.source,
      deviceType: order.deviceType,
      paymentToken: order.paymentToken,
      secondPaymentToken: order.secondPaymentToken,
      creates: order.creates,
      checks: order.checks,
      refundedMinor: book
        .refundsOf(order.orderId)
        .filter((r) => r.status === 'succeeded')
        .reduce((sum, r) => sum + r.amountMinor, 0),
    };
  }

  const simulator: BeeshopSimulator & MountableSimulator = {
    credentials,
    authHeader,

    failNext(operation, fault, failOptions = {}) {
      const times = Math.max(1, Math.floor(failOptions.times ?? 1));
      const applied = fault === 'unauthorized' ? false : (failOptions.applied ?? BEESHOP_CREATE_OPERATIONS.has(operation));
      const queue = faults.get(operation) ?? [];
      queue.push({ fault, remaining: times, applied });
      faults.set(operation, queue);
    },

    loseThenRefuseRepeats(operation, fault = 'http500') {
      simulator.failNext(operation, fault, { applied: true });
      refusingRepeats.add(operation);
    },

    scriptNextOrder: (script) => book.scriptNextOrder(script),
    scriptNextRefund: (script) => book.scriptNextRefund(script),
    scriptNextCardPayment: (outcome) => book.scriptNextCardPayment(outcome),
    createAmendment: (outTradeNo, amountMinor) => book.createAmendment(outTradeNo, amountMinor),

    buyer: {
      pay: async (outTradeNo: string) => book.pay(outTradeNo),
      decline: async (outTradeNo: string) => book.decline(outTradeNo),
    },

    order(outTradeNo) {
      const order = book.get(outTradeNo);
      return order === undefined ? undefined : view(order);
    },

    refunds(outTradeNo) {
      return book.refundsOf(outTradeNo).map((r) => ({
        refundId: r.refundId,
        orderId: r.orderId,
        orderAmendmentId: r.amendmentId,
        amountMinor: r.amountMinor,
        status: r.status,
        answers: r.answers,
      }));
    },

    get received() {
      return received;
    },

    reset() {
      book.reset();
      faults.clear();
      refusingRepeats.clear();
      received.length = 0;
      for (const response of held) response.destroy();
      held.clear();
    },

    handle(request, response, path) {
      const chunks: Buffer[] = [];
      let size = 0;
      request.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size <= MAX_BODY_BYTES) chunks.push(chunk);
      });
      request.on('end', () => {
        try {
          serve(request, response, path, Buffer.concat(chunks).toString('utf8'), size > MAX_BODY_BYTES);
        } catch (error) {
          logger.error('beeshop simulator failed', { error });
          if (!response.headersSent) send(response, fail(500, BEESHOP_ERR.INTERNAL_ERROR, 'simulator error'));
        }
      });
      request.on('error', () => response.destroy());
    },

    close() {
      for (const response of held) response.destroy();
      held.clear();
    },
  };
  return simulator;
}
