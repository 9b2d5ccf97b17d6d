// The UMF (soopay) REST v1 gateway (seeds 000/001) as a PaymentGateway: QR payments (WeChat and
// Alipay QR code types), payment status, partial refunds and their status, the transaction list,
// the reconciliation statement and exchange rates. Each call is one exchange (core decides whether to
// repeat it); its outcome is read through the operation's table (outcomes.ts) and answer mapping.
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
import { JSON_HEADERS, TokenError, createHttpClient, exchangeOf, outcomeOf, withToken, type Exchange, type HttpClient, type HttpResponse, type OutcomeTable, type Transport } from '../http';
import { UmfTokenManager, isTokenRefusal } from './auth';
import { umfConfigSchema, umfSecretsSchema, type UmfConfig, type UmfConfigInput, type UmfSecrets } from './config';
import { umfLogger } from './log';
import {
  LOCAL_CODES,
  createPaymentBody,
  mapCreateAnswer,
  mapPaymentAnswer,
  mapRefundAnswer,
  mapRefundQueryAnswer,
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
import { CREATE_PAYMENT_OUTCOMES, READ_OUTCOMES, REFUND_CALL_OUTCOMES } from './outcomes';
import { MER_DATE_PATTERN, OUT_TRADE_NO_PATTERN, RET, UMF_METHODS, UMF_PATHS, merDateOf, requestTarget, umfUrl, type UmfOperation } from './protocol';
import { loadPrivateKey, loadPublicKey, requestSigningBytes, signBytes } from './signature';
import { settleDateAfter, toSettlementStatement } from './statement';

export { UMF_DEFAULTS, umfConfigSchema, umfSecretsSchema, type UmfConfig, type UmfConfigInput, type UmfSecrets } from './config';
export { RET as UMF_RET, type UmfOperation } from './protocol';

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
  const merDate = (instant: string | Date) => merDateOf(instant, settings.merDateTimeZone);

  type CallOptions = { id?: string; query?: Record<string, string>; body?: unknown; timeoutMs: number };

  /** One signed, authorised exchange. The body text and its signature are made once and re-sent as they are. */
  function exchange(operation: Exclude<UmfOperation, 'token'>, options: CallOptions): Promise<Exchange<HttpResponse>> {
    const url = umfUrl(settings.baseUrl, UMF_PATHS[operation], options.id, options.query);
    const method = UMF_METHODS[operation];
    const body = options.body === undefined ? undefined : JSON.stringify(options.body);
    const signature = signBytes(requestSigningBytes(requestTarget(url), body), privateKey, settings.signatureAlgorithm);
    const headers: Record<string, string> = body === undefined ? { Accept: 'application/json' } : { ...JSON_HEADERS };
    headers.Signature = signature;
    return exchangeOf(() =>
      withToken(
        tokens,
        (token) => http.send({ method, url, headers: { ...headers, Authorization: `Bearer ${token}` }, timeoutMs: options.timeoutMs, operation, ...(body === undefined ? {} : { body }) }),
        isTokenRefusal,
      ),
    );
  }

  /** One exchange of `operation`, and its outcome by `table`; an answer is read by `read`. */
  async function call<O>(operation: Exclude<UmfOperation, 'token'>, options: CallOptions, table: OutcomeTable<O>, read: (answer: UmfAnswer) => O): Promise<O> {
    return outcomeOf(table, await exchange(operation, options), (response) => read(readAnswer(response, context)));
  }

  /** A query or a list page: the answer, or why there is none. */
  const query = (operation: Exclude<UmfOperation, 'token'>, options: CallOptions): Promise<UmfAnswer> => call(operation, options, READ_OUTCOMES, (answer) => answer);

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
      const pageQuery = { [source.dayParam]: day, page_number: String(page), page_size: String(settings.pageSize) };
      const answer = await query(source.operation, { query: pageQuery, timeoutMs: settings.timeouts.listMs });
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
    return mapPaymentAnswer(await query('queryPayment', { id, timeoutMs: settings.timeouts.queryMs }), expected, id);
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
        return error instanceof TokenError && error.kind === 'refused' ? { ok: false, code: 'auth_failed', message } : { ok: false, code: 'unreachable', message };
      }
      // one signed, harmless GET (today's first transaction): proves our Signature is accepted and (with a public key) UMF's verifies
      const probe = { mer_date: merDate(clock.now()), page_number: '1', page_size: '1' };
      const result = await exchange('transactions', { query: probe, timeoutMs: settings.timeouts.queryMs });
      if (result.kind === 'transport') return { ok: false, code: 'unreachable', message: `${result.error.kind}: ${result.error.message}` };
      if (result.kind === 'token_failed') return { ok: false, code: result.error.kind === 'refused' ? 'auth_failed' : 'unreachable', message: result.error.message };
      if (result.kind === 'unauthorized') return { ok: false, code: 'auth_failed', message: 'UMF refused a fresh access token' };
      const answer = readAnswer(result.response, context);
      switch (answer.kind) {
        case 'ok':
          return { ok: true, detail: umfKey === undefined ? 'token issued; signed request accepted (answer signatures are not checked: no UMF public key set)' : 'token issued; signed request accepted; answer signature verified' };
        case 'error':
          return answer.code === RET.SIGNATURE_INVALID
            ? { ok: false, code: 'bad_config', message: `UMF refused our Signature (check the private key and the signature algorithm): ${answer.message}` }
            : { ok: false, code: 'rejected', message: `${answer.code} ${answer.message}` };
        case 'refusedHttp':
          return { ok: false, code: 'rejected', message: answer.reason };
        case 'unknown':
          return answer.reason.startsWith('untrusted answer')
            ? { ok: false, code: 'bad_config', message: `UMF's answer does not verify with the configured UMF public key (${answer.reason})` }
            : { ok: false, code: 'unreachable', message: answer.reason };
      }
    },

    async createQrPayment(request: QrPaymentRequest): Promise<QrCreateResult> {
      const { outTradeNo, amount } = request;
      const refused = localRefusal(outTradeNo, amount);
      if (refused) return { outcome: 'rejected', ...refused };
      const paymentMethod = walletPaymentMethod(settings, request.wallet);
      if (paymentMethod === undefined) return { outcome: 'rejected', code: LOCAL_CODES.WALLET_NOT_SUPPORTED, message: `UMF takes no ${request.wallet ?? ''} QR payments` };
      // the same request gives the same body: a repeat by core re-sends the same mer_reference_id, mer_date and amount
      const body = createPaymentBody(settings, { outTradeNo, amount, merDate: merDate(request.createdAt), paymentMethod, description: request.description });
      const expected: ExpectedOrder = { outTradeNo, amount };
      const result = await call('createPayment', { body, timeoutMs: settings.timeouts.createMs }, CREATE_PAYMENT_OUTCOMES, (answer) => {
        const { paymentId, ...mapped } = mapCreateAnswer(answer, expected);
        if (paymentId !== undefined) remember(paymentIds, outTradeNo, paymentId);
        return mapped as QrCreateResult;
      });
      if (result.outcome === 'created') logger.info('umf QR created', { outTradeNo, paymentId: result.gatewayTradeNo });
      else if (result.outcome === 'rejected') logger.warn('umf create rejected', { outTradeNo, code: result.code, message: result.message });
      else logger.warn('umf create not confirmed', { outTradeNo, reason: result.reason });
      return result;
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
      const state = await call('refund', { id: paymentId, body, timeoutMs: settings.timeouts.createMs }, REFUND_CALL_OUTCOMES, (answer) => mapRefundAnswer(answer, outRefundNo));
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
      return mapRefundQueryAnswer(await query('queryRefund', { id, timeoutMs: settings.timeouts.queryMs }), id);
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
      const answer = await query('exchangeRate', { query: { currency }, timeoutMs: settings.timeouts.queryMs });
      if (answer.kind !== 'ok') return { unavailable: answer.kind === 'error' ? `${answer.code} ${answer.message}` : answer.reason };
      const rate = readExchangeRate(answer.body, currency);
      return rate === undefined ? { unavailable: `no rate for ${currency} in the answer` } : { rate };
    },
  };
  // last, once nothing above can throw: a client that was never made takes nothing over
  const previousTokens = deps.previous === undefined ? undefined : tokenManagers.get(deps.previous);
  previousTokens?.handOverTo(tokens);
  tokenManagers.set(gateway, tokens);
  return gateway;
}
