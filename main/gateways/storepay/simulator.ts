// The storepay protocol served in-process, for training mode and tests: the same paths, token flow
// (tokens that really expire), field names, amount format and status values as the client uses,
// checked strictly (a simulator that accepts anything proves nothing). Mount handle() under a prefix.
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { silentLogger, systemClock, type BuyerSimulator, type Clock, type Logger } from '../../core/ports';
import { maskBuyerCode } from '../../logging/redact';
import { isJsonContentType, isRecord, parseJson } from '../http';
import { PtsAuthority } from '../pts/simulator';
import { CREATE_OPERATIONS, DEFAULT_STOREPAY_PATHS, ERR, STOREPAY_OPERATIONS, type StorepayOperation, type StorepayPaths } from './protocol';
import { fail, nativePay, ok, paramError, pay, paymentStatus, refund, refundStatus, tokenRequest, type Answer, type SimStore } from './sim-handlers';
import { SimOrderBook, type OrderScript, type PayMethod, type QuickPayScript } from './sim-orders';
import { SimRefundBook, type RefundScript } from './sim-refunds';

export type { StorepayOperation } from './protocol';
export type { OrderScript, QuickPayScript } from './sim-orders';
export type { RefundScript } from './sim-refunds';

export type SimFault = 'http500' | 'hang' | 'reset' | 'malformed' | 'systemError' | 'bankError' | 'tokenExpired';

export interface ReceivedRequest {
  operation: StorepayOperation | 'unknown';
  path: string;
  headers: Record<string, string | string[] | undefined>;
  /** the parsed body; a buyer's auth_code is kept only masked ("****1234") */
  body: unknown;
}

export interface StorepaySimulatorCredentials {
  /** password scheme */
  user: string;
  password: string;
  /** pts scheme (the PTS "Access Token" document) */
  userId: string;
  safecode: string;
  storeId: string;
  /** native pay (and refunds) */
  serviceId: number;
  /** quick pay (the seed shows 2); refunds take it too */
  scanServiceId: number;
}

export interface SimOrderView {
  status: string;
  amountMinor: number;
  /** '' for quick pay orders */
  qrCode: string;
  creates: number;
  method: PayMethod;
  /** quick pay: the last 4 characters of the buyer's code, all the simulator keeps of it */
  buyerCodeLast4?: string;
  transactionId?: string;
  /** refunds that succeeded, in minor units */
  refundedMinor: number;
}

export interface SimRefundView {
  outTradeNo: string;
  amountMinor: number;
  status: 'SUCCESS' | 'PROCESSING' | 'FAIL';
  /** refund requests that reached this refund: a retried out_refund_no counts here, not as a new refund */
  requests: number;
  checks: number;
  refundId: string;
  errCode?: string;
}

export interface StorepaySimulator {
  readonly credentials: Readonly<StorepaySimulatorCredentials>;
  /** lifetime of password-scheme tokens issued from now on; default 60_000 */
  tokenLifetimeMs: number;
  /** expires_in (seconds) of PTS tokens issued from now on; default 300 (the PTS "Access Token" document's example) */
  ptsTokenExpiresIn: number;
  /**
   * The next `times` (default 1) requests of `operation` fail with `fault`. applied (default true for
   * create operations, false otherwise): the request is carried out before the failure is answered,
   * as when a request reached the gateway but its answer was lost.
   */
  failNext(operation: StorepayOperation, fault: SimFault, options?: { times?: number; applied?: boolean }): void;
  /**
   * The next request of `operation` is carried out and its answer lost (`fault`, default http500);
   * from then on an identical repeat of a number this simulator already has is refused, as a gateway
   * that takes each number only once would refuse it: a repeated native pay with OUT_TRADE_NO_USED, a repeated refund with OUT_REFUND_NO_USED.
   * Status queries keep answering the truth.
   */
  loseThenRefuseRepeats(operation: 'nativePay' | 'refund', fault?: 'http500' | 'reset'): void;
  /** The script of the next new native pay order (queued, one per new order). */
  scriptNextOrder(script: OrderScript): void;
  /** The script of the next new quick pay order (queued); default: paid at once. */
  scriptNextQuickPay(script: QuickPayScript): void;
  /** The script of the next new refund (queued); default: succeeds at once. */
  scriptNextRefund(script: RefundScript): void;
  /** pay(outTradeNo) / decline(outTradeNo); rejects for an unknown order */
  readonly buyer: BuyerSimulator;
  order(outTradeNo: string): SimOrderView | undefined;
  refund(outRefundNo: string): SimRefundView | undefined;
  /** every request, faulty ones included, in arrival order (the latest 5000) */
  readonly received: ReadonlyArray<ReceivedRequest>;
  /** every token issued, password and PTS scheme alike, in order (the latest 5000): for tests that search for leaks */
  readonly issuedTokens: ReadonlyArray<string>;
  /** forget orders, refunds, tokens, random codes, faults, scripts and received requests; lifetimes back to their defaults */
  reset(): void;
}

