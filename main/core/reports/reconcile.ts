// Reconciliation of a business day against the gateways' own records, per profile used that day in
// the current mode (training profiles answer from the simulators, so a training day reconciles too).
//
// - A gateway with the 'transactionList' capability (UMF) is asked for its list of each merchant
//   day (mer_date, YYYYMMDD) the business day touches in the store's time zone: one, or two with a
//   cut-off hour (and in the gateway's own dating, when its client offers merDate(): UMF dates
//   orders in its merDateTimeZone setting). The client fetches every page. Of those rows we keep the ones of our payments and
//   refunds of the day, and the ones that are not ours at all (no such number anywhere in the
//   journal) when their time falls in the business day or they carry no time. Rows of our other
//   days are left out: they belong to those days' reconciliations.
// - Any other gateway gets a status sweep: queryPayment for every payment of the day, and
//   queryRefund for every refund of the day where the gateway has 'refundStatus' (refunds of a
//   gateway without it are not checked). A sweep sees no "gateway only" rows, and no amount
//   differences unless the client reports them: the port's answers carry no amount (storepay's client
//   answers an order whose amount differs from ours as "unknown").
//
// Comparison, by out_trade_no for payments; for refunds by the gateway's refund id (UMF's list has no
// merchant refund number), then out_refund_no where the gateway sends it, then (for a refund of ours
// that never learnt its gateway id) the one refund of the same payment id and amount:
// - amount_mismatch: both sides have it, with different amounts (or currencies);
// - status_mismatch: both have it and disagree on whether money moved (we say paid, the gateway
//   says closed; we say unknown, the gateway says paid...), or a sweep could not get an answer
//   (gateway status "unknown": run it again);
// - matched: both have it and agree (both settled, or both not settled: declined here, failed there);
// - local_only: we have it settled (paid / succeeded) and the gateway has no such record;
// - gateway_only: the gateway has a record we do not have, whatever its status.
// A payment we never settled that the gateway does not know is not a difference and is not listed.
import type { Reconciliation } from '../../../shared/contract/reports';
import type { BusinessDaySettings } from '../../../shared/contract/settings';
import { PosError } from '../../../shared/errors';
import type { Money } from '../../../shared/money';
import type { Mode } from '../../../shared/payment';
import type {
  Clock,
  GatewayDirectory,
  GatewayPaymentState,
  GatewayRefundState,
  GatewayTransaction,
  Logger,
  PaymentGateway,
  PaymentRef,
} from '../ports';
import { addDays, businessDaySpan, calendarDatesCovering, parseDay, type DaySpan } from './business-day';
import type { LocalPayment, LocalRefund, ReportStore } from './ports';

export interface ReconcileDeps {
  store: ReportStore;
  directory: Pick<GatewayDirectory, 'mode' | 'byProfile'>;
  clock: Clock;
  business: () => BusinessDaySettings;
  logger: Logger;
  /** status queries in flight at once during a sweep; default 4 */
  sweepConcurrency?: number;
}

type Row = Reconciliation['rows'][number];
type Kind = Row['kind'];
type Side = { amount: Money; status: string };

const KIND_ORDER: readonly Kind[] = ['amount_mismatch', 'status_mismatch', 'local_only', 'gateway_only', 'matched'];

const SETTLED_PAYMENT_ROW: ReadonlySet<GatewayTransaction['status']> = new Set(['paid', 'refunded']);
const SETTLED_REFUND_ROW: ReadonlySet<GatewayTransaction['status']> = new Set(['refunded', 'paid']);

function sameAmount(a: Money, b: Money): boolean {
  return a.minor === b.minor && a.currency === b.currency;
}

function compareSides(local: Side, localSettled: boolean, gateway: Side, gatewaySettled: boolean | 'unknown'): Kind {
  if (!sameAmount(local.amount, gateway.amount)) return 'amount_mismatch';
  if (gatewaySettled === 'unknown') return 'status_mismatch';
  return localSettled === gatewaySettled ? 'matched' : 'status_mismatch';
}

function paymentRef(payment: LocalPayment): PaymentRef {
  return {
    outTradeNo: payment.outTradeNo,
    amount: { minor: payment.amountMinor, currency: payment.currency },
    createdAt: payment.createdAt,
    ...(payment.gatewayTradeNo ? { gatewayTradeNo: payment.gatewayTradeNo } : {}),
    ...(payment.wallet ? { wallet: payment.wallet } : {}),
  };
}

function paymentStateText(state: GatewayPaymentState): string {
  return state.state;
}

function refundStateText(state: GatewayRefundState): string {
  return state.state;
}

