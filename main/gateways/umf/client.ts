// The UMF (soopay) REST v1 gateway (seeds 000/001) as a PaymentGateway: QR payments (WeChat and
// Alipay QR code types), payment status, partial refunds and their status, the transaction list,
// exchange rates; plus card-payment, bank-list and customs calls for which no cashier screen exists.
import type { KeyObject } from 'node:crypto';
import type { Money } from '../../../shared/money';
import {
  systemClock,
  type Clock,
  type ConnectionTestResult,
  type GatewayCapability,
  type GatewayPaymentState,
  type GatewayRefundState,
  type GatewayTransaction,
  type Logger,
  type PaymentGateway,
  type PaymentRef,
  type QrCreateResult,
  type QrPaymentRequest,
  type RefundRef,
  type RefundRequest,
  type SettlementStatement,
} from '../../core/ports';
import { refusedRepeatReason } from '../../core/refusal-in-doubt';
import { JSON_HEADERS, createHttpClient, isRecord, isTransportError, withRepeatedSend, type HttpClient, type Transport } from '../http';
import { UmfTokenError, UmfTokenManager, withToken, type AuthorizedResult } from './auth';
import { umfConfigSchema, umfSecretsSchema, type UmfConfig, type UmfConfigInput, type UmfSecrets } from './config';
import { umfLogger } from './log';
import {
  LOCAL_CODES,
  createPaymentBody,
  links,
  mapCreateAnswer,
  mapPaymentAnswer,
  mapRefundAnswer,
  mapRefundQueryAnswer,
  paymentStateOf,
  paymentView,
  readAnswer,
  readExchangeRate,
  readTransactionsPage,
  refundBody,
  text,
  toGatewayTransactions,
  walletPaymentMethod,
  type AnswerContext,
  type ExpectedOrder,
  type UmfAnswer,
} from './mapping';
import {
  BANK_CARD_TYPES,
  MER_DATE_PATTERN,
  OUT_TRADE_NO_PATTERN,
  RET,
  UMF_CHANGING_OPERATIONS,
  UMF_METHODS,
  UMF_PATHS,
  idFromHref,
  merDateOf,
  requestTarget,
  umfUrl,
  type UmfBankCardType,
  type UmfOperation,
  type WireLink,
} from './protocol';
import { loadPrivateKey, loadPublicKey, requestSigningBytes, signBytes } from './signature';
import { settleDateAfter, toSettlementStatement } from './statement';

export { UMF_DEFAULTS, umfConfigSchema, umfSecretsSchema, type UmfConfig, type UmfConfigInput, type UmfSecrets } from './config';
export { RET as UMF_RET, type UmfBankCardType, type UmfOperation } from './protocol';

export const UMF_KIND = 'umf';

export const UMF_CAPABILITIES: readonly GatewayCapability[] = ['qr', 'refund', 'partialRefund', 'refundStatus', 'transactionList', 'settlementStatement', 'exchangeRate'];

export interface UmfDeps {
  logger: Logger;
  clock?: Clock;
  /** how requests reach the network; default Node's own fetch (the desktop app: Electron's net.fetch) */
  transport?: Transport;
  /** the client of the same profile this one replaces: it hands its token over (see auth.ts) */
  previous?: PaymentGateway | undefined;
}

/** Outcome of the calls that have no cashier screen (banks, card payments, customs). */
export type UmfResult<T> =
  | { ok: true; value: T }
  /** definite: UMF refused (ret_code), or we refused before sending */
  | { ok: false; outcome: 'rejected'; code: string; message: string }
  /** timeout, 5xx, reset, unreadable or untrusted answer, system busy */
  | { ok: false; outcome: 'unknown'; reason: string };

export interface UmfBank {
  name: string;
  code: string;
  types: string[];
}

/** The payer object of SMS verify / execute. Encrypted fields are passed through as given and never logged. */
export interface UmfPayer {
  payer_info: {
    bankCard?: Record<string, string>;
    payerAgreement?: Record<string, string>;
  };
  [key: string]: unknown;
}

export interface UmfCardPaymentRequest {
  outTradeNo: string;
  amount: Money;
  createdAt: string;
  paymentMethod: UmfBankCardType;
  bankCode: string;
  /** payer.payer_info as the seed shows it (e.g. { bankCard: { phone } }) */
  payerInfo?: Record<string, unknown>;
  description?: string;
}

