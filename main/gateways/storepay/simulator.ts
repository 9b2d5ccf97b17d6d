// The storepay protocol served in-process, for training mode and tests: the same paths, token flow
// (tokens that really expire), field names, amount format and status values as the client uses,
// checked strictly (a simulator that accepts anything proves nothing). Mount handle() under a prefix.
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { fromWireAmount, toWireNumber } from '../../../shared/money';
import { silentLogger, systemClock, type BuyerSimulator, type Clock, type Logger } from '../../core/ports';
import { isJsonContentType, isRecord, parseJson } from '../http';
import {
  CREATE_OPERATIONS,
  DEFAULT_STOREPAY_PATHS,
  ERR,
  OUT_TRADE_NO_PATTERN,
  STOREPAY_OPERATIONS,
  type PaymentStatusAnswerWire,
  type StorepayOperation,
  type StorepayPaths,
} from './protocol';
import { SimOrderBook, type OrderScript, type SimOrder } from './sim-orders';

export type { StorepayOperation } from './protocol';
export type { OrderScript } from './sim-orders';

export type SimFault = 'http500' | 'hang' | 'reset' | 'malformed' | 'systemError' | 'tokenExpired';

export interface ReceivedRequest {
  operation: StorepayOperation | 'unknown';
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
}

export interface StorepaySimulator {
  readonly credentials: { user: string; password: string; storeId: string; serviceId: number };
  /** lifetime of tokens issued from now on; default 60_000 */
  tokenLifetimeMs: number;
  /**
   * The next `times` (default 1) requests of `operation` fail with `fault`. applied (default true for
   * create operations, false otherwise): the request is carried out before the failure is answered,
   * as when a request reached the gateway but its answer was lost.
   */
  failNext(operation: StorepayOperation, fault: SimFault, options?: { times?: number; applied?: boolean }): void;
  /** The script of the next new order (queued, one per new order). */
  scriptNextOrder(script: OrderScript): void;
  /** pay(outTradeNo) / decline(outTradeNo); rejects for an unknown order */
  readonly buyer: BuyerSimulator;
  order(outTradeNo: string): { status: string; amountMinor: number; qrCode: string; creates: number } | undefined;
  /** every request, faulty ones included, in arrival order */
  readonly received: ReadonlyArray<ReceivedRequest>;
  /** forget orders, tokens, faults, scripts and received requests; tokenLifetimeMs back to its default */
  reset(): void;
}

/** What a simulator server needs to mount a simulator under a prefix. */
import type { MountableSimulator } from '../simulator-mount';
export type { MountableSimulator } from '../simulator-mount';

export interface StorepaySimulatorOptions {
  credentials?: Partial<StorepaySimulator['credentials']>;
  paths?: Partial<StorepayPaths>;
  /** the store's currency: amounts are read and answered in it; default CNY */
  currency?: string;
  tokenLifetimeMs?: number;
  clock?: Clock;
  logger?: Logger;
}

export const DEFAULT_SIM_TOKEN_LIFETIME_MS = 60_000;
const MAX_BODY_BYTES = 64 * 1024;

type Answer = { status: number; body: unknown };

const ok = (data: unknown): Answer => ({ status: 200, body: { success: true, data } });
const fail = (status: number, code: string, message: string): Answer => ({
  status,
  body: { success: false, data: { result_code: 'FAIL', err_code: code, message } },
});

// Request bodies, strictly typed: a string amount or a missing store_id is an error answer.
const storeId = z.union([z.string().min(1), z.number().int().nonnegative()]);
const outTradeNo = z.string().regex(OUT_TRADE_NO_PATTERN, '6 to 32 letters, digits, - or _');
const tokenRequest = z.object({ user: z.string().min(1), password: z.string().min(1) });
const nativePayRequest = z.object({
  service_id: z.number().int().nonnegative(),
  store_id: storeId,
  sub_store_id: z.union([z.string(), z.number().int(), z.null()]).optional(),
  sub_store_name: z.string().max(128).nullable().optional(),
  amount: z.number().positive(),
  fee_rate: z.number().min(0).max(100).nullable().optional(),
  out_trade_no: outTradeNo,
});
const statusRequest = z.object({ store_id: storeId, out_trade_no: outTradeNo });

function paramError(error: z.ZodError): Answer {
  const issue = error.issues[0];
  const where = issue && issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
  return fail(400, ERR.PARAM_ERROR, `${where}${issue?.message ?? 'invalid request'}`);
}

function newToken(): string {
  // shaped like the seed's token (a JWT): header.payload
  return `eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzI1NiJ9.${randomBytes(24).toString('base64url')}`;
}

