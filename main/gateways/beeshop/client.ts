// The Beeshop core payment API (Beeshop's "Payment API" document) as a PaymentGateway: QR payments through /pay/prepare,
// payment status, refunds (each with a merchant's order amendment id), and a tokenised-card /pay.
// Each call is one exchange (core decides whether to repeat it); its outcome is read through the
// operation's table (outcomes.ts) and answer mapping.
import type { Money } from '../../../shared/money';
import {
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
  type RefundRequest,
} from '../../core/ports';
import { createHttpClient, exchangeOf, outcomeOf, transportReason, type Exchange, type HttpClient, type HttpMethod, type JsonResponse, type Transport } from '../http';
import { beeshopConfigSchema, beeshopSecretsSchema, type BeeshopConfig, type BeeshopConfigInput, type BeeshopSecrets } from './config';
import { scrubbingLogger } from './log-scrub';
import {
  BEESHOP_LOCAL_CODES,
  ORDER_AMENDMENT_EXTRA_KEY,
  cardPayBody,
  mapCardPayAnswer,
  mapPrepareAnswer,
  mapRefundAnswer,
  mapStatusAnswer,
  prepareBody,
  refundBody,
  type CardPayOutcome,
  type CardPayment,
} from './mapping';
import { PREPARE_OUTCOMES, REFUND_CALL_OUTCOMES, STATUS_OUTCOMES } from './outcomes';
import { BEESHOP_PATHS, GATEWAY_ID_PATTERN, OUT_TRADE_NO_PATTERN, beeshopUrl, refundPath, statusPath, type BeeshopOperation } from './protocol';

export {
  BEESHOP_AUTH_HEADERS,
  BEESHOP_DEFAULTS,
  beeshopConfigSchema,
  beeshopSecretsSchema,
  normalizeFormValues,
  type BeeshopAuthHeader,
  type BeeshopConfig,
  type BeeshopConfigInput,
  type BeeshopSecrets,
} from './config';
export { BEESHOP_LOCAL_CODES, ORDER_AMENDMENT_EXTRA_KEY, type CardPayOutcome, type CardPayment } from './mapping';

export const BEESHOP_KIND = 'beeshop';

/** The made-up order testConnection() asks about: a 404 for it means the token was accepted. */
export const CONNECTION_PROBE = { orderId: 'counter-connection-test', orderPaymentId: '00000000-0000-4000-8000-000000000000' } as const;

export interface BeeshopDeps {
  logger: Logger;
  /** accepted for parity with the other gateways; nothing in this client is time-based yet */
  clock?: Clock;
  /** how requests reach the network; default Node's own fetch (the desktop app: Electron's net.fetch) */
  transport?: Transport;
}

export interface BeeshopGateway extends PaymentGateway {
  /** the parsed settings (no secrets) */
  readonly config: BeeshopConfig;
  refund(request: RefundRequest): Promise<GatewayRefundState>;
  /**
   * POST /pay with a tokenised card (no cashier screen uses it yet). Only a token is ever sent:
   * this client has no way to send a card number. A 4xx is "declined" (nothing was charged).
   */
  payWithToken(request: CardPayment): Promise<CardPayOutcome>;
}