export interface UmfGateway extends PaymentGateway {
  /** the parsed settings (no secrets) */
  readonly config: UmfConfig;
  refund(request: RefundRequest): Promise<GatewayRefundState>;
  queryRefund(ref: RefundRef): Promise<GatewayRefundState>;
  listTransactions(merDate: string): Promise<GatewayTransaction[]>;
  /** GET /payments/reconciliation_statement?settle_date=..., every page; throws UmfListError */
  settlementStatement(settleDate: string): Promise<SettlementStatement>;
  settleDateOf(instant: string): string;
  exchangeRate(currency: string): Promise<{ rate: string } | { unavailable: string }>;
  /** GET /bank?type=... */
  banks(type: UmfBankCardType): Promise<UmfResult<UmfBank[]>>;
  /** POST /payments/payment for a card (the first step of a card payment) */
  createCardPayment(request: UmfCardPaymentRequest): Promise<UmfResult<{ paymentId: string; state: GatewayPaymentState; links: WireLink[] }>>;
  /** POST /payments/payment/{id}/verify: UMF sends the buyer an SMS code */
  smsVerify(paymentId: string, payer: UmfPayer): Promise<UmfResult<{ links: WireLink[] }>>;
  /** POST /payments/payment/{id}/execute with the SMS code in payer_info.bankCard.verify_code */
  executePayment(paymentId: string, payer: UmfPayer): Promise<UmfResult<{ paymentId: string; state: GatewayPaymentState }>>;
  /** POST /payments/payment/{id}/apply_to_customs */
  applyToCustoms(paymentId: string, declaration: Record<string, unknown>): Promise<UmfResult<{ customsId: string; declarations: Record<string, unknown>[] }>>;
  /** GET /payments/customs_declarations/{id} */
  queryCustoms(customsId: string): Promise<UmfResult<{ declarations: Record<string, unknown>[] }>>;
  /** mer_date (YYYYMMDD) of an instant in the profile's time zone */
  merDate(instant: string | Date): string;
  /** token requests sent so far (diagnostics) */
  tokenRequestCount(): number;
}

/** listTransactions could not read the whole list. */
export class UmfListError extends Error {
  override readonly name = 'UmfListError';
}

/** Each client's token manager, for the client that replaces it. */
const tokenManagers = new WeakMap<PaymentGateway, UmfTokenManager>();

/** How many learned payment / refund ids are kept (the oldest are forgotten first). */
const REMEMBERED_IDS = 10_000;

/**
 * authFailed: UMF would not authorise the request. `tokenRace`: the request went out and even a
 * token fetched for its retry was refused, which happens when another client of the same account
 * took a new token meanwhile (a new token disables the old): a token problem that says nothing
 * about the order, unlike credentials refused at the token call.
 */
type CallResult = UmfAnswer | { kind: 'authFailed'; code: string; message: string; tokenRace: boolean };

/** A refused repeat of a create or refund: unknown, since the attempt before it may have been carried out. */
function repeatInDoubt(last: CallResult): CallResult {
  switch (last.kind) {
    case 'error':
    case 'authFailed':
      return { kind: 'unknown', reason: refusedRepeatReason(last.code, last.message) };
    case 'refusedHttp':
      return { kind: 'unknown', reason: refusedRepeatReason(`HTTP_${last.status}`, last.reason) };
    default:
      return last;
  }
}

/**
 * The config is parsed (and defaulted) with umfConfigSchema and the keys are loaded here: invalid
 * settings or keys throw (with messages that never quote a key).
 */
