// The storepay gateway (seed 003) as a PaymentGateway: QR ("native pay"), quick pay (the buyer's code),
// JSAPI pay, refunds and their status, with either auth scheme (password: seed 003; pts: seed 002).
import type { Money } from '../../../shared/money';
import {
  systemClock,
  type Clock,
  type ConnectionTestResult,
  type GatewayCapability,
  type GatewayPaymentState,
  type GatewayRefundState,
  type Logger,
  type PaymentGateway,
  type PaymentRef,
  type QrCreateResult,
  type QrPaymentRequest,
  type RefundRef,
  type RefundRequest,
  type ScanPaymentRequest,
} from '../../core/ports';
import { maskBuyerCode } from '../../logging/redact';
import { qrCreateInDoubt, refundInDoubt } from '../../core/refusal-in-doubt';
import { createHttpClient, isTransportError, withRepeatedSend, withRetry, type HttpClient, type Transport } from '../http';
import { StorepayPtsAuth, StorepayTokenError, StorepayTokenManager, withToken, type AuthorizedResult, type StorepayAuth } from './auth';
import { storepayConfigSchema, storepaySecretsSchema, type StorepayConfig, type StorepayConfigInput, type StorepaySecrets } from './config';
import {
  LOCAL_CODES,
  isTokenRejected,
  mapCreateAnswer,
  mapStatusAnswer,
  nativePayBody,
  paymentStatusBody,
  transportReason,
  type ExpectedOrder,
} from './mapping';
import { mapPayAnswer, payBody } from './mapping-pay';
import { mapRefundAnswer, mapRefundStatusAnswer, refundBody, refundStatusBody, type ExpectedRefund } from './mapping-refund';
import { OUT_TRADE_NO_PATTERN, storepayUrl, type StorepayOperation } from './protocol';

export {
  STOREPAY_AUTH_SCHEMES,
  STOREPAY_DEFAULTS,
  storepayConfigSchema,
  storepayPathsSchema,
  storepayRequiredSecrets,
  storepaySecretsSchema,
  type StorepayAuthScheme,
  type StorepayConfig,
  type StorepayConfigInput,
  type StorepaySecrets,
} from './config';
export { DEFAULT_STOREPAY_PATHS, type StorepayOperation, type StorepayPaths } from './protocol';

export const STOREPAY_KIND = 'storepay';

/** A buyer's payment code as scanned: digits only (WeChat 18, Alipay 16-24, UnionPay 19...). */
export const BUYER_CODE_PATTERN = /^\d{8,32}$/;
/** A JSAPI payer auth code (what the payer's page obtained). */
export const JSAPI_AUTH_CODE_PATTERN = /^[A-Za-z0-9_-]{1,128}$/;

export interface StorepayDeps {
  logger: Logger;
  clock?: Clock;
  /** how requests reach the network; default Node's own fetch (the desktop app: Electron's net.fetch) */
  transport?: Transport;
}

export interface JsapiPayRequest {
  outTradeNo: string;
  amount: Money;
  /** the payer's auth code from the JSAPI page (seed: auth_code); never logged whole */
  authCode: string;
  /** default: the createMs setting */
  timeoutMs?: number;
}

export interface StorepayGateway extends PaymentGateway {
  /** the parsed settings (no secrets) */
  readonly config: StorepayConfig;
  /** token requests sent so far (diagnostics) */
  tokenRequestCount(): number;
  scanPayment(request: ScanPaymentRequest): Promise<GatewayPaymentState>;
  /** JSAPI pay (seed 003): the quick pay shape with service_id = serviceId; no cashier screen uses it */
  jsapiPay(request: JsapiPayRequest): Promise<GatewayPaymentState>;
  refund(request: RefundRequest): Promise<GatewayRefundState>;
  queryRefund(ref: RefundRef): Promise<GatewayRefundState>;
}

export const STOREPAY_CAPABILITIES: readonly GatewayCapability[] = ['qr', 'scan', 'refund', 'partialRefund', 'refundStatus'];

export class StorepayConfigError extends Error {
  override readonly name = 'StorepayConfigError';
}

