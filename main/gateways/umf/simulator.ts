// The UMF protocol served in-process, for training mode and tests: the same paths, OAuth token flow
// (tokens that really expire, and a new token disables the old one), Signature header checked with
// the merchant's public key, answers signed with the simulator's own key, field names, amount
// formats and states as the client uses, all checked strictly (a simulator that accepts anything
// proves nothing). Mount handle() under a prefix (serveSimulators).
import { generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { fromWireAmount, toDecimalString, type Money } from '../../../shared/money';
import { silentLogger, systemClock, type BuyerSimulator, type Clock, type Logger } from '../../core/ports';
import { isJsonContentType, isRecord, parseJson } from '../http';
import type { MountableSimulator } from '../simulator-mount';
import {
  DEFAULT_QR_PAYMENT_TYPES,
  MER_DATE_PATTERN,
  OUT_TRADE_NO_PATTERN,
  RET,
  UMF_CHANGING_OPERATIONS,
  UMF_METHODS,
  type PaymentSummaryWire,
  type RefundSummaryWire,
  type UmfOperation,
  type WireLink,
} from './protocol';
import { UmfSimBook, cnyOf, type SimPayment, type SimRefund, type UmfOrderScript, type UmfRefundScript } from './sim-book';
import { DEFAULT_SERVICE_FEE_RATE, pageOf, statementOf } from './sim-statement';
import { loadPrivateKey, loadPublicKey, signAnswer, signBytes, verifyBytes, type UmfSignatureAlgorithm } from './signature';

export type { UmfOperation } from './protocol';
export type { UmfOrderScript, UmfRefundScript } from './sim-book';
export type { MountableSimulator } from '../simulator-mount';

export type UmfSimFault = 'http500' | 'hang' | 'reset' | 'malformed' | 'systemBusy' | 'tokenExpired' | 'badSign';

export interface UmfReceivedRequest {
  operation: UmfOperation | 'unknown';
  method: string;
  /** the path after the mount prefix, without the query */
  path: string;
  query: Record<string, string>;
  headers: Record<string, string | string[] | undefined>;
  /** the request-target as received (mount prefix, path and query): what a GET's Signature covers */
  target: string;
  /** the parsed JSON body, or the raw text when it is not JSON ('' for none) */
  body: unknown;
  /** the body exactly as received: what a POST's Signature covers */
  rawBody: string;
}

export interface UmfKeyPair {
  publicKeyPem: string;
  privateKeyPem: string;
}

export interface UmfSimCredentials {
  clientId: string;
  clientSecret: string;
  /** the merchant key pair whose public half verifies requests (the client signs with the private half) */
  merchantPublicKeyPem: string;
  merchantPrivateKeyPem: string;
  /** the simulator's own public key: a client configured with it verifies meta.sign */
  umfPublicKeyPem: string;
}

export interface UmfSimPaymentView {
  paymentId: string;
  outTradeNo: string;
  merDate: string;
  paymentMethod: string;
  state: string;
  /** decimal text, e.g. "100.02" */
  amount: string;
  currency: string;
  qrCode: string | undefined;
  notifyUrl: string | undefined;
  creates: number;
  checks: number;
  /** refunds that succeeded, decimal text */
  refunded: string;
}

export interface UmfSimRefundView {
  refundId: string;
  outRefundNo: string;
  paymentId: string;
  merDate: string;
  amount: string;
  state: string;
  creates: number;
  checks: number;
}

/** The control API, and MountableSimulator (handle/close) so it can be mounted as it is. */
export interface UmfSimulator extends MountableSimulator {
  readonly credentials: UmfSimCredentials;
  readonly signatureAlgorithm: UmfSignatureAlgorithm;
  /** lifetime of tokens issued from now on; default 3_600_000 (the seed's expires_in 3600) */
  tokenLifetimeMs: number;
  /**
   * The next `times` (default 1) requests of `operation` fail with `fault`. applied (default true for
   * operations that change something: createPayment, refund): the request is carried out before the failure is answered, as when UMF got the
   * request but its answer was lost. tokenExpired is never applied.
   */
  failNext(operation: UmfOperation, fault: UmfSimFault, options?: { times?: number; applied?: boolean }): void;
  /**
   * The next request of `operation` is carried out and its answer lost (`fault`, default http500);
   * from then on an identical repeat of a number this simulator already has is refused, as a gateway
   * that takes each number only once would refuse it: a repeated create with ret_code DUPLICATE_ORDER, a repeated refund with DUPLICATE_REFUND.
   * Status queries keep answering the truth.
   */
  loseThenRefuseRepeats(operation: 'createPayment' | 'refund', fault?: 'http500' | 'reset'): void;
  /** The script of the next new QR order (queued, one per new order). */
  scriptNextOrder(script: UmfOrderScript): void;
  /** The script of the next new refund (queued, one per new refund). */
  scriptNextRefund(script: UmfRefundScript): void;
  /** pay(outTradeNo) / decline(outTradeNo); rejects for an unknown order */
  readonly buyer: BuyerSimulator;
  order(outTradeNo: string): UmfSimPaymentView | undefined;
  refund(outRefundNo: string): UmfSimRefundView | undefined;
  /** lines added to the transaction list of a mer_date (for reconciliation tests with planted differences) */
  addTransactions(merDate: string, lines: { payments?: PaymentSummaryWire[]; refunds?: RefundSummaryWire[] }): void;
  /** the rate answered for a currency (CNY per unit, exact text) */
  setExchangeRate(currency: string, rate: string): void;
  /** tokens issued so far */
  readonly tokensIssued: number;
  /** the access tokens issued so far, in order (replaced and expired ones too): for tests that search for leaks */
  readonly issuedTokens: ReadonlyArray<string>;
  /** every request, faulty ones included, in arrival order */
  readonly received: ReadonlyArray<UmfReceivedRequest>;
  /** forget payments, refunds, tokens, faults, scripts, planted lines and requests; lifetimes and rates back to their defaults */
  reset(): void;
}

export interface UmfSimulatorOptions {
  clientId?: string;
  clientSecret?: string;
  /** the merchant key pair (default: generated, 2048-bit); requests must be signed with its private half */
  merchantKeys?: UmfKeyPair;
  /** the simulator's own key pair (default: generated, 2048-bit) */
  umfKeys?: UmfKeyPair;
  signatureAlgorithm?: UmfSignatureAlgorithm;
  /** payer.payment_method wire names it takes for QR payments */
  qrPaymentTypes?: { wechat: string; alipay: string };
  tokenLifetimeMs?: number;
  /** largest page_size served; default 500 */
  maxPageSize?: number;
  /** the reconciliation statement's service fee, a fraction of each payment's CNY amount; default "0.006" */
  serviceFeeRate?: string;
  clock?: Clock;
  logger?: Logger;
}

export const DEFAULT_UMF_SIM_TOKEN_LIFETIME_MS = 3_600_000;
export const DEFAULT_UMF_SIM_RATES: Readonly<Record<string, string>> = { USD: '6.9023', EUR: '7.5312', HKD: '0.8841', JPY: '0.0481', GBP: '8.7724' };
const MAX_BODY_BYTES = 64 * 1024;

/** A fresh 2048-bit RSA key pair as PEM (SPKI public, PKCS#8 private). */
export function generateUmfKeyPair(): UmfKeyPair {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  return { publicKeyPem: publicKey, privateKeyPem: privateKey };
}

type Answer = { status: number; body: Record<string, unknown>; signed: boolean };

const meta = (code: string, message: string) => ({ ret_code: code, ret_msg: message, sign: '' });
const ok = (body: Record<string, unknown>): Answer => ({ status: 200, body: { meta: meta(RET.SUCCESS, 'Success'), ...body }, signed: true });
const fail = (status: number, code: string, message: string): Answer => ({ status, body: { meta: meta(code, message) }, signed: true });

// ---- request bodies, strictly typed -----------------------------------------------------------
const decimalText = z.string().regex(/^\d+(?:\.\d+)?$/, 'a decimal string such as "100.02"');
const currency = z.string().regex(/^[A-Z]{3}$/, 'an ISO 4217 code');
const amountSchema = z.object({ total: decimalText, currency });
const merReference = z.string().regex(OUT_TRADE_NO_PATTERN, '6 to 32 letters, digits, - or _');
const merDate = z.string().regex(MER_DATE_PATTERN, 'YYYYMMDD');
const url = z.url({ protocol: /^https?$/ });

const tokenRequest = z.object({ client_id: z.string().min(1), client_secret: z.string().min(1), grant_type: z.literal('client_credentials') });
const createRequest = z.object({
  payer: z.object({ payment_method: z.string().min(1) }),
  order: z.object({
    mer_reference_id: merReference,
    mer_date: merDate,
    amount: amountSchema,
    order_summary: z.string().min(1).max(128),
    expire_time: z.string().regex(/^\d{1,6}$/).optional(),
    sub_orders: z.array(z.unknown()).optional(),
  }),
  notify_url: url.optional(),
  risk_info: z.record(z.string(), z.unknown()).optional(),
});
const refundRequest = z.object({
  org_amount: amountSchema,
  orders: z.array(z.object({ mer_reference_id: merReference, mer_date: merDate, amount: amountSchema, sub_orders: z.array(z.unknown()).optional() })).length(1),
  notify_url: url.optional(),
});
function paramError(error: z.ZodError): Answer {
  const issue = error.issues[0];
  const where = issue && issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
  return fail(400, RET.PARAM_INVALID, `Failed to verify parameter: ${where}${issue?.message ?? 'invalid request'}`);
}

interface FaultEntry {
  fault: UmfSimFault;
  remaining: number;
  applied: boolean;
}

interface Route {
  operation: UmfOperation;
  id?: string;
}

/** Which operation a path names (any method), and the id in it. */
function route(path: string): Route | undefined {
  const parts = path.split('/').filter((p) => p !== '');
  const [a, b, c, d] = parts.map((p) => {
    try {
      return decodeURIComponent(p);
    } catch {
      return p;
    }
  });
  if (parts.length === 2 && a === 'oauth' && b === 'authorize') return { operation: 'token' };
  if (parts.length === 1 && a === 'exchange_rate') return { operation: 'exchangeRate' };
  if (a !== 'payments') return undefined;
  if (parts.length === 2 && b === 'payment') return { operation: 'createPayment' };
  if (parts.length === 2 && b === 'transactions') return { operation: 'transactions' };
  if (parts.length === 2 && b === 'reconciliation_statement') return { operation: 'reconciliationStatement' };
  if (parts.length === 3 && b === 'payment' && c) return { operation: 'queryPayment', id: c };
  if (parts.length === 3 && b === 'refund' && c) return { operation: 'queryRefund', id: c };
  if (parts.length === 4 && b === 'payment' && c && d === 'refund') return { operation: 'refund', id: c };
  return undefined;
}

export function createUmfSimulator(options: UmfSimulatorOptions = {}): UmfSimulator {
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? silentLogger;
  const algorithm = options.signatureAlgorithm ?? 'RSA-SHA256';
  const defaultLifetime = options.tokenLifetimeMs ?? DEFAULT_UMF_SIM_TOKEN_LIFETIME_MS;
  const maxPageSize = options.maxPageSize ?? 500;
  const serviceFeeRate = options.serviceFeeRate ?? DEFAULT_SERVICE_FEE_RATE;
  const qrTypes = options.qrPaymentTypes ?? DEFAULT_QR_PAYMENT_TYPES;
  const merchantKeys = options.merchantKeys ?? generateUmfKeyPair();
  const umfKeys = options.umfKeys ?? generateUmfKeyPair();
  const merchantKey: KeyObject = loadPublicKey(merchantKeys.publicKeyPem);
  const umfPrivateKey: KeyObject = loadPrivateKey(umfKeys.privateKeyPem);
  const credentials: UmfSimCredentials = Object.freeze({
    clientId: options.clientId ?? `umf-training-${randomBytes(4).toString('hex')}`,
    clientSecret: options.clientSecret ?? randomBytes(20).toString('hex'),
    merchantPublicKeyPem: merchantKeys.publicKeyPem,
    merchantPrivateKeyPem: merchantKeys.privateKeyPem,
    umfPublicKeyPem: umfKeys.publicKeyPem,
  });

  const book = new UmfSimBook(() => clock.now());
  const rates = new Map<string, string>(Object.entries(DEFAULT_UMF_SIM_RATES));
  let active: { token: string; expires: number } | undefined;
  let tokensIssued = 0;
  const issuedTokens: string[] = [];
  const faults = new Map<UmfOperation, FaultEntry[]>();
  const refusingRepeats = new Set<UmfOperation>();
  const received: UmfReceivedRequest[] = [];
  const held = new Set<ServerResponse>();
  const now = () => clock.now().getTime();

  function takeFault(operation: UmfOperation): FaultEntry | undefined {
    const queue = faults.get(operation);
    const entry = queue?.[0];
    if (queue === undefined || entry === undefined) return undefined;
    entry.remaining -= 1;
    if (entry.remaining <= 0) queue.shift();
    return entry;
  }

  // ---- checks -------------------------------------------------------------------------------

  function checkToken(request: IncomingMessage): Answer | undefined {
    const header = request.headers.authorization;
    const match = typeof header === 'string' ? /^Bearer\s+(\S+)$/.exec(header) : null;
    if (!match?.[1]) return fail(401, RET.TOKEN_INVALID, 'Authorization: Bearer <access_token> is required');
    if (active === undefined || match[1] !== active.token) return fail(401, RET.TOKEN_INVALID, 'unknown or replaced access token');
    if (now() >= active.expires) return fail(401, RET.TOKEN_EXPIRED, 'the access token has expired');
    return undefined;
  }

  function checkSignature(request: IncomingMessage, raw: Buffer): Answer | undefined {
    const header = request.headers.signature;
    if (typeof header !== 'string' || header.trim() === '') return fail(400, RET.SIGNATURE_INVALID, 'the Signature header is missing');
    // POST: the body bytes; GET: the request-target as received (path + query)
    const bytes = request.method === 'GET' ? Buffer.from(request.url ?? '', 'utf8') : raw;
    if (!verifyBytes(bytes, header, merchantKey, algorithm)) return fail(400, RET.SIGNATURE_INVALID, 'the Signature does not verify with the merchant public key');
    return undefined;
  }

  function parseAmount(amount: { total: string; currency: string }): Money | undefined {
    try {
      const parsed = fromWireAmount(amount.total, amount.currency);
      return parsed.minor > 0 ? parsed : undefined;
    } catch {
      return undefined;
    }
  }

  const decimal = (amount: Money) => toDecimalString(amount);

  // ---- answers ------------------------------------------------------------------------------

  function paymentLinks(base: string, payment: SimPayment): WireLink[] {
    const self = `${base}/payments/payment/${payment.paymentId}`;
    const list: WireLink[] = [{ ref: 'self', method: 'GET', href: self }];
    if (payment.state === 'TRADE_SUCCESS') list.push({ ref: 'refund', method: 'POST', href: `${self}/refund` });
    return list;
  }

  function paymentObject(payment: SimPayment): Record<string, unknown> {
    const rate = rates.get(payment.amount.currency);
    const cny = cnyOf(payment.amount, rate);
    const amount: Record<string, unknown> = { total: decimal(payment.amount), currency: payment.amount.currency };
    if (cny !== undefined) amount.total_cny = cny;
    if (payment.amount.currency !== 'CNY' && rate !== undefined) amount.exchange_rate = { rate, currency: payment.amount.currency };
    const order: Record<string, unknown> = {
      mer_reference_id: payment.outTradeNo,
      mer_date: payment.merDate,
      amount,
      order_summary: payment.orderSummary,
      expire_time: payment.expireTime ?? '',
    };
    const object: Record<string, unknown> = {
      id: payment.paymentId,
      state: payment.state,
      payer: { payment_method: payment.paymentMethod },
      order,
    };
    if (payment.qrCode !== undefined) object.qr_code = payment.qrCode;
    if (payment.notifyUrl !== undefined) object.notify_url = payment.notifyUrl;
    if (payment.successTime !== undefined) object.execute_success_time = payment.successTime;
    if (payment.settleDate !== undefined) object.settle_date = payment.settleDate;
    return object;
  }

  function refundObject(refund: SimRefund): Record<string, unknown> {
    return {
      payment_id: refund.paymentId,
      state: refund.state,
      orders: [{ mer_reference_id: refund.outRefundNo, mer_date: refund.merDate, amount: { total: decimal(refund.amount), currency: refund.amount.currency } }],
    };
  }

  function refundLinks(base: string, refund: SimRefund): WireLink[] {
    return [
      { ref: 'parent_payment', method: 'GET', href: `${base}/payments/payment/${refund.paymentId}` },
      { ref: 'self', method: 'GET', href: `${base}/payments/refund/${refund.refundId}` },
    ];
  }

  // ---- operations ---------------------------------------------------------------------------

  function issueToken(body: Record<string, unknown>): Answer {
    const parsed = tokenRequest.safeParse(body);
    if (!parsed.success) return paramError(parsed.error);
    if (parsed.data.client_id !== credentials.clientId || parsed.data.client_secret !== credentials.clientSecret) {
      return fail(401, RET.AUTH_FAILED, 'invalid client_id or client_secret');
    }
    tokensIssued += 1;
    // a new token disables the old one at once
    active = { token: randomBytes(32).toString('hex'), expires: now() + simulator.tokenLifetimeMs };
    issuedTokens.push(active.token);
    return { status: 200, body: { expires_in: Math.ceil(simulator.tokenLifetimeMs / 1000), access_token: active.token }, signed: false };
  }

  function createPayment(body: Record<string, unknown>, base: string): Answer {
    const parsed = createRequest.safeParse(body);
    if (!parsed.success) return paramError(parsed.error);
    const { payer, order, notify_url: notifyUrl } = parsed.data;
    const amount = parseAmount(order.amount);
    if (amount === undefined) return fail(400, RET.PARAM_INVALID, `Failed to verify parameter: order.amount.total ${order.amount.total} is not a ${order.amount.currency} amount above zero`);
    const wallet = payer.payment_method === qrTypes.wechat ? 'wechat' : payer.payment_method === qrTypes.alipay ? 'alipay' : undefined;
    if (wallet === undefined) return fail(200, RET.PAYMENT_METHOD_UNSUPPORTED, `payment_method ${payer.payment_method} is not in the merchant's contract`);
    const created = book.createPayment({
      outTradeNo: order.mer_reference_id,
      merDate: order.mer_date,
      paymentMethod: payer.payment_method,
      wallet,
      amount,
      orderSummary: order.order_summary,
      expireTime: order.expire_time,
      notifyUrl,
    });
    if (created.kind === 'refused') return fail(200, created.code, created.message);
    if (created.kind === 'repeated' && refusingRepeats.has('createPayment')) return fail(200, RET.DUPLICATE_ORDER, 'mer_reference_id is already used');
    return ok({ payment: paymentObject(created.payment), links: paymentLinks(base, created.payment) });
  }

  function queryPayment(id: string, base: string): Answer {
    const payment = book.check(id);
    if (payment === undefined) return fail(404, RET.PAYMENT_NOT_FOUND, `no payment ${id}`);
    return ok({ payment: paymentObject(payment), links: paymentLinks(base, payment) });
  }

  function refund(id: string, body: Record<string, unknown>, base: string): Answer {
    const parsed = refundRequest.safeParse(body);
    if (!parsed.success) return paramError(parsed.error);
    const payment = book.payments.get(id);
    if (payment === undefined) return fail(404, RET.PAYMENT_NOT_FOUND, `no payment ${id}`);
    const original = parseAmount(parsed.data.org_amount);
    if (original === undefined || original.currency !== payment.amount.currency || original.minor !== payment.amount.minor) {
      return fail(400, RET.PARAM_INVALID, "Failed to verify parameter: org_amount is not the payment's amount");
    }
    const [order] = parsed.data.orders;
    if (order === undefined) return fail(400, RET.PARAM_INVALID, 'Failed to verify parameter: orders');
    const amount = parseAmount(order.amount);
    if (amount === undefined || amount.currency !== payment.amount.currency) {
      return fail(400, RET.PARAM_INVALID, "Failed to verify parameter: orders[0].amount must be above zero, in the payment's currency");
    }
    const created = book.createRefund(payment, { outRefundNo: order.mer_reference_id, merDate: order.mer_date, amount });
    if (created.kind === 'refused') return fail(200, created.code, created.message);
    if (created.kind === 'repeated' && refusingRepeats.has('refund')) return fail(200, RET.DUPLICATE_REFUND, 'this refund mer_reference_id is already used');
    return ok({ links: refundLinks(base, created.refund), refund: refundObject(created.refund) });
  }

  function queryRefund(id: string, base: string): Answer {
    const found = book.checkRefund(id);
    if (found === undefined) return fail(404, RET.REFUND_NOT_FOUND, `no refund ${id}`);
    return ok({ refunds: [refundObject(found)], links: refundLinks(base, found) });
  }

  const positiveInt = (value: string | undefined, fallback: number): number | undefined => {
    if (value === undefined) return fallback;
    return /^[1-9]\d{0,6}$/.test(value) ? Number(value) : undefined;
  };

  function transactions(query: Record<string, string>): Answer {
    const day = query.mer_date;
    if (day === undefined || !MER_DATE_PATTERN.test(day)) return fail(400, RET.PARAM_INVALID, 'Failed to verify parameter: mer_date (YYYYMMDD) is required');
    const pageNumber = positiveInt(query.page_number, 1);
    const asked = positiveInt(query.page_size, 500);
    if (pageNumber === undefined || asked === undefined) return fail(400, RET.PARAM_INVALID, 'Failed to verify parameter: page_number and page_size are positive numbers');
    const pageSize = Math.min(asked, maxPageSize);
    const list = book.listFor(day, (c) => rates.get(c));
    return ok({ transactions: pageOf(list.payments, list.refunds, pageNumber, pageSize) });
  }

  function reconciliationStatement(query: Record<string, string>): Answer {
    const day = query.settle_date;
    if (day === undefined || !MER_DATE_PATTERN.test(day)) return fail(400, RET.PARAM_INVALID, 'Failed to verify parameter: settle_date (YYYYMMDD) is required');
    const pageNumber = positiveInt(query.page_number, 1);
    const asked = positiveInt(query.page_size, 500);
    if (pageNumber === undefined || asked === undefined) return fail(400, RET.PARAM_INVALID, 'Failed to verify parameter: page_number and page_size are positive numbers');
    const { payments, refunds, ...statement } = statementOf(book, day, { rateOf: (c) => rates.get(c), serviceFeeRate });
    return ok({ reconciliations: { ...statement, ...pageOf(payments, refunds, pageNumber, Math.min(asked, maxPageSize)) } });
  }

  function exchangeRate(query: Record<string, string>): Answer {
    const code = query.currency;
    if (code === undefined || !/^[A-Z]{3}$/.test(code)) return fail(400, RET.PARAM_INVALID, 'Failed to verify parameter: currency');
    const rate = rates.get(code);
    if (rate === undefined) return fail(200, RET.CURRENCY_UNSUPPORTED, `no exchange rate for ${code}`);
    return ok({ exchangeRates: [{ rate, currency: code }] });
  }

  function answer(found: Route, request: IncomingMessage, raw: Buffer, query: Record<string, string>, base: string): Answer {
    const { operation, id = '' } = found;
    const isPost = UMF_METHODS[operation] === 'POST';
    let body: Record<string, unknown> = {};
    if (isPost) {
      if (!isJsonContentType(request.headers)) return fail(415, RET.UNSUPPORTED_MEDIA_TYPE, 'Content-Type must be application/json');
      const parsed = parseJson(raw.toString('utf8'));
      if (!parsed.ok || !isRecord(parsed.value)) return fail(400, RET.PARAM_INVALID, 'Failed to verify parameter: the body must be a JSON object');
      body = parsed.value;
    }
    if (operation === 'token') return issueToken(body);
    const unauthorized = checkToken(request);
    if (unauthorized) return unauthorized;
    const badSignature = checkSignature(request, raw);
    if (badSignature) return badSignature;
    switch (operation) {
      case 'createPayment':
        return createPayment(body, base);
      case 'queryPayment':
        return queryPayment(id, base);
      case 'refund':
        return refund(id, body, base);
      case 'queryRefund':
        return queryRefund(id, base);
      case 'transactions':
        return transactions(query);
      case 'reconciliationStatement':
        return reconciliationStatement(query);
      case 'exchangeRate':
        return exchangeRate(query);
    }
  }

  // ---- the wire -----------------------------------------------------------------------------

  function encode(result: Answer, tamper = false): string {
    if (!result.signed || !isRecord(result.body.meta)) return JSON.stringify(result.body);
    const body = result.body as { meta: Record<string, unknown> } & Record<string, unknown>;
    const text = signAnswer(body, umfPrivateKey, algorithm);
    if (!tamper) return text;
    // a signature that verifies nothing in this answer (valid base64, wrong bytes)
    const wrong = signBytes(Buffer.from(`tampered ${text}`, 'utf8'), umfPrivateKey, algorithm);
    const signed = JSON.parse(text) as { meta: { sign: string } };
    return text.replace(JSON.stringify(signed.meta.sign), JSON.stringify(wrong));
  }

  function send(response: ServerResponse, result: Answer, tamper = false): void {
    const text = encode(result, tamper);
    response.writeHead(result.status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text) });
    response.end(text);
  }

  function applyFault(fault: UmfSimFault, request: IncomingMessage, response: ServerResponse, result: Answer | undefined): void {
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
        const text = '{"meta":{"ret_code":"0000","ret_msg":"Success","sign":"Megf8eerj';
        response.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
        response.end(text);
        return;
      }
      case 'systemBusy':
        send(response, fail(200, RET.SYSTEM_BUSY, 'The system is busy.'));
        return;
      case 'tokenExpired':
        send(response, fail(401, RET.TOKEN_EXPIRED, 'the access token has expired'));
        return;
      case 'badSign':
        send(response, result ?? fail(200, RET.SYSTEM_BUSY, 'The system is busy.'), true);
        return;
    }
  }

  function serve(request: IncomingMessage, response: ServerResponse, path: string, raw: Buffer, tooLarge: boolean): void {
    const target = new URL(request.url ?? '/', 'http://127.0.0.1');
    const query = Object.fromEntries(target.searchParams);
    const prefix = target.pathname.endsWith(path) ? target.pathname.slice(0, target.pathname.length - path.length) : '';
    const base = `http://${request.headers.host ?? '127.0.0.1'}${prefix.replace(/\/+$/, '')}`;
    const found = route(path);
    const rawText = raw.toString('utf8');
    const parsed = parseJson(rawText);
    received.push({
      operation: found?.operation ?? 'unknown',
      method: request.method ?? '',
      path,
      query,
      target: request.url ?? '',
      headers: { ...request.headers },
      body: parsed.ok ? parsed.value : rawText,
      rawBody: rawText,
    });
    if (found === undefined) return send(response, fail(404, RET.NOT_FOUND, `no UMF API at ${path}`));
    if (request.method !== UMF_METHODS[found.operation]) return send(response, fail(405, RET.METHOD_NOT_ALLOWED, `use ${UMF_METHODS[found.operation]}`));
    if (tooLarge) return send(response, fail(413, RET.PARAM_INVALID, 'the body is too large'));
    const fault = takeFault(found.operation);
    if (fault !== undefined && !fault.applied) return applyFault(fault.fault, request, response, undefined);
    const result = answer(found, request, raw, query, base);
    if (fault !== undefined) return applyFault(fault.fault, request, response, result);
    send(response, result);
  }

  const simulator: UmfSimulator = {
    credentials,
    signatureAlgorithm: algorithm,
    tokenLifetimeMs: defaultLifetime,

    loseThenRefuseRepeats(operation, fault = 'http500') {
      simulator.failNext(operation, fault, { applied: true });
      refusingRepeats.add(operation);
    },

    failNext(operation, fault, failOptions = {}) {
      const times = Math.max(1, Math.floor(failOptions.times ?? 1));
      // an expired token is refused before anything is done; a bad sign needs an answer to sign
      const applied = fault === 'tokenExpired' ? false : fault === 'badSign' ? true : (failOptions.applied ?? UMF_CHANGING_OPERATIONS.has(operation));
      const queue = faults.get(operation) ?? [];
      queue.push({ fault, remaining: times, applied });
      faults.set(operation, queue);
    },

    scriptNextOrder(script) {
      book.scriptNextOrder(script);
    },

    scriptNextRefund(script) {
      book.scriptNextRefund(script);
    },

    buyer: {
      pay: async (outTradeNo: string) => book.pay(outTradeNo),
      decline: async (outTradeNo: string) => book.decline(outTradeNo),
    },

    order(outTradeNo) {
      const p = book.byNumber(outTradeNo);
      if (p === undefined) return undefined;
      return {
        paymentId: p.paymentId,
        outTradeNo: p.outTradeNo,
        merDate: p.merDate,
        paymentMethod: p.paymentMethod,
        state: p.state,
        amount: decimal(p.amount),
        currency: p.amount.currency,
        qrCode: p.qrCode,
        notifyUrl: p.notifyUrl,
        creates: p.creates,
        checks: p.checks,
        refunded: decimal({ minor: book.refundedMinor(p), currency: p.amount.currency }),
      };
    },

    refund(outRefundNo) {
      const r = book.refundByNumber(outRefundNo);
      if (r === undefined) return undefined;
      return {
        refundId: r.refundId,
        outRefundNo: r.outRefundNo,
        paymentId: r.paymentId,
        merDate: r.merDate,
        amount: decimal(r.amount),
        state: r.state,
        creates: r.creates,
        checks: r.checks,
      };
    },


    addTransactions(day, lines) {
      if (!MER_DATE_PATTERN.test(day)) throw new Error(`not a mer_date: ${day}`);
      book.plant(day, lines);
    },

    setExchangeRate(code, rate) {
      if (!/^[A-Z]{3}$/.test(code) || !/^\d+(?:\.\d+)?$/.test(rate)) throw new Error(`bad rate ${code} ${rate}`);
      rates.set(code, rate);
    },

    get tokensIssued() {
      return tokensIssued;
    },

    get issuedTokens() {
      return issuedTokens;
    },

    get received() {
      return received;
    },

    reset() {
      book.reset();
      active = undefined;
      tokensIssued = 0;
      issuedTokens.length = 0;
      faults.clear();
      refusingRepeats.clear();
      received.length = 0;
      rates.clear();
      for (const [code, rate] of Object.entries(DEFAULT_UMF_SIM_RATES)) rates.set(code, rate);
      simulator.tokenLifetimeMs = defaultLifetime;
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
          serve(request, response, path, Buffer.concat(chunks), size > MAX_BODY_BYTES);
        } catch (error) {
          logger.error('umf simulator failed', { error });
          if (!response.headersSent) send(response, fail(500, RET.SYSTEM_BUSY, 'simulator error'));
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