function randomSecret(): string {
  return randomBytes(12).toString('base64url');
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
  const credentials = Object.freeze({
    user: options.credentials?.user ?? 'training',
    password: options.credentials?.password ?? randomSecret(),
    storeId: options.credentials?.storeId ?? '109038',
    serviceId: options.credentials?.serviceId ?? 30,
  });
  const paths: StorepayPaths = { ...DEFAULT_STOREPAY_PATHS, ...options.paths };
  const operationByPath = new Map<string, StorepayOperation>(STOREPAY_OPERATIONS.map((op) => [paths[op], op]));

  const orders = new SimOrderBook(() => clock.now());
  const tokens = new Map<string, number>(); // token -> expiry (ms since epoch)
  const faults = new Map<StorepayOperation, FaultEntry[]>();
  const received: ReceivedRequest[] = [];
  const held = new Set<ServerResponse>();

  const now = () => clock.now().getTime();

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
    const match = typeof header === 'string' ? /^Bearer\s+(\S+)$/.exec(header) : null;
    if (!match?.[1]) return fail(401, ERR.TOKEN_INVALID, 'Authorization: Bearer <token> is required');
    const expires = tokens.get(match[1]);
    if (expires === undefined) return fail(401, ERR.TOKEN_INVALID, 'unknown token');
    if (now() >= expires) return fail(401, ERR.TOKEN_EXPIRED, 'the token has expired');
    return undefined;
  }

  function checkStore(body: { store_id: string | number }): Answer | undefined {
    if (String(body.store_id) !== credentials.storeId) return fail(400, ERR.STORE_NOT_FOUND, `store_id ${String(body.store_id)} is not ours`);
    return undefined;
  }

  function issueToken(body: Record<string, unknown>): Answer {
    const parsed = tokenRequest.safeParse(body);
    if (!parsed.success) return paramError(parsed.error);
    if (parsed.data.user !== credentials.user || parsed.data.password !== credentials.password) {
      return fail(401, ERR.AUTH_FAILED, 'wrong user or password');
    }
    const issued = now();
    for (const [token, expires] of tokens) if (expires <= issued) tokens.delete(token);
    const token = newToken();
    tokens.set(token, issued + simulator.tokenLifetimeMs);
    return ok({ message: 'SUCCESS', token });
  }

  function nativePay(body: Record<string, unknown>): Answer {
    const parsed = nativePayRequest.safeParse(body);
    if (!parsed.success) return paramError(parsed.error);
    const request = parsed.data;
    const wrongStore = checkStore(request);
    if (wrongStore) return wrongStore;
    if (request.service_id !== credentials.serviceId) {
      return fail(400, ERR.SERVICE_NOT_ENABLED, `service_id ${request.service_id} is not enabled for this store`);
    }
    let amountMinor: number;
    try {
      amountMinor = fromWireAmount(request.amount, currency).minor;
    } catch {
      return fail(400, ERR.INVALID_AMOUNT, `amount ${request.amount} is not a valid ${currency} amount`);
    }
    const created = orders.create(request.out_trade_no, amountMinor, currency);
    if (created.kind === 'refused') return fail(200, created.code, created.message);
    const { order } = created;
    return ok({ qr_code: order.qrCode, amount: request.amount, out_trade_no: order.outTradeNo, result_code: 'SUCCESS' });
  }

  function statusData(order: SimOrder): PaymentStatusAnswerWire {
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
      service_id: credentials.serviceId,
      out_trade_no: order.outTradeNo,
      amount: toWireNumber({ minor: order.amountMinor, currency: order.currency }),
      currency: order.currency,
      message: messages[order.status] ?? order.status,
    };
    if (order.transactionId !== undefined) data.transaction_id = order.transactionId;
    if (order.paidAt !== undefined) data.paid_at = order.paidAt;
    if (order.status === 'PAYERROR' && order.errCode !== undefined) data.err_code = order.errCode;
    return data;
  }

  function paymentStatus(body: Record<string, unknown>): Answer {
    const parsed = statusRequest.safeParse(body);
    if (!parsed.success) return paramError(parsed.error);
    const wrongStore = checkStore(parsed.data);
    if (wrongStore) return wrongStore;
    const order = orders.check(parsed.data.out_trade_no);
    if (order === undefined) return fail(200, ERR.ORDERNOTEXIST, 'Order does not exist');
    return ok(statusData(order));
  }

  function answer(operation: StorepayOperation, request: IncomingMessage, rawBody: string): Answer {
    if (request.method !== 'POST') return fail(405, ERR.METHOD_NOT_ALLOWED, 'use POST');
    if (!isJsonContentType(request.headers)) return fail(415, ERR.UNSUPPORTED_MEDIA_TYPE, 'Content-Type must be application/json');
    const parsed = parseJson(rawBody);
    if (!parsed.ok || !isRecord(parsed.value)) return fail(400, ERR.PARAM_ERROR, 'the body must be a JSON object');
    const body = parsed.value;
    if (operation === 'token') return issueToken(body);
    const unauthorized = checkToken(request);
    if (unauthorized) return unauthorized;
    switch (operation) {
      case 'nativePay':
        return nativePay(body);
      case 'paymentStatus':
        return paymentStatus(body);
      default:
        return fail(501, ERR.NOT_IMPLEMENTED, `${operation} is not simulated yet`);
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
      case 'tokenExpired':
        send(response, fail(401, ERR.TOKEN_EXPIRED, 'the token has expired'));
        return;
    }
  }

  function serve(request: IncomingMessage, response: ServerResponse, path: string, rawBody: string, tooLarge: boolean): void {
    const operation = operationByPath.get(path);
    const parsed = parseJson(rawBody);
    received.push({ operation: operation ?? 'unknown', path, headers: { ...request.headers }, body: parsed.ok ? parsed.value : rawBody });
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

    buyer: {
      pay: async (number: string) => orders.pay(number),
      decline: async (number: string) => orders.decline(number),
    },

    order(number) {
      const order = orders.get(number);
      return order === undefined ? undefined : { status: order.status, amountMinor: order.amountMinor, qrCode: order.qrCode, creates: order.creates };
    },

    get received() {
      return received;
    },

    reset() {
      orders.reset();
      tokens.clear();
      faults.clear();
      received.length = 0;
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