function buildAuth(settings: StorepayConfig, secrets: StorepaySecrets, http: HttpClient, url: (op: StorepayOperation) => string, clock: Clock, logger: Logger): StorepayAuth {
  const common = { http, timeoutMs: settings.timeouts.tokenMs, clock, logger };
  if (settings.authScheme === 'pts') {
    if (settings.ptsUserId === undefined) throw new StorepayConfigError('the pts scheme needs ptsUserId');
    if (secrets.safecode === undefined) throw new StorepayConfigError('the pts scheme needs the safecode secret');
    return new StorepayPtsAuth({
      ...common,
      randomCodeUrl: url('ptsRandomCode'),
      tokenUrl: url('ptsToken'),
      userId: settings.ptsUserId,
      safecode: secrets.safecode,
      codeLifetimeMs: settings.ptsCodeLifetimeSeconds * 1000,
      codeMarginMs: settings.ptsCodeMarginSeconds * 1000,
      tokenMarginMs: settings.tokenMarginSeconds * 1000,
      fallbackExpiresInMs: settings.tokenLifetimeSeconds * 1000,
    });
  }
  const user = settings.user ?? secrets.user;
  if (user === undefined) throw new StorepayConfigError('the password scheme needs user');
  if (secrets.password === undefined) throw new StorepayConfigError('the password scheme needs the password secret');
  return new StorepayTokenManager({
    ...common,
    url: url('token'),
    user,
    password: secrets.password,
    lifetimeMs: settings.tokenLifetimeSeconds * 1000,
    marginMs: settings.tokenMarginSeconds * 1000,
  });
}

