// The storepay gateway (seed 003) as a PaymentGateway: QR ("native pay") and payment status.
import type http from 'node:http';
import type { Money } from '../../../shared/money';
import {
  systemClock,
  type Clock,
  type GatewayCapability,
  type GatewayPaymentState,
  type Logger,
  type PaymentGateway,
  type PaymentRef,
  type ConnectionTestResult,
  type QrCreateResult,
  type QrPaymentRequest,
} from '../../core/ports';
import { createHttpClient, isTransportError, withRetry, type HttpClient } from '../http';
import { StorepayTokenError, StorepayTokenManager, withToken, type AuthorizedResult } from './auth';
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
import { OUT_TRADE_NO_PATTERN, storepayUrl, type StorepayOperation } from './protocol';

export {
  STOREPAY_DEFAULTS,
  storepayConfigSchema,
  storepayPathsSchema,
  storepaySecretsSchema,
  type StorepayConfig,
  type StorepayConfigInput,
  type StorepaySecrets,
} from './config';
export { DEFAULT_STOREPAY_PATHS, type StorepayOperation, type StorepayPaths } from './protocol';

export const STOREPAY_KIND = 'storepay';

export interface StorepayDeps {
  logger: Logger;
  clock?: Clock;
  /** for tests or a proxy; default: the HTTP layer's shared keep-alive agent */
  agent?: http.Agent | false;
}

export interface StorepayGateway extends PaymentGateway {
  /** the parsed settings (no secrets) */
  readonly config: StorepayConfig;
  /** token requests sent so far (diagnostics) */
  tokenRequestCount(): number;
}

/** The config is parsed (and defaulted) with storepayConfigSchema: invalid settings throw here. */
export function createStorepayGateway(config: StorepayConfigInput, secrets: StorepaySecrets, deps: StorepayDeps): StorepayGateway {
  const settings = storepayConfigSchema.parse(config);
  const credentials = storepaySecretsSchema.parse(secrets);
  const { logger } = deps;
  const clock = deps.clock ?? systemClock;
  const http: HttpClient = createHttpClient({ logger, gateway: STOREPAY_KIND, ...(deps.agent !== undefined ? { agent: deps.agent } : {}) });
  const url = (operation: StorepayOperation) => storepayUrl(settings.baseUrl, settings.paths[operation]);
  const tokens = new StorepayTokenManager({
    http,
    url: url('token'),
    secrets: credentials,
    timeoutMs: settings.timeouts.tokenMs,
    lifetimeMs: settings.tokenLifetimeSeconds * 1000,
    marginMs: settings.tokenMarginSeconds * 1000,
    clock,
    logger,
  });

  type Exchange = AuthorizedResult | { kind: 'transport'; reason: string };

  async function call(operation: StorepayOperation, body: unknown, timeoutMs: number): Promise<Exchange> {
    try {
      return await withToken(
        tokens,
        (token) => http.sendJson({ url: url(operation), json: body, headers: { Authorization: `Bearer ${token}` }, timeoutMs, operation }),
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

  const expectedOrder = (outTradeNo: string, amount: Money): ExpectedOrder => ({ outTradeNo, amount, checkAmount: settings.feeRate === undefined });

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

  return {
    kind: STOREPAY_KIND,
    capabilities: new Set<GatewayCapability>(['qr']),
    config: settings,
    tokenRequestCount: () => tokens.requestCount,

    async testConnection(): Promise<ConnectionTestResult> {
      try {
        await tokens.getToken();
        return { ok: true, detail: 'API token issued' };
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
      if (amount.currency !== settings.currency) {
        return { outcome: 'rejected', code: LOCAL_CODES.CURRENCY_MISMATCH, message: `this profile takes ${settings.currency}, not ${amount.currency}` };
      }
      if (!Number.isSafeInteger(amount.minor) || amount.minor <= 0) {
        return { outcome: 'rejected', code: LOCAL_CODES.INVALID_AMOUNT, message: 'the amount must be above zero' };
      }
      if (!OUT_TRADE_NO_PATTERN.test(outTradeNo)) {
        return { outcome: 'rejected', code: LOCAL_CODES.INVALID_OUT_TRADE_NO, message: 'out_trade_no must be 6 to 32 letters, digits, - or _' };
      }
      // One body, built once: every retry re-sends the same out_trade_no and amount (safety rule 2).
      const body = nativePayBody(settings, request);
      const expected = expectedOrder(outTradeNo, amount);
      const result = await withRetry((attempt) => {
        if (attempt > 1) logger.info('storepay create retried with the same number', { outTradeNo, attempt });
        return createOnce(body, expected);
      }, {
        ...retryPolicy,
        attempts: settings.retry.createAttempts,
        shouldRetry: (outcome) => outcome.ok && outcome.value.outcome === 'unknown',
      });
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
  };
}