/** What a simulator server needs to mount a simulator under a prefix. */
import type { MountableSimulator } from '../simulator-mount';
export type { MountableSimulator } from '../simulator-mount';

export interface StorepaySimulatorOptions {
  credentials?: Partial<StorepaySimulatorCredentials>;
  paths?: Partial<StorepayPaths>;
  /** the store's currency: amounts are read and answered in it; default CNY */
  currency?: string;
  tokenLifetimeMs?: number;
  ptsTokenExpiresIn?: number;
  clock?: Clock;
  logger?: Logger;
}

export const DEFAULT_SIM_TOKEN_LIFETIME_MS = 60_000;
export const DEFAULT_SIM_PTS_EXPIRES_IN = 300;
const MAX_BODY_BYTES = 64 * 1024;
const MAX_RECEIVED = 5_000;

function newToken(): string {
  // shaped like the seed's token (a JWT): header.payload
  return `eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzI1NiJ9.${randomBytes(24).toString('base64url')}`;
}

function randomSecret(): string {
  return randomBytes(12).toString('base64url');
}

/** A request body for `received`: the buyer's code masked, like the app's logs do. */
function recordedBody(value: unknown): unknown {
  if (!isRecord(value) || value.auth_code === undefined || value.auth_code === null) return value;
  const code = value.auth_code;
  return { ...value, auth_code: typeof code === 'string' || typeof code === 'number' ? maskBuyerCode(code) : '****' };
}

interface FaultEntry {
  fault: SimFault;
  remaining: number;
  applied: boolean;
}