/** The config is parsed (and defaulted) with storepayConfigSchema: invalid settings or missing secrets throw here. */
export function createStorepayGateway(config: StorepayConfigInput, secrets: StorepaySecrets, deps: StorepayDeps): StorepayGateway {
  const settings = storepayConfigSchema.parse(config);
  const credentials = storepaySecretsSchema.parse(secrets);
  const { logger } = deps;
  const clock = deps.clock ?? systemClock;
  const http: HttpClient = createHttpClient({ logger, gateway: STOREPAY_KIND, transport: deps.transport });
  const url = (operation: StorepayOperation) => storepayUrl(settings.baseUrl, settings.paths[operation]);
  const tokens = buildAuth(settings, credentials, http, url, clock, logger);

  type Exchange = AuthorizedResult | { kind: 'transport'; reason: string };

  async function call(operation: StorepayOperation, body: unknown, timeoutMs: number): Promise<Exchange> {
    try {
      return await withToken(
        tokens,
        (authorization) => http.sendJson({ url: url(operation), json: body, headers: { Authorization: authorization }, timeoutMs, operation }),
        isTokenRejected,
      );
    } catch (error) {
      if (isTransportError(error)) return { kind: 'transport', reason: transportReason(error) };
      throw error;
    }
  }

  const retryPolicy = {
    baseDelayMs: settings.retry.baseDelayMs,
    maxDelayMs: settings.retry.maxDelayMs,
  };

  const checkAmount = settings.feeRate === undefined;
  const expectedOrder = (outTradeNo: string, amount: Money): ExpectedOrder => ({ outTradeNo, amount, checkAmount });

  /** Why a payment cannot be sent at all (nothing goes out), if it cannot. */
  /** `currency`: what the amount must be in; a refund's is its payment's, which may predate a change of the store's currency */
  function unsendable(outTradeNo: string, amount: Money, currency = settings.currency): { code: string; message: string } | undefined {
    if (amount.currency !== currency) return { code: LOCAL_CODES.CURRENCY_MISMATCH, message: `this amount must be in ${currency}, not ${amount.currency}` };
    if (!Number.isSafeInteger(amount.minor) || amount.minor <= 0) return { code: LOCAL_CODES.INVALID_AMOUNT, message: 'the amount must be above zero' };
    if (!OUT_TRADE_NO_PATTERN.test(outTradeNo)) return { code: LOCAL_CODES.INVALID_OUT_TRADE_NO, message: 'out_trade_no must be 6 to 32 letters, digits, - or _' };
    return undefined;
  }

  async function createOnce(body: unknown, expected: ExpectedOrder): Promise<QrCreateResult> {
    const result = await call('nativePay', body, settings.timeouts.createMs);
    switch (result.kind) {
      case 'transport':
        return { outcome: 'unknown', reason: result.reason };
      case 'token_failed':
        // refused credentials are definite (nothing was sent); an unreachable token endpoint is not
        return result.error.kind === 'refused'
          ? { outcome: 'rejected', code: result.error.code, message: result.error.message }
          : { outcome: 'unknown', reason: `no API token: ${result.error.message}` };
      case 'unauthorized':
        return { outcome: 'rejected', code: LOCAL_CODES.AUTH_FAILED, message: 'the gateway refused a fresh API token' };
      case 'answer':
        return mapCreateAnswer(result.response, expected);
    }
  }

  async function queryOnce(body: unknown, expected: ExpectedOrder): Promise<GatewayPaymentState> {
    const result = await call('paymentStatus', body, settings.timeouts.queryMs);
    switch (result.kind) {
      case 'transport':
        return { state: 'unknown', reason: result.reason };
      case 'token_failed':
        return { state: 'unknown', reason: `no API token: ${result.error.message}` };
      case 'unauthorized':
        return { state: 'unknown', reason: 'the gateway refused a fresh API token' };
      case 'answer':
        return mapStatusAnswer(result.response, expected);
    }
  }

  /** Quick pay or JSAPI pay: sent once (a buyer's code is not re-sent after an unclear answer: core queries). */
  async function pay(operation: 'quickPay' | 'jsapiPay', body: unknown, expected: ExpectedOrder, timeoutMs: number): Promise<GatewayPaymentState> {
    const result = await call(operation, body, timeoutMs);
    switch (result.kind) {
      case 'transport':
        return { state: 'unknown', reason: result.reason };
      case 'token_failed':
        // refused credentials: nothing was sent, nobody was charged
        return result.error.kind === 'refused'
          ? { state: 'declined', code: result.error.code, message: result.error.message }
          : { state: 'unknown', reason: `no API token: ${result.error.message}` };
      case 'unauthorized':
        return { state: 'declined', code: LOCAL_CODES.AUTH_FAILED, message: 'the gateway refused a fresh API token' };
      case 'answer':
        return mapPayAnswer(result.response, expected);
    }
  }

  function logPayResult(what: string, outTradeNo: string, buyerCode: string, state: GatewayPaymentState): void {
    const fields = { outTradeNo, buyerCode: maskBuyerCode(buyerCode), state: state.state };
    if (state.state === 'paid') logger.info(`storepay ${what} paid`, fields);
    else if (state.state === 'unknown') logger.warn(`storepay ${what} not confirmed`, { ...fields, reason: state.reason });
    else if (state.state === 'declined') logger.warn(`storepay ${what} declined`, { ...fields, code: state.code, message: state.message });
    else logger.info(`storepay ${what} answered`, fields);
  }

  async function refundOnce(body: unknown, expected: ExpectedRefund): Promise<GatewayRefundState> {
    const result = await call('refund', body, settings.timeouts.refundMs);
    switch (result.kind) {
      case 'transport':
        return { state: 'unknown', reason: result.reason };
      case 'token_failed':
        return result.error.kind === 'refused'
          ? { state: 'failed', code: result.error.code, message: result.error.message }
          : { state: 'unknown', reason: `no API token: ${result.error.message}` };
      case 'unauthorized':
        return { state: 'failed', code: LOCAL_CODES.AUTH_FAILED, message: 'the gateway refused a fresh API token' };
      case 'answer':
        return mapRefundAnswer(result.response, expected);
    }
  }

  async function refundStatusOnce(body: unknown, expected: ExpectedRefund): Promise<GatewayRefundState> {
    const result = await call('refundStatus', body, settings.timeouts.queryMs);
    switch (result.kind) {
      case 'transport':
        return { state: 'unknown', reason: result.reason };
      case 'token_failed':
        return { state: 'unknown', reason: `no API token: ${result.error.message}` };
      case 'unauthorized':
        return { state: 'unknown', reason: 'the gateway refused a fresh API token' };
      case 'answer':
        return mapRefundStatusAnswer(result.response, expected);
    }
  }

  return {
    kind: STOREPAY_KIND,
    capabilities: new Set<GatewayCapability>(STOREPAY_CAPABILITIES),
    config: settings,
    tokenRequestCount: () => tokens.requestCount,

    async testConnection(): Promise<ConnectionTestResult> {
      try {
        await tokens.authorization();
        return { ok: true, detail: settings.authScheme === 'pts' ? 'PTS access token issued' : 'API token issued' };
      } catch (error) {
        if (error instanceof StorepayTokenError) {
          return error.kind === 'refused'
            ? { ok: false, code: 'auth_failed', message: error.message }
            : { ok: false, code: 'unreachable', message: error.message };
        }
        return { ok: false, code: 'unreachable', message: error instanceof Error ? error.message : String(error) };
      }
    },

    async createQrPayment(request: QrPaymentRequest): Promise<QrCreateResult> {
      const { outTradeNo, amount } = request;
      const refusal = unsendable(outTradeNo, amount);
      if (refusal !== undefined) return { outcome: 'rejected', ...refusal };
      // One body, built once: every retry re-sends the same out_trade_no and amount (the same-number-retry rule).
      const body = nativePayBody(settings, request);
      const expected = expectedOrder(outTradeNo, amount);
      const result = await withRepeatedSend((attempt) => {
        if (attempt > 1) logger.info('storepay create retried with the same number', { outTradeNo, attempt });
        return createOnce(body, expected);
      }, {
        ...retryPolicy,
        attempts: settings.retry.createAttempts,
        shouldRetry: (outcome) => outcome.ok && outcome.value.outcome === 'unknown',
      }, qrCreateInDoubt);
      if (result.outcome === 'created') logger.info('storepay QR created', { outTradeNo });
      else if (result.outcome === 'rejected') logger.warn('storepay create rejected', { outTradeNo, code: result.code, message: result.message });
      else logger.warn('storepay create not confirmed', { outTradeNo, reason: result.reason });
      return result;
    },

    async queryPayment({ outTradeNo, amount }: PaymentRef): Promise<GatewayPaymentState> {
      const body = paymentStatusBody(settings, outTradeNo);
      const expected = expectedOrder(outTradeNo, amount);
      const state = await withRetry(() => queryOnce(body, expected), {
        ...retryPolicy,
        attempts: settings.retry.queryAttempts,
        shouldRetry: (outcome) => outcome.ok && outcome.value.state === 'unknown',
      });
      if (state.state === 'unknown') logger.warn('storepay status unknown', { outTradeNo, reason: state.reason });
      else logger.debug('storepay status', { outTradeNo, state: state.state });
      return state;
    },

    async scanPayment(request: ScanPaymentRequest): Promise<GatewayPaymentState> {
      const { outTradeNo, amount, buyerCode } = request;
      const refusal = unsendable(outTradeNo, amount);
      if (refusal !== undefined) return { state: 'declined', ...refusal };
      if (!BUYER_CODE_PATTERN.test(buyerCode)) {
        return { state: 'declined', code: LOCAL_CODES.INVALID_BUYER_CODE, message: "the buyer's payment code must be 8 to 32 digits" };
      }
      const body = payBody(settings, settings.scanServiceId ?? settings.serviceId, { outTradeNo, amount, authCode: buyerCode });
      const state = await pay('quickPay', body, expectedOrder(outTradeNo, amount), Math.max(50, request.timeoutMs));
      logPayResult('quick pay', outTradeNo, buyerCode, state);
      return state;
    },

    async jsapiPay(request: JsapiPayRequest): Promise<GatewayPaymentState> {
      const { outTradeNo, amount, authCode } = request;
      const refusal = unsendable(outTradeNo, amount);
      if (refusal !== undefined) return { state: 'declined', ...refusal };
      if (!JSAPI_AUTH_CODE_PATTERN.test(authCode)) {
        return { state: 'declined', code: LOCAL_CODES.INVALID_BUYER_CODE, message: 'the auth code must be 1 to 128 letters, digits, - or _' };
      }
      const body = payBody(settings, settings.serviceId, { outTradeNo, amount, authCode });
      const state = await pay('jsapiPay', body, expectedOrder(outTradeNo, amount), Math.max(50, request.timeoutMs ?? settings.timeouts.createMs));
      logPayResult('JSAPI pay', outTradeNo, authCode, state);
      return state;
    },

    async refund(request: RefundRequest): Promise<GatewayRefundState> {
      const { outRefundNo, refundAmount, payment } = request;
      const refusal = unsendable(payment.outTradeNo, refundAmount, payment.amount.currency);
      if (refusal !== undefined) return { state: 'failed', ...refusal };
      if (!OUT_TRADE_NO_PATTERN.test(outRefundNo)) {
        return { state: 'failed', code: LOCAL_CODES.INVALID_OUT_REFUND_NO, message: 'out_refund_no must be 6 to 32 letters, digits, - or _' };
      }
      // One body, built once: every retry re-sends the same out_refund_no and amount (the refund-ceiling rule).
      const body = refundBody(settings, request);
      const expected: ExpectedRefund = { outTradeNo: payment.outTradeNo, outRefundNo, refundAmount, checkAmount };
      const state = await withRepeatedSend((attempt) => {
        if (attempt > 1) logger.info('storepay refund retried with the same number', { outRefundNo, attempt });
        return refundOnce(body, expected);
      }, {
        ...retryPolicy,
        attempts: settings.retry.createAttempts,
        shouldRetry: (outcome) => outcome.ok && outcome.value.state === 'unknown',
      }, refundInDoubt);
      const fields = { outTradeNo: payment.outTradeNo, outRefundNo, state: state.state };
      if (state.state === 'failed') logger.warn('storepay refund failed', { ...fields, code: state.code, message: state.message });
      else if (state.state === 'unknown') logger.warn('storepay refund not confirmed', { ...fields, reason: state.reason });
      else logger.info('storepay refund', fields);
      return state;
    },

    async queryRefund(ref: RefundRef): Promise<GatewayRefundState> {
      const { outRefundNo, refundAmount, payment } = ref;
      const body = refundStatusBody(settings, payment.outTradeNo, outRefundNo);
      const expected: ExpectedRefund = { outTradeNo: payment.outTradeNo, outRefundNo, refundAmount, checkAmount };
      const state = await withRetry(() => refundStatusOnce(body, expected), {
        ...retryPolicy,
        attempts: settings.retry.queryAttempts,
        shouldRetry: (outcome) => outcome.ok && outcome.value.state === 'unknown',
      });
      if (state.state === 'unknown') logger.warn('storepay refund status unknown', { outRefundNo, reason: state.reason });
      else logger.debug('storepay refund status', { outRefundNo, state: state.state });
      return state;
    },
  };
}