/** The config is parsed (and defaulted) with beeshopConfigSchema: invalid settings throw here. */
export function createBeeshopGateway(config: BeeshopConfigInput, secrets: BeeshopSecrets, deps: BeeshopDeps): BeeshopGateway {
  const settings = beeshopConfigSchema.parse(config);
  const { apiToken } = beeshopSecretsSchema.parse(secrets);
  // every line this client (and its HTTP layer) writes loses card data and the token first
  const logger = scrubbingLogger(deps.logger, () => [apiToken]);
  const http: HttpClient = createHttpClient({
    logger,
    gateway: BEESHOP_KIND,
    // large enough that a prepare answer (the seed's Alipay token is ~900 chars) is logged as parsed,
    // key-redacted JSON rather than as cut text
    maxLoggedBodyChars: 16_000,
    transport: deps.transport,
  });
  const authHeaders = { [settings.authHeader]: `Bearer ${apiToken}` };

  const capabilities = new Set<GatewayCapability>(['qr', 'refund']);
  if (settings.partialRefunds) capabilities.add('partialRefund');

  function call(operation: BeeshopOperation, method: HttpMethod, path: string, body: unknown, timeoutMs: number): Promise<Exchange<JsonResponse>> {
    return exchangeOf(async () => ({
      kind: 'answer',
      response: await http.sendJson({ url: beeshopUrl(settings.baseUrl, path), method, ...(body === undefined ? {} : { json: body }), headers: authHeaders, timeoutMs, operation }),
    }));
  }

  /** `currency`: what the amount must be in; a refund's is its payment's, which may predate a change of the store's currency */
  function checkMoney(amount: Money, currency = settings.currency): { code: string; message: string } | undefined {
    if (amount.currency !== currency) {
      return { code: BEESHOP_LOCAL_CODES.CURRENCY_MISMATCH, message: `this amount must be in ${currency}, not ${amount.currency}` };
    }
    if (!Number.isSafeInteger(amount.minor) || amount.minor <= 0) return { code: BEESHOP_LOCAL_CODES.INVALID_AMOUNT, message: 'the amount must be above zero' };
    return undefined;
  }

  return {
    kind: BEESHOP_KIND,
    capabilities,
    config: settings,

    async testConnection(): Promise<ConnectionTestResult> {
      const path = statusPath(CONNECTION_PROBE.orderId, CONNECTION_PROBE.orderPaymentId);
      const result = await call('status', 'GET', path, undefined, settings.timeouts.queryMs);
      if (result.kind !== 'answer') return { ok: false, code: 'unreachable', message: result.kind === 'transport' ? transportReason(result.error) : result.kind };
      const { status } = result.response;
      if (status === 404 || (status >= 200 && status < 300)) return { ok: true, detail: `the API token was accepted (a status query for a made-up order answered HTTP ${status})` };
      if (status === 401 || status === 403) return { ok: false, code: 'auth_failed', message: `the gateway refused the API token (HTTP ${status}; header ${settings.authHeader})` };
      if (status >= 500) return { ok: false, code: 'unreachable', message: `the gateway answered HTTP ${status}` };
      return { ok: false, code: 'rejected', message: `unexpected answer HTTP ${status}` };
    },

    async createQrPayment(request: QrPaymentRequest): Promise<QrCreateResult> {
      const { outTradeNo, amount, wallet } = request;
      const wrongMoney = checkMoney(amount);
      if (wrongMoney) return { outcome: 'rejected', ...wrongMoney };
      if (!OUT_TRADE_NO_PATTERN.test(outTradeNo)) {
        return { outcome: 'rejected', code: BEESHOP_LOCAL_CODES.INVALID_OUT_TRADE_NO, message: 'out_trade_no must be 6 to 32 letters, digits, - or _' };
      }
      if (wallet === undefined) return { outcome: 'rejected', code: BEESHOP_LOCAL_CODES.WALLET_REQUIRED, message: 'Beeshop needs the wallet (Alipay, WeChat Pay or UnionPay) to prepare a payment' };
      // the same request gives the same body: a repeat by core re-sends the same order_id and amount
      const expected = { orderId: outTradeNo, amount };
      const exchange = await call('prepare', 'POST', BEESHOP_PATHS.prepare, prepareBody(settings, { ...request, wallet }), settings.timeouts.createMs);
      const result = outcomeOf(PREPARE_OUTCOMES, exchange, (response) => mapPrepareAnswer(response, expected, settings.qrSource));
      if (result.outcome === 'created') logger.info('beeshop QR prepared', { outTradeNo, orderPaymentId: result.gatewayTradeNo });
      else if (result.outcome === 'rejected') logger.warn('beeshop prepare rejected', { outTradeNo, code: result.code, message: result.message });
      else logger.warn('beeshop prepare not confirmed', { outTradeNo, reason: result.reason });
      return result;
    },

    async queryPayment(ref: PaymentRef): Promise<GatewayPaymentState> {
      const orderPaymentId = ref.gatewayTradeNo?.trim();
      if (!orderPaymentId) {
        // The status path needs the order_payment_id, which only the prepare answer carries. With it
        // lost, no buyer was ever shown the payment token/URL, so no buyer can have paid: not_found.
        // Core re-sends the create with the same number, which gives the id back (docs/gateways/beeshop.md, "Payment status").
        logger.info('beeshop status: no order_payment_id (the prepare answer was lost)', { outTradeNo: ref.outTradeNo });
        return { state: 'not_found' };
      }
      if (!GATEWAY_ID_PATTERN.test(orderPaymentId)) return { state: 'unknown', reason: `unusable order_payment_id ${orderPaymentId}` };
      const exchange = await call('status', 'GET', statusPath(ref.outTradeNo, orderPaymentId), undefined, settings.timeouts.queryMs);
      const state = outcomeOf(STATUS_OUTCOMES, exchange, (response) => mapStatusAnswer(response, { orderId: ref.outTradeNo, amount: ref.amount, orderPaymentId }));
      if (state.state === 'unknown') logger.warn('beeshop status unknown', { outTradeNo: ref.outTradeNo, reason: state.reason });
      else logger.debug('beeshop status', { outTradeNo: ref.outTradeNo, state: state.state });
      return state;
    },

    async refund(request: RefundRequest): Promise<GatewayRefundState> {
      const { payment, refundAmount, outRefundNo } = request;
      const amendment = request.extra?.[ORDER_AMENDMENT_EXTRA_KEY]?.trim();
      if (!amendment) {
        return {
          state: 'failed',
          code: BEESHOP_LOCAL_CODES.AMENDMENT_REQUIRED,
          message: 'Beeshop refunds need the order amendment id the micro merchant created for this refund',
        };
      }
      if (!GATEWAY_ID_PATTERN.test(amendment)) {
        return { state: 'failed', code: BEESHOP_LOCAL_CODES.INVALID_AMENDMENT_ID, message: 'an order amendment id is up to 64 letters, digits and - . _ ~ :, without spaces' };
      }
      const wrongMoney = checkMoney(refundAmount, payment.amount.currency);
      if (wrongMoney) return { state: 'failed', ...wrongMoney };
      if (refundAmount.minor > payment.amount.minor) {
        return { state: 'failed', code: BEESHOP_LOCAL_CODES.AMOUNT_EXCEEDS_PAYMENT, message: 'a refund cannot be larger than the payment' };
      }
      if (!settings.partialRefunds && refundAmount.minor !== payment.amount.minor) {
        return { state: 'failed', code: BEESHOP_LOCAL_CODES.PARTIAL_REFUND_DISABLED, message: 'this profile only refunds the whole payment' };
      }
      // the same request gives the same body: a repeat sends the same amendment id, which Beeshop refunds only once
      const expected = { orderId: payment.outTradeNo, orderAmendmentId: amendment, amount: refundAmount };
      const exchange = await call('refund', 'POST', refundPath(settings.microMerchantId), refundBody(request, amendment), settings.timeouts.refundMs);
      const state = outcomeOf(REFUND_CALL_OUTCOMES, exchange, (response) => mapRefundAnswer(response, expected));
      const where = { outTradeNo: payment.outTradeNo, outRefundNo, orderAmendmentId: amendment };
      if (state.state === 'unknown') logger.warn('beeshop refund not confirmed', { ...where, reason: state.reason });
      else if (state.state === 'failed') logger.warn('beeshop refund failed', { ...where, code: state.code, message: state.message });
      else logger.info('beeshop refund', { ...where, state: state.state, refundId: state.state === 'not_found' ? undefined : state.gatewayRefundNo });
      return state;
    },

    async payWithToken(request: CardPayment): Promise<CardPayOutcome> {
      const wrongMoney = checkMoney(request.amount);
      if (wrongMoney) return { state: { state: 'declined', ...wrongMoney } };
      if (!OUT_TRADE_NO_PATTERN.test(request.orderId)) {
        return { state: { state: 'declined', code: BEESHOP_LOCAL_CODES.INVALID_OUT_TRADE_NO, message: 'order_id must be 6 to 32 letters, digits, - or _' } };
      }
      if (!/^[A-Z][A-Z0-9_]{1,31}$/.test(request.provider)) {
        return { state: { state: 'declined', code: BEESHOP_LOCAL_CODES.INVALID_PROVIDER, message: 'payment_provider is an upper-case name such as CC or VISA' } };
      }
      // a token is short and has no spaces; a long digit run looks like a card number: never send one
      if (!/^[\x21-\x7e]{4,512}$/.test(request.paymentToken) || /^\d{12,19}$/.test(request.paymentToken)) {
        return { state: { state: 'declined', code: BEESHOP_LOCAL_CODES.INVALID_PAYMENT_TOKEN, message: 'payment_token must be a card token from the vault, not card data' } };
      }
      const body = cardPayBody(request);
      const exchange = await call('pay', 'POST', BEESHOP_PATHS.pay, body, settings.timeouts.payMs);
      const outcome: CardPayOutcome =
        exchange.kind === 'answer' ? mapCardPayAnswer(exchange.response, { orderId: request.orderId, amount: request.amount }) : { state: STATUS_OUTCOMES.unknown(exchange.kind === 'transport' ? transportReason(exchange.error) : exchange.kind) };
      logger.info('beeshop card payment', { orderId: request.orderId, provider: request.provider, state: outcome.state.state, orderPaymentId: outcome.orderPaymentId });
      return outcome;
    },
  };
}
