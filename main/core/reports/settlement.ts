// Settlement: a gateway's statement of what it paid into the merchant's bank account on a settlement
// day (capability 'settlementStatement': UMF's reconciliation statement), matched to the journal.
//
// - The day is the gateway's settlement day (a calendar day, YYYY-MM-DD, sent as YYYYMMDD), not a
//   business day: a sale is settled some days after it was made (UMF: settleLagDays, T+1).
// - Profiles: the one asked for, else every profile with the capability that took a payment or a
//   refund in the journal window, in the current mode.
// - The journal window: payments and refunds created from LOOKBACK_DAYS business days before the
//   settlement day to its end. A line is matched to a payment by the gateway's payment id, else by
//   our out_trade_no; to a refund by the gateway's refund id, else by our out_refund_no.
// - matched: same amount and the journal says the money moved (paid / succeeded);
//   amount_mismatch: another amount or currency; status_mismatch: the journal says otherwise (an
//   unknown payment the gateway settled, a refund we hold as failed...);
//   statement_only: a line of no journal entry (of the window);
//   journal_only: a payment paid or a refund succeeded whose settlement day (the gateway's
//   settleDateOf) is this day, and no line.
import type { Settlement, SettlementMatch, SettlementRow } from '../../../shared/contract/settlement';
import type { BusinessDaySettings } from '../../../shared/contract/settings';
import { PosError } from '../../../shared/errors';
import type { Money } from '../../../shared/money';
import type { Clock, GatewayDirectory, Logger, PaymentGateway, SettlementLine, SettlementStatement } from '../ports';
import { addDays, businessDaySpan, parseDay } from './business-day';
import type { LocalPayment, LocalRefund, ReportStore } from './ports';

/** how far back (business days) a settled line's payment or refund is looked for in the journal */
export const LOOKBACK_DAYS = 31;

export interface SettlementDeps {
  store: Pick<ReportStore, 'paymentsOfDay' | 'refundsOfDay'>;
  directory: Pick<GatewayDirectory, 'mode' | 'byProfile'>;
  clock: Clock;
  business: () => BusinessDaySettings;
  logger: Logger;
}

type StatementTotals = Settlement['statements'][number];

const MATCH_ORDER: readonly SettlementMatch[] = ['amount_mismatch', 'status_mismatch', 'statement_only', 'journal_only', 'matched'];

const sameMoney = (a: Money, b: Money) => a.minor === b.minor && a.currency === b.currency;

/** Integer sums per currency, in the order the currencies first appear. */
function sumByCurrency(amounts: readonly Money[]): Money[] {
  const sums = new Map<string, number>();
  for (const a of amounts) sums.set(a.currency, (sums.get(a.currency) ?? 0) + a.minor);
  return [...sums].map(([currency, minor]) => ({ minor, currency }));
}

function totalsOf(profileId: string, gatewayKind: string, statement: SettlementStatement): StatementTotals {
  const payments = statement.lines.filter((l) => l.kind === 'payment');
  const refunds = statement.lines.filter((l) => l.kind === 'refund');
  const net = sumByCurrency([...payments.map((p) => p.exchanged ?? p.amount), ...refunds.map((r) => ({ ...r.amount, minor: -r.amount.minor }))]);
  const transfer = statement.transfer ?? null;
  const transferMatches =
    transfer === null || (net.length === 0 ? transfer.minor === 0 : net.length === 1 && net[0] !== undefined && sameMoney(net[0], transfer));
  return {
    profileId,
    gatewayKind,
    paymentsCount: payments.length,
    payments: sumByCurrency(payments.map((p) => p.amount)),
    refundsCount: refunds.length,
    refunds: sumByCurrency(refunds.map((r) => r.amount)),
    fees: sumByCurrency(payments.flatMap((p) => (p.fee ? [p.fee] : []))),
    exchanged: sumByCurrency(payments.flatMap((p) => (p.exchanged ? [p.exchanged] : []))),
    net,
    transfer,
    transferMatches,
  };
}