export function createStorepaySimulator(options: StorepaySimulatorOptions = {}): StorepaySimulator & MountableSimulator {
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? silentLogger;
  const currency = options.currency ?? 'CNY';
  const defaultLifetime = options.tokenLifetimeMs ?? DEFAULT_SIM_TOKEN_LIFETIME_MS;
  const defaultExpiresIn = options.ptsTokenExpiresIn ?? DEFAULT_SIM_PTS_EXPIRES_IN;
  const credentials: Readonly<StorepaySimulatorCredentials> = Object.freeze({
    user: options.credentials?.user ?? 'training',
    password: options.credentials?.password ?? randomSecret(),
    userId: options.credentials?.userId ?? '10001',
    safecode: options.credentials?.safecode ?? randomSecret(),
    storeId: options.credentials?.storeId ?? '109038',
    serviceId: options.credentials?.serviceId ?? 30,
    scanServiceId: options.credentials?.scanServiceId ?? 2,
  });
  const paths: StorepayPaths = { ...DEFAULT_STOREPAY_PATHS, ...options.paths };
  const operationByPath = new Map<string, StorepayOperation>(STOREPAY_OPERATIONS.map((op) => [paths[op], op]));

  const now = () => clock.now().getTime();
  const orders = new SimOrderBook(() => clock.now());
  const refunds = new SimRefundBook(orders);
  const store: SimStore = {
    storeId: credentials.storeId,
    serviceId: credentials.serviceId,
    scanServiceId: credentials.scanServiceId,
    currency,
    orders,
    refunds,
    refusingRepeats: new Set(),
  };
  const tokens = new Map<string, number>(); // token -> expiry (ms since epoch), both schemes
  const issuedTokens: string[] = []; // every token handed out, expired ones too
  const faults = new Map<StorepayOperation, FaultEntry[]>();
  const received: ReceivedRequest[] = [];
  const held = new Set<ServerResponse>();

  function addToken(lifetimeMs: number): string {
    const issued = now();
    for (const [token, expires] of tokens) if (expires <= issued) tokens.delete(token);
    const token = newToken();
    tokens.set(token, issued + lifetimeMs);
    issuedTokens.push(token);
    if (issuedTokens.length > MAX_RECEIVED) issuedTokens.splice(0, issuedTokens.length - MAX_RECEIVED);
    return token;
  }

  const pts = new PtsAuthority({
    userId: credentials.userId,
    safecode: credentials.safecode,
    now,
    expiresInSeconds: () => simulator.ptsTokenExpiresIn,
    issueToken: (expiresIn) => addToken(expiresIn * 1000),
  });

  function takeFault(operation: StorepayOperation): FaultEntry | undefined {
    const queue = faults.get(operation);
    const entry = queue?.[0];
    if (queue === undefined || entry === undefined) return undefined;
    entry.remaining -= 1;
    if (entry.remaining <= 0) queue.shift();
    return entry;
  }

  function checkToken(request: IncomingMessage): Answer | undefined {
    const header = request.headers.authorization;
    // the scheme word is case-insensitive (RFC 7235): the password scheme sends "Bearer", PTS "bearer"
    const match = typeof header === 'string' ? /^bearer\s+(\S+)$/i.exec(header) : null;
    if (!match?.[1]) return fail(401, ERR.TOKEN_INVALID, 'Authorization: Bearer <token> is required');
    const expires = tokens.get(match[1]);
    if (expires === undefined) return fail(401, ERR.TOKEN_INVALID, 'unknown token');
    if (now() >= expires) return fail(401, ERR.TOKEN_EXPIRED, 'the token has expired');
    return undefined;
  }

  function issueToken(body: Record<string, unknown>): Answer {
    const parsed = tokenRequest.safeParse(body);
    if (!parsed.success) return paramError(parsed.error);
    if (parsed.data.user !== credentials.user || parsed.data.password !== credentials.password) {
      return fail(401, ERR.AUTH_FAILED, 'wrong user or password');
    }
    return ok({ message: 'SUCCESS', token: addToken(simulator.tokenLifetimeMs) });
  }

  function answer(operation: StorepayOperation, request: IncomingMessage, rawBody: string): Answer {
    if (request.method !== 'POST') return fail(405, ERR.METHOD_NOT_ALLOWED, 'use POST');
    if (!isJsonContentType(request.headers)) return fail(415, ERR.UNSUPPORTED_MEDIA_TYPE, 'Content-Type must be application/json');
    const parsed = parseJson(rawBody);
    if (!parsed.ok || !isRecord(parsed.value)) return fail(400, ERR.PARAM_ERROR, 'the body must be a JSON object');
    const body = parsed.value;
    if (operation === 'token') return issueToken(body);
    if (operation === 'ptsRandomCode') return pts.randomCode(body);
    if (operation === 'ptsToken') return pts.token(body);
    const unauthorized = checkToken(request);
    if (unauthorized) return unauthorized;
    switch (operation) {
      case 'nativePay':
        return nativePay(store, body);
      case 'quickPay':
        return pay(store, body);
      case 'paymentStatus':
        return paymentStatus(store, body);
      case 'refund':
        return refund(store, body);
      case 'refundStatus':
        return refundStatus(store, body);
    }
  }

  function send(response: ServerResponse, result: Answer): void {
    const text = JSON.stringify(result.body);
    response.writeHead(result.status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text) });
    response.end(text);
  }

  function applyFault(fault: SimFault, request: IncomingMessage, response: ServerResponse): void {
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
        const text = '{"success": true, "data": {"qr_code": "weixin://wxpay/biz';
        response.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
        response.end(text);
        return;
      }
      case 'systemError':
        send(response, fail(200, ERR.SYSTEMERROR, 'System error, please try again'));
        return;
      case 'bankError':
        send(response, fail(200, ERR.BANKERROR, 'Bank system error, please try again'));
        return;
      case 'tokenExpired':
        send(response, fail(401, ERR.TOKEN_EXPIRED, 'the token has expired'));
        return;
    }
  }

  function serve(request: IncomingMessage, response: ServerResponse, path: string, rawBody: string, tooLarge: boolean): void {
    const operation = operationByPath.get(path);
    const parsed = parseJson(rawBody);
    received.push({ operation: operation ?? 'unknown', path, headers: { ...request.headers }, body: parsed.ok ? recordedBody(parsed.value) : rawBody });
    if (received.length > MAX_RECEIVED) received.splice(0, received.length - MAX_RECEIVED);
    if (operation === undefined) return send(response, fail(404, ERR.NOT_FOUND, `no storepay operation at ${path}`));
    if (tooLarge) return send(response, fail(413, ERR.PARAM_ERROR, 'the body is too large'));
    const fault = takeFault(operation);
    if (fault !== undefined && !fault.applied) return applyFault(fault.fault, request, response);
    const result = answer(operation, request, rawBody);
    if (fault !== undefined) return applyFault(fault.fault, request, response);
    send(response, result);
  }

  const simulator: StorepaySimulator & MountableSimulator = {
    credentials,
    tokenLifetimeMs: defaultLifetime,
    ptsTokenExpiresIn: defaultExpiresIn,

    failNext(operation, fault, failOptions = {}) {
      const times = Math.max(1, Math.floor(failOptions.times ?? 1));
      // an expired token is refused before anything is done
      const applied = fault === 'tokenExpired' ? false : (failOptions.applied ?? CREATE_OPERATIONS.has(operation));
      const queue = faults.get(operation) ?? [];
      queue.push({ fault, remaining: times, applied });
      faults.set(operation, queue);
    },

    scriptNextOrder(script) {
      orders.scriptNext(script);
    },

    scriptNextQuickPay(script) {
      orders.scriptNextPay(script);
    },

    scriptNextRefund(script) {
      refunds.scriptNext(script);
    },

    buyer: {
      pay: async (number: string) => orders.pay(number),
      decline: async (number: string) => orders.decline(number),
    },

    order(number) {
      const order = orders.get(number);
      if (order === undefined) return undefined;
      const view: SimOrderView = {
        status: order.status,
        amountMinor: order.amountMinor,
        qrCode: order.qrCode,
        creates: order.creates,
        method: order.method,
        refundedMinor: refunds.succeededMinor(number),
      };
      if (order.buyerCodeLast4 !== undefined) view.buyerCodeLast4 = order.buyerCodeLast4;
      if (order.transactionId !== undefined) view.transactionId = order.transactionId;
      return view;
    },

    refund(outRefundNo) {
      const found = refunds.get(outRefundNo);
      if (found === undefined) return undefined;
      const view: SimRefundView = {
        outTradeNo: found.outTradeNo,
        amountMinor: found.amountMinor,
        status: found.status,
        requests: found.requests,
        checks: found.checks,
        refundId: found.refundId,
      };
      if (found.errCode !== undefined) view.errCode = found.errCode;
      return view;
    },

    get received() {
      return received;
    },

    get issuedTokens() {
      return issuedTokens;
    },

    loseThenRefuseRepeats(operation, fault = 'http500') {
      simulator.failNext(operation, fault, { applied: true });
      store.refusingRepeats.add(operation);
    },

    reset() {
      orders.reset();
      refunds.reset();
      store.refusingRepeats.clear();
      pts.reset();
      tokens.clear();
      issuedTokens.length = 0;
      faults.clear();
      received.length = 0;
      simulator.tokenLifetimeMs = defaultLifetime;
      simulator.ptsTokenExpiresIn = defaultExpiresIn;
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
          logger.error('storepay simulator failed', { error });
          if (!response.headersSent) send(response, fail(500, ERR.SYSTEMERROR, 'simulator error'));
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