export function createUmfGateway(config: UmfConfigInput, secrets: UmfSecrets, deps: UmfDeps): UmfGateway {
  const settings = umfConfigSchema.parse(config);
  const credentials = umfSecretsSchema.parse(secrets);
  const privateKey: KeyObject = loadPrivateKey(credentials.privateKeyPem);
  const umfKey: KeyObject | undefined = settings.umfPublicKeyPem === undefined ? undefined : loadPublicKey(settings.umfPublicKeyPem);
  const logger = umfLogger(deps.logger);
  const clock = deps.clock ?? systemClock;
  const http: HttpClient = createHttpClient({
    logger,
    gateway: UMF_KIND,
    maxLoggedBodyChars: 16_000,
    transport: deps.transport,
  });
  const busyCodes = new Set(settings.busyRetCodes);
  const context: AnswerContext = { busyCodes, verify: umfKey === undefined ? undefined : { key: umfKey, algorithm: settings.signatureAlgorithm } };
  const tokens = new UmfTokenManager({
    http,
    url: umfUrl(settings.baseUrl, UMF_PATHS.token).href,
    clientId: settings.clientId,
    clientSecret: credentials.clientSecret,
    timeoutMs: settings.timeouts.tokenMs,
    marginMs: settings.tokenMarginSeconds * 1000,
    busyCodes,
    clock,
    logger,
  });
  // payment ids / refund ids learned in this process, for refs that arrive without them (a "waiting"
  // state cannot carry the id back to core)
  const paymentIds = new Map<string, string>();
  const refundIds = new Map<string, string>();
  const remember = (map: Map<string, string>, key: string, value: string) => {
    map.delete(key);
    map.set(key, value);
    if (map.size > REMEMBERED_IDS) map.delete(map.keys().next().value ?? key);
  };
  const retryTiming = { baseDelayMs: settings.retry.baseDelayMs, maxDelayMs: settings.retry.maxDelayMs };
  const merDate = (instant: string | Date) => merDateOf(instant, settings.merDateTimeZone);

  /** One signed, authorised exchange. The body text and its signature are made once and re-sent as they are. */
  async function call(operation: Exclude<UmfOperation, 'token'>, options: { id?: string; query?: Record<string, string>; body?: unknown; timeoutMs: number }): Promise<CallResult> {
    const url = umfUrl(settings.baseUrl, UMF_PATHS[operation], options.id, options.query);
    const method = UMF_METHODS[operation];
    const body = options.body === undefined ? undefined : JSON.stringify(options.body);
    const signature = signBytes(requestSigningBytes(requestTarget(url), body), privateKey, settings.signatureAlgorithm);
    const headers: Record<string, string> = body === undefined ? { Accept: 'application/json' } : { ...JSON_HEADERS };
    headers.Signature = signature;
    let result: AuthorizedResult;
    try {
      result = await withToken(tokens, (token) =>
        http.send({ method, url, headers: { ...headers, Authorization: `Bearer ${token}` }, timeoutMs: options.timeoutMs, operation, ...(body === undefined ? {} : { body }) }),
      );
    } catch (error) {
      if (isTransportError(error)) return { kind: 'unknown', reason: `${error.kind}: ${error.message}` };
      throw error;
    }
    switch (result.kind) {
      case 'token_failed':
        return result.error.kind === 'refused'
          ? { kind: 'authFailed', code: result.error.code, message: result.error.message, tokenRace: false }
          : { kind: 'unknown', reason: `no access token: ${result.error.message}` };
      case 'unauthorized':
        return { kind: 'authFailed', code: LOCAL_CODES.AUTH_FAILED, message: 'UMF refused a fresh access token', tokenRace: true };
      case 'answer':
        return readAnswer(result.response, context);
    }
  }

  /**
   * call() repeated while the outcome is unknown, up to `attempts`, always with the same request. A
   * create or refund whose repeat is refused stays unknown: the earlier attempt may have been carried out.
   */
  function callWithRetry(attempts: number, operation: Exclude<UmfOperation, 'token'>, options: Parameters<typeof call>[1]): Promise<CallResult> {
    return withRepeatedSend(
      (attempt) => {
        if (attempt > 1) logger.info('umf request repeated unchanged', { operation, attempt });
        return call(operation, options);
      },
      { ...retryTiming, attempts, shouldRetry: (outcome) => outcome.ok && outcome.value.kind === 'unknown' },
      (last) => (UMF_CHANGING_OPERATIONS.has(operation) ? repeatInDoubt(last) : last),
    );
  }

  /** For a query: an auth failure is not an answer about the payment. */
  const asAnswer = (result: CallResult): UmfAnswer =>
    result.kind === 'authFailed' ? { kind: 'unknown', reason: `not authorised: ${result.code} ${result.message}` } : result;

  /** For the result-typed calls. */
  function failure<T>(result: Exclude<CallResult, { kind: 'ok' }>): UmfResult<T> {
    switch (result.kind) {
      case 'unknown':
        return { ok: false, outcome: 'unknown', reason: result.reason };
      case 'refusedHttp':
        return { ok: false, outcome: 'rejected', code: `HTTP_${result.status}`, message: result.reason };
      case 'error':
        return { ok: false, outcome: 'rejected', code: result.code, message: result.message || result.code };
      case 'authFailed':
        return { ok: false, outcome: 'rejected', code: result.code, message: result.message };
    }
  }

  // ---- the transaction list -----------------------------------------------------------------

  type Collected = { ok: true; list: Record<string, unknown>; payments: Record<string, unknown>[]; refunds: Record<string, unknown>[] } | { ok: false; reason: string };
  type ListSource = { operation: 'transactions' | 'reconciliationStatement'; dayParam: 'mer_date' | 'settle_date'; container: 'transactions' | 'reconciliations' };
  const TRANSACTION_LIST: ListSource = { operation: 'transactions', dayParam: 'mer_date', container: 'transactions' };
  const STATEMENT: ListSource = { operation: 'reconciliationStatement', dayParam: 'settle_date', container: 'reconciliations' };

  /** Every page of the list for a mer_date, or of the statement for a settle_date (pages of pagination.page_size until total_count). */
  async function collectList(day: string, source: ListSource = TRANSACTION_LIST): Promise<Collected> {
    const payments = new Map<string, Record<string, unknown>>();
    const refunds = new Map<string, Record<string, unknown>>();
    let first: Record<string, unknown> = {};
    let unnamed = 0;
    const key = (id: unknown) => text(id) ?? `#${(unnamed += 1)}`;
    for (let page = 1; ; page += 1) {
      if (page > settings.maxPages) return { ok: false, reason: `more than ${settings.maxPages} pages` };
      const query = { [source.dayParam]: day, page_number: String(page), page_size: String(settings.pageSize) };
      const answer = asAnswer(await callWithRetry(settings.retry.listAttempts, source.operation, { query, timeoutMs: settings.timeouts.listMs }));
      if (answer.kind !== 'ok') {
        const reason = answer.kind === 'error' ? `${answer.code} ${answer.message}` : answer.reason;
        return { ok: false, reason: `page ${page}: ${reason}` };
      }
      const read = readTransactionsPage(answer.body, { pageNumber: page, pageSize: settings.pageSize }, source.container);
      if ('error' in read) return { ok: false, reason: `page ${page}: ${read.error}` };
      if (page === 1) first = read.list;
      for (const p of read.payments) payments.set(key(p.payment_id), p);
      for (const r of read.refunds) refunds.set(key(r.refund_id), r);
      const onPage = read.payments.length + read.refunds.length;
      if (onPage === 0 || page * read.pageSize >= read.totalCount) {
        const held = payments.size + refunds.size;
        if (held < read.totalCount) return { ok: false, reason: `the list ended with ${held} of ${read.totalCount} transactions` };
        return { ok: true, list: first, payments: [...payments.values()], refunds: [...refunds.values()] };
      }
    }
  }

  type Lookup = { found: string } | { notFound: true } | { unknown: string };

  /** A payment's id from the list of its mer_date, by mer_reference_id (a paid one first). */
  async function findPaymentId(outTradeNo: string, createdAt: string): Promise<Lookup> {
    const list = await collectList(merDate(createdAt));
    if (!list.ok) return { unknown: `transaction list: ${list.reason}` };
    const matches = list.payments.filter((p) => text(p.mer_reference_id) === outTradeNo && text(p.payment_id) !== undefined);
    const chosen = matches.find((p) => text(p.state)?.toUpperCase() === 'TRADE_SUCCESS') ?? matches[matches.length - 1];
    const id = text(chosen?.payment_id);
    if (id === undefined) return { notFound: true };
    remember(paymentIds, outTradeNo, id);
    return { found: id };
  }

  /**
   * A refund's id from the list of its mer_date. The document's refund summaries carry no merchant
   * refund number (one is used where a gateway sends it): ours is the one refund of its payment id for
   * its amount whose id no other refund number of ours holds. Several such: unknown, never a guess.
   */
  async function findRefundId(ref: RefundRef): Promise<Lookup> {
    const list = await collectList(merDate(ref.createdAt));
    if (!list.ok) return { unknown: `transaction list: ${list.reason}` };
    let rows: GatewayTransaction[];
    try {
      rows = toGatewayTransactions([], list.refunds, settings.currency);
    } catch (error) {
      return { unknown: `transaction list: ${error instanceof Error ? error.message : String(error)}` };
    }
    const found = (id: string): Lookup => {
      remember(refundIds, ref.outRefundNo, id);
      return { found: id };
    };
    const named = rows.find((r) => r.outRefundNo === ref.outRefundNo)?.gatewayRefundNo;
    if (named !== undefined) return found(named);
    let paymentId = ref.payment.gatewayTradeNo ?? paymentIds.get(ref.payment.outTradeNo);
    if (paymentId === undefined) {
      const payment = await findPaymentId(ref.payment.outTradeNo, ref.payment.createdAt);
      if ('unknown' in payment) return payment;
      if ('notFound' in payment) return { notFound: true };
      paymentId = payment.found;
    }
    const heldByOthers = new Set([...refundIds].filter(([no]) => no !== ref.outRefundNo).map(([, id]) => id));
    const candidates = rows.filter(
      (r) =>
        r.gatewayRefundNo !== undefined &&
        r.outRefundNo === undefined &&
        !heldByOthers.has(r.gatewayRefundNo) &&
        r.gatewayTradeNo === paymentId &&
        r.amount.minor === ref.refundAmount.minor &&
        r.amount.currency === ref.refundAmount.currency,
    );
    const only = candidates[0]?.gatewayRefundNo;
    if (candidates.length === 1 && only !== undefined) return found(only);
    if (candidates.length > 1) return { unknown: `${candidates.length} refunds of payment ${paymentId} for this amount: which one is ${ref.outRefundNo} cannot be told` };
    return { notFound: true };
  }

  // ---- payments -------------------------------------------------------------------------------

  function localRefusal(outTradeNo: string, amount: Money): { code: string; message: string } | undefined {
    if (amount.currency !== settings.currency) return { code: LOCAL_CODES.CURRENCY_MISMATCH, message: `this profile takes ${settings.currency}, not ${amount.currency}` };
    if (!Number.isSafeInteger(amount.minor) || amount.minor <= 0) return { code: LOCAL_CODES.INVALID_AMOUNT, message: 'the amount must be above zero' };
    if (!OUT_TRADE_NO_PATTERN.test(outTradeNo)) return { code: LOCAL_CODES.INVALID_OUT_TRADE_NO, message: 'the merchant number must be 6 to 32 letters, digits, - or _' };
    return undefined;
  }

  async function queryById(id: string, expected: ExpectedOrder): Promise<GatewayPaymentState> {
    const answer = asAnswer(await callWithRetry(settings.retry.queryAttempts, 'queryPayment', { id, timeoutMs: settings.timeouts.queryMs }));
    return mapPaymentAnswer(answer, expected, id);
  }

  const gateway: UmfGateway = {
    kind: UMF_KIND,
    capabilities: new Set<GatewayCapability>(UMF_CAPABILITIES),
    config: settings,
    merDate,
    tokenRequestCount: () => tokens.requestCount,

    async testConnection(): Promise<ConnectionTestResult> {
      try {
        await tokens.getToken();
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        return error instanceof UmfTokenError && error.kind === 'refused'
          ? { ok: false, code: 'auth_failed', message }
          : { ok: false, code: 'unreachable', message };
      }
      // one signed, harmless GET: proves our Signature is accepted and (with a public key) UMF's verifies
      const result = await call('banks', { query: { type: 'CREDIT_CARD' }, timeoutMs: settings.timeouts.queryMs });
      switch (result.kind) {
        case 'ok':
          return { ok: true, detail: umfKey === undefined ? 'token issued; signed request accepted (answer signatures are not checked: no UMF public key set)' : 'token issued; signed request accepted; answer signature verified' };
        case 'authFailed':
          return { ok: false, code: 'auth_failed', message: result.message };
        case 'error':
          return result.code === RET.SIGNATURE_INVALID
            ? { ok: false, code: 'bad_config', message: `UMF refused our Signature (check the private key and the signature algorithm): ${result.message}` }
            : { ok: false, code: 'rejected', message: `${result.code} ${result.message}` };
        case 'refusedHttp':
          return { ok: false, code: 'rejected', message: result.reason };
        case 'unknown':
          return result.reason.startsWith('untrusted answer')
            ? { ok: false, code: 'bad_config', message: `UMF's answer does not verify with the configured UMF public key (${result.reason})` }
            : { ok: false, code: 'unreachable', message: result.reason };
      }
    },

    async createQrPayment(request: QrPaymentRequest): Promise<QrCreateResult> {
      const { outTradeNo, amount } = request;
      const refused = localRefusal(outTradeNo, amount);
      if (refused) return { outcome: 'rejected', ...refused };
      const paymentMethod = walletPaymentMethod(settings, request.wallet);
      if (paymentMethod === undefined) return { outcome: 'rejected', code: LOCAL_CODES.WALLET_NOT_SUPPORTED, message: `UMF takes no ${request.wallet ?? ''} QR payments` };
      // One body, built once: every retry re-sends the same mer_reference_id, mer_date and amount (the same-number-retry rule).
      const body = createPaymentBody(settings, { outTradeNo, amount, merDate: merDate(request.createdAt), paymentMethod, description: request.description });
      const expected: ExpectedOrder = { outTradeNo, amount };
      const answer = await callWithRetry(settings.retry.createAttempts, 'createPayment', { body, timeoutMs: settings.timeouts.createMs });
      if (answer.kind === 'authFailed') {
        logger.warn('umf create refused: authorisation', { outTradeNo, code: answer.code, tokenRace: answer.tokenRace });
        // never a refusal of the sale: core looks the order up and asks again with the same number
        if (answer.tokenRace) return { outcome: 'unknown', reason: `${answer.code}: ${answer.message}` };
        return { outcome: 'rejected', code: answer.code, message: answer.message };
      }
      const { paymentId, ...result } = mapCreateAnswer(answer, expected);
      if (paymentId !== undefined) remember(paymentIds, outTradeNo, paymentId);
      if (result.outcome === 'created') logger.info('umf QR created', { outTradeNo, paymentId });
      else if (result.outcome === 'rejected') logger.warn('umf create rejected', { outTradeNo, code: result.code, message: result.message });
      else logger.warn('umf create not confirmed', { outTradeNo, reason: result.reason });
      return result as QrCreateResult;
    },

    async queryPayment(ref: PaymentRef): Promise<GatewayPaymentState> {
      const expected: ExpectedOrder = { outTradeNo: ref.outTradeNo, amount: ref.amount };
      let id = ref.gatewayTradeNo ?? paymentIds.get(ref.outTradeNo);
      if (id === undefined) {
        // the create's answer was lost: find the order in the list of its mer_date
        const found = await findPaymentId(ref.outTradeNo, ref.createdAt);
        if ('unknown' in found) return { state: 'unknown', reason: found.unknown };
        if ('notFound' in found) return { state: 'not_found' };
        id = found.found;
        logger.info('umf payment found in the transaction list', { outTradeNo: ref.outTradeNo, paymentId: id });
      }
      const state = await queryById(id, expected);
      if (state.state === 'unknown') logger.warn('umf status unknown', { outTradeNo: ref.outTradeNo, reason: state.reason });
      else logger.debug('umf status', { outTradeNo: ref.outTradeNo, state: state.state });
      return state;
    },

    async refund(request: RefundRequest): Promise<GatewayRefundState> {
      const { payment, outRefundNo, refundAmount } = request;
      // in the payment's own currency, which may be an earlier store currency than this client's
      if (refundAmount.currency !== payment.amount.currency) {
        return { state: 'failed', code: LOCAL_CODES.CURRENCY_MISMATCH, message: 'the refund must be in the payment currency' };
      }
      if (!Number.isSafeInteger(refundAmount.minor) || refundAmount.minor <= 0 || refundAmount.minor > payment.amount.minor) {
        return { state: 'failed', code: LOCAL_CODES.INVALID_AMOUNT, message: 'the refund must be above zero and at most the payment' };
      }
      if (!OUT_TRADE_NO_PATTERN.test(outRefundNo)) {
        return { state: 'failed', code: LOCAL_CODES.INVALID_OUT_TRADE_NO, message: 'the refund number must be 6 to 32 letters, digits, - or _' };
      }
      let paymentId = payment.gatewayTradeNo ?? paymentIds.get(payment.outTradeNo);
      if (paymentId === undefined) {
        const found = await findPaymentId(payment.outTradeNo, payment.createdAt);
        // nothing has been sent: "unknown" lets the same refund number be sent later
        if ('unknown' in found) return { state: 'unknown', reason: `the payment's UMF id is not known yet (${found.unknown})` };
        if ('notFound' in found) return { state: 'failed', code: LOCAL_CODES.PAYMENT_ID_UNKNOWN, message: 'UMF lists no payment with this number' };
        paymentId = found.found;
      }
      // One body for this refund number, however often it is sent (the refund-ceiling rule).
      const body = refundBody(settings, { outRefundNo, merDate: merDate(request.createdAt), paymentAmount: payment.amount, refundAmount });
      const answer = await callWithRetry(settings.retry.createAttempts, 'refund', { id: paymentId, body, timeoutMs: settings.timeouts.createMs });
      const state: GatewayRefundState =
        answer.kind !== 'authFailed'
          ? mapRefundAnswer(answer, outRefundNo)
          : answer.tokenRace
            ? { state: 'unknown', reason: `${answer.code}: ${answer.message}` }
            : { state: 'failed', code: answer.code, message: answer.message };
      if ((state.state === 'succeeded' || state.state === 'processing') && state.gatewayRefundNo !== undefined) remember(refundIds, outRefundNo, state.gatewayRefundNo);
      if (state.state === 'unknown') logger.warn('umf refund not confirmed', { outRefundNo, reason: state.reason });
      else logger.info('umf refund', { outRefundNo, state: state.state, ...(state.state === 'failed' ? { code: state.code } : {}) });
      return state;
    },

    async queryRefund(ref: RefundRef): Promise<GatewayRefundState> {
      let id = ref.gatewayRefundNo ?? refundIds.get(ref.outRefundNo);
      if (id === undefined) {
        const found = await findRefundId(ref);
        if ('unknown' in found) return { state: 'unknown', reason: found.unknown };
        if ('notFound' in found) return { state: 'not_found' };
        id = found.found;
      }
      const answer = asAnswer(await callWithRetry(settings.retry.queryAttempts, 'queryRefund', { id, timeoutMs: settings.timeouts.queryMs }));
      return mapRefundQueryAnswer(answer, id);
    },

    async listTransactions(day: string): Promise<GatewayTransaction[]> {
      if (!MER_DATE_PATTERN.test(day)) throw new UmfListError(`not a mer_date (YYYYMMDD): ${day}`);
      const list = await collectList(day);
      if (!list.ok) throw new UmfListError(`UMF transaction list for ${day}: ${list.reason}`);
      try {
        return toGatewayTransactions(list.payments, list.refunds, settings.currency);
      } catch (error) {
        throw new UmfListError(`UMF transaction list for ${day}: ${error instanceof Error ? error.message : String(error)}`);
      }
    },

    async settlementStatement(settleDate: string): Promise<SettlementStatement> {
      if (!MER_DATE_PATTERN.test(settleDate)) throw new UmfListError(`not a settle_date (YYYYMMDD): ${settleDate}`);
      const list = await collectList(settleDate, STATEMENT);
      if (!list.ok) throw new UmfListError(`UMF reconciliation statement for ${settleDate}: ${list.reason}`);
      try {
        return toSettlementStatement(list.list, list.payments, list.refunds, { settleDate, currency: settings.currency });
      } catch (error) {
        throw new UmfListError(`UMF reconciliation statement for ${settleDate}: ${error instanceof Error ? error.message : String(error)}`);
      }
    },

    settleDateOf: (instant: string) => settleDateAfter(merDate(instant), settings.settleLagDays),

    async exchangeRate(currency: string): Promise<{ rate: string } | { unavailable: string }> {
      if (!/^[A-Z]{3}$/.test(currency)) return { unavailable: `not a currency code: ${currency}` };
      const answer = asAnswer(await callWithRetry(settings.retry.queryAttempts, 'exchangeRate', { query: { currency }, timeoutMs: settings.timeouts.queryMs }));
      if (answer.kind !== 'ok') return { unavailable: answer.kind === 'error' ? `${answer.code} ${answer.message}` : answer.reason };
      const rate = readExchangeRate(answer.body, currency);
      return rate === undefined ? { unavailable: `no rate for ${currency} in the answer` } : { rate };
    },

    async banks(type: UmfBankCardType): Promise<UmfResult<UmfBank[]>> {
      if (!BANK_CARD_TYPES.includes(type)) return { ok: false, outcome: 'rejected', code: RET.PARAM_INVALID, message: `type must be one of ${BANK_CARD_TYPES.join(', ')}` };
      const result = await callWithRetry(settings.retry.queryAttempts, 'banks', { query: { type }, timeoutMs: settings.timeouts.queryMs });
      if (result.kind !== 'ok') return failure(result);
      const list = Array.isArray(result.body.banks) ? result.body.banks.filter(isRecord) : [];
      const banks = list.flatMap((b) => {
        const name = text(b.name);
        const code = text(b.code);
        const types = Array.isArray(b.type) ? b.type.filter((t): t is string => typeof t === 'string') : [];
        return name !== undefined && code !== undefined ? [{ name, code, types }] : [];
      });
      return { ok: true, value: banks };
    },

    async createCardPayment(request: UmfCardPaymentRequest) {
      const refused = localRefusal(request.outTradeNo, request.amount);
      if (refused) return { ok: false, outcome: 'rejected', ...refused };
      const body = createPaymentBody(
        settings,
        { outTradeNo: request.outTradeNo, amount: request.amount, merDate: merDate(request.createdAt), paymentMethod: request.paymentMethod, description: request.description },
        { bank_code: request.bankCode, ...(request.payerInfo === undefined ? {} : { payer_info: request.payerInfo }) },
      );
      const result = await callWithRetry(settings.retry.createAttempts, 'createPayment', { body, timeoutMs: settings.timeouts.createMs });
      if (result.kind !== 'ok') return failure(result);
      const view = paymentView(result.body);
      if (view.paymentId === undefined) return { ok: false, outcome: 'unknown', reason: 'no payment id in the answer' };
      remember(paymentIds, request.outTradeNo, view.paymentId);
      return { ok: true, value: { paymentId: view.paymentId, state: paymentStateOf(view.state, view.paymentId, view.executeSuccessTime), links: links(result.body) } };
    },

    async smsVerify(paymentId: string, payer: UmfPayer) {
      const result = await call('verifyPayment', { id: paymentId, body: { payer }, timeoutMs: settings.timeouts.createMs });
      if (result.kind !== 'ok') return failure(result);
      return { ok: true, value: { links: links(result.body) } };
    },

    async executePayment(paymentId: string, payer: UmfPayer) {
      const result = await call('executePayment', { id: paymentId, body: { payer }, timeoutMs: settings.timeouts.createMs });
      if (result.kind !== 'ok') return failure(result);
      const view = paymentView(result.body);
      if (view.paymentId !== undefined && view.paymentId !== paymentId) return { ok: false, outcome: 'unknown', reason: `the answer is about payment ${view.paymentId}` };
      return { ok: true, value: { paymentId, state: paymentStateOf(view.state, paymentId, view.executeSuccessTime) } };
    },

    async applyToCustoms(paymentId: string, declaration: Record<string, unknown>) {
      const result = await call('applyToCustoms', { id: paymentId, body: declaration, timeoutMs: settings.timeouts.createMs });
      if (result.kind !== 'ok') return failure(result);
      const declarations = Array.isArray(result.body.customs_declarations) ? result.body.customs_declarations.filter(isRecord) : [];
      const self = links(result.body).find((l) => l.ref === 'self')?.href;
      const customsId = text(declarations[0]?.id) ?? (self === undefined ? undefined : idFromHref(self, 'customs_declarations'));
      if (customsId === undefined) return { ok: false, outcome: 'unknown', reason: 'no customs declaration id in the answer' };
      return { ok: true, value: { customsId, declarations } };
    },

    async queryCustoms(customsId: string) {
      const result = await callWithRetry(settings.retry.queryAttempts, 'queryCustoms', { id: customsId, timeoutMs: settings.timeouts.queryMs });
      if (result.kind !== 'ok') return failure(result);
      const declarations = Array.isArray(result.body.customs_declarations) ? result.body.customs_declarations.filter(isRecord) : [];
      return { ok: true, value: { declarations } };
    },
  };
  // last, once nothing above can throw: a client that was never made takes nothing over
  const previousTokens = deps.previous === undefined ? undefined : tokenManagers.get(deps.previous);
  previousTokens?.handOverTo(tokens);
  tokenManagers.set(gateway, tokens);
  return gateway;
}