function statementSide(line: SettlementLine): NonNullable<SettlementRow['statement']> {
  return {
    amount: line.amount,
    state: line.state,
    ...(line.fee ? { fee: line.fee } : {}),
    ...(line.exchanged ? { exchanged: line.exchanged } : {}),
    ...(line.exchangeRate ? { exchangeRate: line.exchangeRate } : {}),
    ...(line.at ? { at: line.at } : {}),
  };
}

const journalSide = (amountMinor: number, currency: string, status: string, createdAt: string) => ({ amount: { minor: amountMinor, currency }, status, createdAt });

function compare(line: SettlementLine, journal: { amount: Money; settled: boolean }): SettlementMatch {
  if (!sameMoney(line.amount, journal.amount)) return 'amount_mismatch';
  return journal.settled ? 'matched' : 'status_mismatch';
}

/** Lookup by the first key that finds something. */
function indexBy<T>(items: readonly T[], key: (item: T) => string | null | undefined): Map<string, T> {
  const map = new Map<string, T>();
  for (const item of items) {
    const k = key(item);
    if (k) map.set(k, item);
  }
  return map;
}

export function matchStatement(
  profileId: string,
  statement: SettlementStatement,
  payments: readonly LocalPayment[],
  refunds: readonly LocalRefund[],
  settledOn: (createdAt: string) => string,
): SettlementRow[] {
  const rows: SettlementRow[] = [];
  const byTradeNo = indexBy(payments, (p) => p.gatewayTradeNo);
  const byOutTradeNo = indexBy(payments, (p) => p.outTradeNo);
  const byRefundNo = indexBy(refunds, (r) => r.gatewayRefundNo);
  const byOutRefundNo = indexBy(refunds, (r) => r.outRefundNo);
  const seenPayments = new Set<LocalPayment>();
  const seenRefunds = new Set<LocalRefund>();
  for (const line of statement.lines) {
    const ids = {
      ...(line.gatewayTradeNo ? { gatewayTradeNo: line.gatewayTradeNo } : {}),
      ...(line.gatewayRefundNo ? { gatewayRefundNo: line.gatewayRefundNo } : {}),
    };
    if (line.kind === 'payment') {
      const found = (line.gatewayTradeNo ? byTradeNo.get(line.gatewayTradeNo) : undefined) ?? (line.outTradeNo ? byOutTradeNo.get(line.outTradeNo) : undefined);
      if (found) seenPayments.add(found);
      const outTradeNo = found?.outTradeNo ?? line.outTradeNo;
      rows.push({
        match: found ? compare(line, { amount: { minor: found.amountMinor, currency: found.currency }, settled: found.status === 'paid' }) : 'statement_only',
        txKind: 'payment',
        profileId,
        ...(outTradeNo ? { outTradeNo } : {}),
        ...ids,
        statement: statementSide(line),
        ...(found ? { journal: journalSide(found.amountMinor, found.currency, found.status, found.createdAt) } : {}),
      });
    } else {
      const found = (line.gatewayRefundNo ? byRefundNo.get(line.gatewayRefundNo) : undefined) ?? (line.outRefundNo ? byOutRefundNo.get(line.outRefundNo) : undefined);
      if (found) seenRefunds.add(found);
      const outTradeNo = found?.outTradeNo ?? line.outTradeNo ?? (line.gatewayTradeNo ? byTradeNo.get(line.gatewayTradeNo)?.outTradeNo : undefined);
      const outRefundNo = found?.outRefundNo ?? line.outRefundNo;
      rows.push({
        match: found ? compare(line, { amount: { minor: found.amountMinor, currency: found.currency }, settled: found.status === 'succeeded' }) : 'statement_only',
        txKind: 'refund',
        profileId,
        ...(outTradeNo ? { outTradeNo } : {}),
        ...(outRefundNo ? { outRefundNo } : {}),
        ...ids,
        statement: statementSide(line),
        ...(found ? { journal: journalSide(found.amountMinor, found.currency, found.status, found.createdAt) } : {}),
      });
    }
  }
  const day = statement.settleDate;
  for (const p of payments) {
    if (p.status !== 'paid' || seenPayments.has(p) || settledOn(p.createdAt) !== day) continue;
    rows.push({
      match: 'journal_only',
      txKind: 'payment',
      profileId,
      outTradeNo: p.outTradeNo,
      ...(p.gatewayTradeNo ? { gatewayTradeNo: p.gatewayTradeNo } : {}),
      journal: journalSide(p.amountMinor, p.currency, p.status, p.createdAt),
    });
  }
  for (const r of refunds) {
    if (r.status !== 'succeeded' || seenRefunds.has(r) || settledOn(r.createdAt) !== day) continue;
    rows.push({
      match: 'journal_only',
      txKind: 'refund',
      profileId,
      outTradeNo: r.outTradeNo,
      outRefundNo: r.outRefundNo,
      ...(r.gatewayRefundNo ? { gatewayRefundNo: r.gatewayRefundNo } : {}),
      journal: journalSide(r.amountMinor, r.currency, r.status, r.createdAt),
    });
  }
  return rows;
}

