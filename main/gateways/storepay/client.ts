// The storepay gateway (the store gateway API document) as a PaymentGateway: QR ("native pay"), quick pay (the buyer's code),
// refunds and their status, with either auth scheme (password: the store gateway API document; pts: the PTS "Access Token" document). Each call
// is one exchange (core decides whether to repeat it); its outcome is read through the operation's
// table (outcomes.ts) and answer mapping.
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
import { TokenError, createHttpClient, exchangeOf, outcomeOf, withToken, type Exchange, type HttpClient, type JsonResponse, type OutcomeTable, type Transport } from '../http';
import { PtsTokenManager } from '../pts/auth';
import { StorepayTokenManager, type StorepayAuth } from './auth';
import { storepayConfigSchema, storepaySecretsSchema, type StorepayConfig, type StorepayConfigInput, type StorepaySecrets } from './config';
import { LOCAL_CODES, isTokenRejected, mapCreateAnswer, mapStatusAnswer, nativePayBody, paymentStatusBody, type ExpectedOrder } from './mapping';
import { mapPayAnswer, payBody } from './mapping-pay';
import { mapRefundAnswer, mapRefundStatusAnswer, refundBody, refundStatusBody, type ExpectedRefund } from './mapping-refund';
import { NATIVE_PAY_OUTCOMES, PAYMENT_STATUS_OUTCOMES, QUICK_PAY_OUTCOMES, REFUND_CALL_OUTCOMES, REFUND_STATUS_OUTCOMES } from './outcomes';
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
export interface StorepayDeps {
  logger: Logger;
  clock?: Clock;
  /** how requests reach the network; default Node's own fetch (the desktop app: Electron's net.fetch) */
  transport?: Transport;
}

export interface StorepayGateway extends PaymentGateway {
  /** the parsed settings (no secrets) */
  readonly config: StorepayConfig;
  /** token requests sent so far (diagnostics) */
  tokenRequestCount(): number;
  scanPayment(request: ScanPaymentRequest): Promise<GatewayPaymentState>;
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
    return new PtsTokenManager({
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
  const { user } = settings;
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

  /** One exchange of `operation`, and its outcome by `table`, an answer read by `readAnswer`. */
  async function call<O>(operation: StorepayOperation, body: unknown, timeoutMs: number, table: OutcomeTable<O>, readAnswer: (response: JsonResponse) => O): Promise<O> {
    const exchange: Exchange<JsonResponse> = await exchangeOf(() =>
      withToken(
        tokens,
        (authorization) => http.sendJson({ url: url(operation), json: body, headers: { Authorization: authorization }, timeoutMs, operation }),
        isTokenRejected,
      ),
    );
    return outcomeOf(table, exchange, readAnswer);
  }

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

  function logPayResult(what: string, outTradeNo: string, buyerCode: string, state: GatewayPaymentState): void {
    const fields = { outTradeNo, buyerCode: maskBuyerCode(buyerCode), state: state.state };
    if (state.state === 'paid') logger.info(`storepay ${what} paid`, fields);
    else if (state.state === 'unknown') logger.warn(`storepay ${what} not confirmed`, { ...fields, reason: state.reason });
    else if (state.state === 'declined') logger.warn(`storepay ${what} declined`, { ...fields, code: state.code, message: state.message });
    else logger.info(`storepay ${what} answered`, fields);
  }

  return {
    kind: STOREPAY_KIND,
    capabilities: new Set<GatewayCapability>(STOREPAY_CAPABILITIES),
    config: settings,
    tokenRequestCount: () => tokens.requestCount,

    async testConnection(): Promise<ConnectionTestResult> {
      try {
        await tokens.token();
        return { ok: true, detail: settings.authScheme === 'pts' ? 'PTS access token issued' : 'API token issued' };
      } catch (error) {
        if (error instanceof TokenError) {
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
      // the same request gives the same body: a repeat by core re-sends the same out_trade_no and amount
      const expected = expectedOrder(outTradeNo, amount);
      const result = await call('nativePay', nativePayBody(settings, request), settings.timeouts.createMs, NATIVE_PAY_OUTCOMES, (response) => mapCreateAnswer(response, expected));
      if (result.outcome === 'created') logger.info('storepay QR created', { outTradeNo });
      else if (result.outcome === 'rejected') logger.warn('storepay create rejected', { outTradeNo, code: result.code, message: result.message });
      else logger.warn('storepay create not confirmed', { outTradeNo, reason: result.reason });
      return result;
    },

    async queryPayment({ outTradeNo, amount }: PaymentRef): Promise<GatewayPaymentState> {
      const expected = expectedOrder(outTradeNo, amount);
      const state = await call('paymentStatus', paymentStatusBody(settings, outTradeNo), settings.timeouts.queryMs, PAYMENT_STATUS_OUTCOMES, (response) => mapStatusAnswer(response, expected));
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
      // sent once: a buyer's code is not re-sent after an unclear answer (core queries)
      const expected = expectedOrder(outTradeNo, amount);
      const state = await call('quickPay', body, Math.max(50, request.timeoutMs), QUICK_PAY_OUTCOMES, (response) => mapPayAnswer(response, expected));
      logPayResult('quick pay', outTradeNo, buyerCode, state);
      return state;
    },

    async refund(request: RefundRequest): Promise<GatewayRefundState> {
      const { outRefundNo, refundAmount, payment } = request;
      const refusal = unsendable(payment.outTradeNo, refundAmount, payment.amount.currency);
      if (refusal !== undefined) return { state: 'failed', ...refusal };
      if (!OUT_TRADE_NO_PATTERN.test(outRefundNo)) {
        return { state: 'failed', code: LOCAL_CODES.INVALID_OUT_REFUND_NO, message: 'out_refund_no must be 6 to 32 letters, digits, - or _' };
      }
      // the same request gives the same body: a repeat by core re-sends the same out_refund_no and amount (the refund-ceiling rule)
      const expected: ExpectedRefund = { outTradeNo: payment.outTradeNo, outRefundNo, refundAmount, checkAmount };
      const state = await call('refund', refundBody(settings, request), settings.timeouts.refundMs, REFUND_CALL_OUTCOMES, (response) => mapRefundAnswer(response, expected));
      const fields = { outTradeNo: payment.outTradeNo, outRefundNo, state: state.state };
      if (state.state === 'failed') logger.warn('storepay refund failed', { ...fields, code: state.code, message: state.message });
      else if (state.state === 'unknown') logger.warn('storepay refund not confirmed', { ...fields, reason: state.reason });
      else logger.info('storepay refund', fields);
      return state;
    },

    async queryRefund(ref: RefundRef): Promise<GatewayRefundState> {
      const { outRefundNo, refundAmount, payment } = ref;
      const expected: ExpectedRefund = { outTradeNo: payment.outTradeNo, outRefundNo, refundAmount, checkAmount };
      const body = refundStatusBody(settings, payment.outTradeNo, outRefundNo);
      const state = await call('refundStatus', body, settings.timeouts.queryMs, REFUND_STATUS_OUTCOMES, (response) => mapRefundStatusAnswer(response, expected));
      if (state.state === 'unknown') logger.warn('storepay refund status unknown', { outRefundNo, reason: state.reason });
      else logger.debug('storepay refund status', { outRefundNo, state: state.state });
      return state;
    },
  };
}