function compareText(a: string | undefined, b: string | undefined): number {
  const x = a ?? '';
  const y = b ?? '';
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Runs `work` over `items` with at most `limit` in flight; results in the items' order. */
async function mapLimited<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next;
      next += 1;
      results[index] = await work(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return results;
}

/**
 * The merchant days (YYYYMMDD) to list: those the business day touches in the store's time zone and,
 * when the client says how it dates orders (UMF's merDate(), in its own merDateTimeZone setting),
 * those it touches in the gateway's dating too, so that a gateway in another zone misses nothing.
 */
function merchantDates(gateway: PaymentGateway, span: DaySpan, business: BusinessDaySettings): string[] {
  const dates = new Set(calendarDatesCovering(span, business.timeZone));
  const dating = (gateway as { merDate?: unknown }).merDate;
  if (typeof dating === 'function') {
    const merDate = (instant: Date) => String(dating.call(gateway, instant));
    const first = merDate(new Date(span.fromMs));
    const last = merDate(new Date(span.toMs - 1));
    if (/^\d{8}$/.test(first) && /^\d{8}$/.test(last)) {
      const asDay = (d: string) => `${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6, 8)}`;
      for (let day = asDay(first); day <= asDay(last); day = addDays(day, 1)) dates.add(day.replace(/-/g, ''));
    }
  }
  return [...dates].sort();
}

/**
 * A refund of ours whose answer never gave us the gateway's refund id (unknown, still processing)
 * cannot be matched by id. It takes the one unclaimed gateway refund of the same payment (payment
 * id) and amount, and only when neither side has another candidate: a guess between two stays two rows.
 */
function claimByPayment(refunds: readonly LocalRefund[], claimed: Map<string, GatewayTransaction>, strangers: Map<string, GatewayTransaction>): void {
  const unnamed = refunds.filter((r) => !r.gatewayRefundNo && r.payment.gatewayTradeNo && !claimed.has(r.outRefundNo));
  const sameTarget = (r: LocalRefund, row: GatewayTransaction) =>
    row.gatewayTradeNo === r.payment.gatewayTradeNo && row.amount.minor === r.amountMinor && row.amount.currency === r.currency;
  for (const refund of unnamed) {
    const candidates = [...strangers].filter(([, row]) => sameTarget(refund, row));
    const rivals = unnamed.filter((other) => candidates.some(([, row]) => sameTarget(other, row)));
    const only = candidates[0];
    if (candidates.length !== 1 || rivals.length !== 1 || only === undefined) continue;
    strangers.delete(only[0]);
    claimed.set(refund.outRefundNo, only[1]);
  }
}

export class Reconciler {
  constructor(private readonly deps: ReconcileDeps) {}

  async reconcile(day: string, profileId?: string): Promise<Reconciliation> {
    parseDay(day);
    const { store, directory, clock, logger } = this.deps;
    const mode = directory.mode();
    const business = this.deps.business();
    const span = businessDaySpan(day, business);
    const payments = store.paymentsOfDay(mode, span.from, span.to, profileId);
    const refunds = store.refundsOfDay(mode, span.from, span.to, profileId);
    const profiles = profileId !== undefined ? [profileId] : [...new Set([...payments, ...refunds].map((x) => x.profileId))].sort();

    const rows: Row[] = [];
    const listedProfiles: string[] = [];
    const sweptProfiles: string[] = [];
    for (const profile of profiles) {
      const gateway = directory.byProfile(profile);
      if (!gateway) {
        if (profileId !== undefined) throw new PosError('gateway_not_configured', `no gateway profile ${profile}`);
        logger.warn('reconciliation skipped a profile that is not configured any more', { profileId: profile, day, mode });
        continue;
      }
      const ours = payments.filter((p) => p.profileId === profile);
      const ourRefunds = refunds.filter((r) => r.profileId === profile);
      if (gateway.capabilities.has('transactionList') && gateway.listTransactions) {
        rows.push(...(await this.byList(gateway, profile, ours, ourRefunds, span, business, mode)));
        listedProfiles.push(profile);
      } else {
        rows.push(...(await this.bySweep(gateway, profile, ours, ourRefunds)));
        sweptProfiles.push(profile);
      }
    }

    rows.sort(
      (a, b) =>
        KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) ||
        compareText(a.profileId, b.profileId) ||
        compareText(a.txKind, b.txKind) ||
        compareText(a.outTradeNo, b.outTradeNo) ||
        compareText(a.outRefundNo, b.outRefundNo),
    );
    const counts = { matched: 0, local_only: 0, gateway_only: 0, amount_mismatch: 0, status_mismatch: 0 };
    for (const row of rows) counts[row.kind] += 1;
    logger.info('reconciled', { day, mode, listedProfiles, sweptProfiles, ...counts });
    return { businessDay: day, mode, generatedAt: clock.now().toISOString(), listedProfiles, sweptProfiles, counts, rows };
  }

  private async byList(
    gateway: PaymentGateway,
    profileId: string,
    payments: readonly LocalPayment[],
    refunds: readonly LocalRefund[],
    span: DaySpan,
    business: BusinessDaySettings,
    mode: Mode,
  ): Promise<Row[]> {
    const { store } = this.deps;
    const list = gateway.listTransactions?.bind(gateway);
    if (!list) return [];
    const fetched: GatewayTransaction[] = [];
    for (const merDate of merchantDates(gateway, span, business)) {
      try {
        fetched.push(...(await list(merDate)));
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        throw new PosError('gateway_unavailable', `the transaction list of ${profileId} for ${merDate} could not be fetched: ${message}`, {
          profileId,
          merDate,
        });
      }
    }

    const ourPayments = new Map(payments.map((p) => [p.outTradeNo, p]));
    const ourRefunds = new Map(refunds.map((r) => [r.outRefundNo, r]));
    // UMF's list names a refund by its own refund_id (which we keep as gatewayRefundNo) and gives no
    // merchant refund number; a gateway that does send one is matched on it too.
    const ourRefundsByGatewayNo = new Map(refunds.flatMap((r) => (r.gatewayRefundNo ? [[r.gatewayRefundNo, r] as const] : [])));
    const ourRefundOf = (row: GatewayTransaction): LocalRefund | undefined =>
      (row.gatewayRefundNo !== undefined ? ourRefundsByGatewayNo.get(row.gatewayRefundNo) : undefined) ??
      (row.outRefundNo !== undefined ? ourRefunds.get(row.outRefundNo) : undefined);
    const inDay = (at: string | undefined) => {
      if (at === undefined) return true;
      const ms = Date.parse(at);
      return Number.isNaN(ms) || (ms >= span.fromMs && ms < span.toMs);
    };
    // one row per number; a settled row wins over an unsettled one for the same number
    const gatewayPayments = new Map<string, GatewayTransaction>();
    const gatewayRefunds = new Map<string, GatewayTransaction>();
    /** refunds the gateway has that none of ours of the day names, by the gateway's own key */
    const strangerRefunds = new Map<string, GatewayTransaction>();
    const keep = (map: Map<string, GatewayTransaction>, key: string, row: GatewayTransaction, settled: ReadonlySet<string>) => {
      const existing = map.get(key);
      if (!existing || (!settled.has(existing.status) && settled.has(row.status))) map.set(key, row);
    };
    for (const row of fetched) {
      if (row.kind === 'payment') {
        if (ourPayments.has(row.outTradeNo)) keep(gatewayPayments, row.outTradeNo, row, SETTLED_PAYMENT_ROW);
        else if (!store.hasPayment(row.outTradeNo) && inDay(row.at)) keep(gatewayPayments, row.outTradeNo, row, SETTLED_PAYMENT_ROW);
      } else {
        const refundNo = row.outRefundNo;
        const ours = ourRefundOf(row);
        if (ours) keep(gatewayRefunds, ours.outRefundNo, row, SETTLED_REFUND_ROW);
        else if ((refundNo === undefined || !store.hasRefund(refundNo)) && inDay(row.at)) {
          // a refund we never made (e.g. from the gateway's merchant portal): keyed so that two stay two
          const key = row.gatewayRefundNo ?? refundNo ?? `${row.outTradeNo}/${row.gatewayTradeNo ?? ''}/${row.amount.minor}/${row.at ?? ''}`;
          keep(strangerRefunds, key, row, SETTLED_REFUND_ROW);
        }
      }
    }
    claimByPayment(refunds, gatewayRefunds, strangerRefunds);

    const rows: Row[] = [];
    for (const payment of payments) {
      const local: Side = { amount: { minor: payment.amountMinor, currency: payment.currency }, status: payment.status };
      const settled = payment.status === 'paid';
      const row = gatewayPayments.get(payment.outTradeNo);
      gatewayPayments.delete(payment.outTradeNo);
      if (!row) {
        if (settled) rows.push({ kind: 'local_only', txKind: 'payment', outTradeNo: payment.outTradeNo, profileId, local });
        continue;
      }
      const gateway: Side = { amount: row.amount, status: row.status };
      rows.push({
        kind: compareSides(local, settled, gateway, SETTLED_PAYMENT_ROW.has(row.status)),
        txKind: 'payment',
        outTradeNo: payment.outTradeNo,
        profileId,
        local,
        gateway,
      });
    }
    for (const refund of refunds) {
      const local: Side = { amount: { minor: refund.amountMinor, currency: refund.currency }, status: refund.status };
      const settled = refund.status === 'succeeded';
      const row = gatewayRefunds.get(refund.outRefundNo);
      gatewayRefunds.delete(refund.outRefundNo);
      const ids = { txKind: 'refund' as const, outTradeNo: refund.outTradeNo, outRefundNo: refund.outRefundNo, profileId };
      if (!row) {
        if (settled) rows.push({ kind: 'local_only', ...ids, local });
        continue;
      }
      const gateway: Side = { amount: row.amount, status: row.status };
      rows.push({ kind: compareSides(local, settled, gateway, SETTLED_REFUND_ROW.has(row.status)), ...ids, local, gateway });
    }
    for (const row of [...gatewayPayments.values(), ...gatewayRefunds.values(), ...strangerRefunds.values()]) {
      rows.push({
        kind: 'gateway_only',
        txKind: row.kind,
        outTradeNo: row.outTradeNo,
        ...(row.outRefundNo !== undefined ? { outRefundNo: row.outRefundNo } : {}),
        profileId,
        gateway: { amount: row.amount, status: row.status },
      });
    }
    this.deps.logger.debug('transaction list compared', { profileId, mode, fetched: fetched.length, rows: rows.length });
    return rows;
  }

  private async bySweep(gateway: PaymentGateway, profileId: string, payments: readonly LocalPayment[], refunds: readonly LocalRefund[]): Promise<Row[]> {
    const limit = this.deps.sweepConcurrency ?? 4;
    const paymentRows = await mapLimited(payments, limit, async (payment): Promise<Row | undefined> => {
      const amount = { minor: payment.amountMinor, currency: payment.currency };
      const local: Side = { amount, status: payment.status };
      const settled = payment.status === 'paid';
      let state: GatewayPaymentState;
      try {
        state = await gateway.queryPayment(paymentRef(payment));
      } catch (error) {
        state = { state: 'unknown', reason: error instanceof Error ? error.message : String(error) };
      }
      const ids = { txKind: 'payment' as const, outTradeNo: payment.outTradeNo, profileId };
      if (state.state === 'not_found') return settled ? { kind: 'local_only', ...ids, local } : undefined;
      // the gateway confirmed the order for our amount (the port's answers carry none of their own)
      const gatewaySide: Side = { amount, status: paymentStateText(state) };
      const gatewaySettled = state.state === 'unknown' ? 'unknown' : state.state === 'paid';
      return { kind: compareSides(local, settled, gatewaySide, gatewaySettled), ...ids, local, gateway: gatewaySide };
    });

    const queryRefund = gateway.capabilities.has('refundStatus') ? gateway.queryRefund?.bind(gateway) : undefined;
    const refundRows = queryRefund
      ? await mapLimited(refunds, limit, async (refund): Promise<Row | undefined> => {
          const amount = { minor: refund.amountMinor, currency: refund.currency };
          const local: Side = { amount, status: refund.status };
          const settled = refund.status === 'succeeded';
          let state: GatewayRefundState;
          try {
            state = await queryRefund({
              payment: {
                outTradeNo: refund.outTradeNo,
                amount: { minor: refund.payment.amountMinor, currency: refund.payment.currency },
                createdAt: refund.payment.createdAt,
                ...(refund.payment.gatewayTradeNo ? { gatewayTradeNo: refund.payment.gatewayTradeNo } : {}),
                ...(refund.payment.wallet ? { wallet: refund.payment.wallet } : {}),
              },
              outRefundNo: refund.outRefundNo,
              refundAmount: amount,
              createdAt: refund.createdAt,
              ...(refund.gatewayRefundNo ? { gatewayRefundNo: refund.gatewayRefundNo } : {}),
            });
          } catch (error) {
            state = { state: 'unknown', reason: error instanceof Error ? error.message : String(error) };
          }
          const ids = { txKind: 'refund' as const, outTradeNo: refund.outTradeNo, outRefundNo: refund.outRefundNo, profileId };
          if (state.state === 'not_found') return settled ? { kind: 'local_only', ...ids, local } : undefined;
          const gatewaySide: Side = { amount, status: refundStateText(state) };
          const gatewaySettled = state.state === 'unknown' ? 'unknown' : state.state === 'succeeded';
          return { kind: compareSides(local, settled, gatewaySide, gatewaySettled), ...ids, local, gateway: gatewaySide };
        })
      : [];
    return [...paymentRows, ...refundRows].filter((row): row is Row => row !== undefined);
  }
}