function hasStatement(gateway: PaymentGateway | undefined): gateway is PaymentGateway & Required<Pick<PaymentGateway, 'settlementStatement' | 'settleDateOf'>> {
  return gateway !== undefined && gateway.capabilities.has('settlementStatement') && typeof gateway.settlementStatement === 'function' && typeof gateway.settleDateOf === 'function';
}

export class Settlements {
  constructor(private readonly deps: SettlementDeps) {}

  async settlement(day: string, profileId?: string): Promise<Settlement> {
    parseDay(day);
    const { store, directory, clock, logger } = this.deps;
    const mode = directory.mode();
    const business = this.deps.business();
    const from = businessDaySpan(addDays(day, -LOOKBACK_DAYS), business).from;
    const to = businessDaySpan(day, business).to;
    const payments = store.paymentsOfDay(mode, from, to, profileId);
    const refunds = store.refundsOfDay(mode, from, to, profileId);
    let profiles: string[];
    if (profileId !== undefined) {
      const gateway = directory.byProfile(profileId);
      if (!gateway) throw new PosError('gateway_not_configured', `no gateway profile ${profileId}`);
      if (!hasStatement(gateway)) throw new PosError('capability_missing', `profile ${profileId} has no settlement statement`);
      profiles = [profileId];
    } else {
      profiles = [...new Set([...payments, ...refunds].map((x) => x.profileId))].filter((id) => hasStatement(directory.byProfile(id))).sort();
    }
    const settleDate = day.replace(/-/g, '');
    const statements: StatementTotals[] = [];
    const rows: SettlementRow[] = [];
    for (const profile of profiles) {
      const gateway = directory.byProfile(profile);
      if (!hasStatement(gateway)) continue;
      let statement: SettlementStatement;
      try {
        statement = await gateway.settlementStatement(settleDate);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        throw new PosError('gateway_unavailable', `the settlement statement of ${profile} for ${settleDate} could not be fetched: ${message}`, { profileId: profile, settleDate });
      }
      statements.push(totalsOf(profile, gateway.kind, statement));
      const settledOn = (createdAt: string) => gateway.settleDateOf(createdAt);
      rows.push(...matchStatement(profile, statement, payments.filter((p) => p.profileId === profile), refunds.filter((r) => r.profileId === profile), settledOn));
    }
    const text = (s: string | undefined) => s ?? '';
    rows.sort(
      (a, b) =>
        MATCH_ORDER.indexOf(a.match) - MATCH_ORDER.indexOf(b.match) ||
        text(a.profileId).localeCompare(text(b.profileId)) ||
        a.txKind.localeCompare(b.txKind) ||
        text(a.outTradeNo).localeCompare(text(b.outTradeNo)) ||
        text(a.outRefundNo).localeCompare(text(b.outRefundNo)),
    );
    const counts = { matched: 0, amount_mismatch: 0, status_mismatch: 0, statement_only: 0, journal_only: 0 };
    for (const row of rows) counts[row.match] += 1;
    logger.info('settlement matched', { day, mode, profiles, ...counts });
    return { settleDay: day, mode, generatedAt: clock.now().toISOString(), statements, counts, rows };
  }
}
