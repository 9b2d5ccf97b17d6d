// Refund rows over the payment journal's connection (migration 2's refunds and refund_status_history
// tables). Every write is one IMMEDIATE transaction: the write-ahead insert re-checks, in SQL and
// under the write lock, that the payment is paid and that the refund fits in what is left of it, so
// two refunds started at once (from one process or two) can never together exceed the payment
// (the refund-ceiling safety rule, docs/safety-rules.md).
import Database from 'better-sqlite3';
import type { Mode, PaymentStatus, StatusSource } from '../../shared/payment';
import { isFinalRefundStatus, type Refund, type RefundStatus } from '../../shared/refund';
import { systemClock, type Clock } from '../core/ports';
import {
  RefundWriteError,
  type NewRefundRecord,
  type RefundChange,
  type RefundJournal,
  type RefundTotals,
} from '../core/refunds/ports';
import { JournalError } from './errors';
import type { SqlitePaymentJournal } from './journal';
import { toUtcIso } from './timestamps';

interface RefundRow {
  out_refund_no: string;
  out_trade_no: string;
  mode: string;
  amount_minor: number;
  currency: string;
  reason: string | null;
  status: string;
  gateway_refund_no: string | null;
  failure_code: string | null;
  failure_message: string | null;
  created_at: string;
  updated_at: string;
  settled_at: string | null;
}

interface RefundHistoryRow {
  id: number;
  status: string;
  at: string;
  source: string;
  detail: string | null;
}

interface InsertRefundParams {
  outRefundNo: string;
  outTradeNo: string;
  mode: string;
  amountMinor: number;
  currency: string;
  reason: string | null;
  createdAt: string;
  updatedAt: string;
}

interface UpdateRefundParams {
  outRefundNo: string;
  status: string;
  gatewayRefundNo: string | null;
  failureCode: string | null;
  failureMessage: string | null;
  updatedAt: string;
  settledAt: string | null;
}

interface InsertRefundHistoryParams {
  outRefundNo: string;
  status: string;
  at: string;
  source: string;
  detail: string | null;
}

interface PaymentStandingRow {
  status: string;
  mode: string;
  currency: string;
  amount_minor: number;
  committed_minor: number;
}

interface TotalsRow {
  committed_minor: number;
  succeeded_minor: number;
}

/** The statuses of a refund that succeeded or may still succeed: they count against the payment. */
const COMMITTED = "'pending', 'unknown', 'processing', 'succeeded'";
const UNRESOLVED = "'pending', 'unknown', 'processing'";

const COLUMNS = `out_refund_no, out_trade_no, mode, amount_minor, currency, reason, status, gateway_refund_no,
  failure_code, failure_message, created_at, updated_at, settled_at`;

/**
 * Gateway references (Beeshop's order amendment id) are kept as history rows of the write-ahead
 * transaction, "reference <key>=<value>", which also show the cashier which amendment a refund
 * settles. Migration 2's extra_json column, meant for them, stays NULL: one place, not two.
 */
const REFERENCE_PREFIX = 'reference ';
const REFERENCE_KEY = /^[A-Za-z][A-Za-z0-9]{0,39}$/;

export interface RefundJournalOptions {
  /** stamps updated_at; defaults to the system clock */
  clock?: Clock;
}

export function openRefundJournal(journal: SqlitePaymentJournal, options: RefundJournalOptions = {}): RefundJournal {
  return new SqliteRefundJournal(journal.database(), options.clock ?? systemClock);
}

class SqliteRefundJournal implements RefundJournal {
  private readonly insertGuarded: Database.Statement<InsertRefundParams>;
  private readonly selectStanding: Database.Statement<[string], PaymentStandingRow>;
  private readonly update: Database.Statement<UpdateRefundParams>;
  private readonly insertHistory: Database.Statement<InsertRefundHistoryParams>;
  private readonly selectRefund: Database.Statement<[string], RefundRow>;
  private readonly selectHistory: Database.Statement<[string], RefundHistoryRow>;
  private readonly selectReferences: Database.Statement<[string], { detail: string }>;
  private readonly selectForPayment: Database.Statement<[string], RefundRow>;
  private readonly selectRange: Database.Statement<{ mode: string; from: string; to: string }, RefundRow>;
  private readonly selectUnresolved: Database.Statement<[string], RefundRow>;
  private readonly selectTotals: Database.Statement<[string], TotalsRow>;

  private readonly insertTx: (record: NewRefundRecord) => Refund;
  private readonly changeTx: (outRefundNo: string, change: RefundChange) => Refund;
  private readonly readTx: (outRefundNo: string) => Refund | undefined;
  private readonly readForPaymentTx: (outTradeNo: string) => Refund[];

  constructor(
    db: Database.Database,
    private readonly clock: Clock,
  ) {
    // The guard is part of the INSERT itself: no row is written unless the payment is paid, of the
    // same mode and currency, and the amount fits in paid minus every committed refund.
    this.insertGuarded = db.prepare<InsertRefundParams>(`
      INSERT INTO refunds (out_refund_no, out_trade_no, mode, amount_minor, currency, reason, status, created_at, updated_at)
      SELECT @outRefundNo, p.out_trade_no, p.mode, @amountMinor, p.currency, @reason, 'pending', @createdAt, @updatedAt
      FROM payments p
      WHERE p.out_trade_no = @outTradeNo
        AND p.status = 'paid'
        AND p.mode = @mode
        AND p.currency = @currency
        AND @amountMinor <= p.amount_minor - (
          SELECT coalesce(sum(r.amount_minor), 0) FROM refunds r
          WHERE r.out_trade_no = p.out_trade_no AND r.status IN (${COMMITTED}))`);
    this.selectStanding = db.prepare<[string], PaymentStandingRow>(`
      SELECT p.status, p.mode, p.currency, p.amount_minor,
        (SELECT coalesce(sum(r.amount_minor), 0) FROM refunds r
         WHERE r.out_trade_no = p.out_trade_no AND r.status IN (${COMMITTED})) AS committed_minor
      FROM payments p WHERE p.out_trade_no = ?`);
    this.update = db.prepare<UpdateRefundParams>(`
      UPDATE refunds SET
        status = @status,
        gateway_refund_no = coalesce(@gatewayRefundNo, gateway_refund_no),
        failure_code = coalesce(@failureCode, failure_code),
        failure_message = coalesce(@failureMessage, failure_message),
        updated_at = @updatedAt,
        settled_at = coalesce(@settledAt, settled_at)
      WHERE out_refund_no = @outRefundNo AND status IN (${UNRESOLVED})`);
    this.insertHistory = db.prepare<InsertRefundHistoryParams>(`
      INSERT INTO refund_status_history (out_refund_no, status, at, source, detail)
      VALUES (@outRefundNo, @status, @at, @source, @detail)`);
    this.selectRefund = db.prepare<[string], RefundRow>(`SELECT ${COLUMNS} FROM refunds WHERE out_refund_no = ?`);
    this.selectHistory = db.prepare<[string], RefundHistoryRow>(`
      SELECT id, status, at, source, detail FROM refund_status_history WHERE out_refund_no = ? ORDER BY id`);
    this.selectReferences = db.prepare<[string], { detail: string }>(`
      SELECT detail FROM refund_status_history
      WHERE out_refund_no = ? AND source = 'app' AND detail LIKE '${REFERENCE_PREFIX}%' ORDER BY id`);
    this.selectForPayment = db.prepare<[string], RefundRow>(`
      SELECT ${COLUMNS} FROM refunds WHERE out_trade_no = ? ORDER BY created_at, rowid`);
    this.selectRange = db.prepare<{ mode: string; from: string; to: string }, RefundRow>(`
      SELECT ${COLUMNS} FROM refunds
      WHERE mode = @mode AND created_at >= @from AND created_at < @to
      ORDER BY created_at, rowid`);
    this.selectUnresolved = db.prepare<[string], RefundRow>(`
      SELECT ${COLUMNS} FROM refunds
      WHERE mode = ? AND status IN (${UNRESOLVED})
      ORDER BY +created_at, rowid`);
    this.selectTotals = db.prepare<[string], TotalsRow>(`
      SELECT
        coalesce(sum(CASE WHEN status IN (${COMMITTED}) THEN amount_minor END), 0) AS committed_minor,
        coalesce(sum(CASE WHEN status = 'succeeded' THEN amount_minor END), 0) AS succeeded_minor
      FROM refunds WHERE out_trade_no = ?`);

    this.insertTx = db.transaction((record: NewRefundRecord) => this.insertInTx(record)).immediate;
    this.changeTx = db.transaction((outRefundNo: string, change: RefundChange) => this.changeInTx(outRefundNo, change)).immediate;
    // Read transactions, so a refund and its history are one snapshot.
    this.readTx = db.transaction((outRefundNo: string) => this.read(outRefundNo, true)).deferred;
    this.readForPaymentTx = db.transaction((outTradeNo: string) =>
      this.selectForPayment.all(outTradeNo).map((row) => rowToRefund(row, this.selectHistory.all(row.out_refund_no))),
    ).deferred;
  }

  insertRefund(record: NewRefundRecord): Refund {
    return translateSqliteError(() => this.insertTx(record), record.outRefundNo);
  }

  applyRefundChange(outRefundNo: string, change: RefundChange): Refund {
    return translateSqliteError(() => this.changeTx(outRefundNo, change), outRefundNo);
  }

  getRefund(outRefundNo: string, withHistory = false): Refund | undefined {
    return withHistory ? this.readTx(outRefundNo) : this.read(outRefundNo, false);
  }

  getRefundExtra(outRefundNo: string): Record<string, string> {
    const extra: Record<string, string> = {};
    for (const { detail } of this.selectReferences.all(outRefundNo)) {
      const text = detail.slice(REFERENCE_PREFIX.length);
      const equals = text.indexOf('=');
      if (equals <= 0) continue;
      const key = text.slice(0, equals);
      if (REFERENCE_KEY.test(key) && !(key in extra)) extra[key] = text.slice(equals + 1);
    }
    return extra;
  }

  listRefundsForPayment(outTradeNo: string, withHistory = false): Refund[] {
    if (withHistory) return this.readForPaymentTx(outTradeNo);
    return this.selectForPayment.all(outTradeNo).map((row) => rowToRefund(row));
  }

  listRefunds(mode: Mode, fromIso: string, toIso: string): Refund[] {
    const from = toUtcIso(fromIso, 'fromIso');
    const to = toUtcIso(toIso, 'toIso');
    return this.selectRange.all({ mode, from, to }).map((row) => rowToRefund(row));
  }

  listUnresolvedRefunds(mode: Mode): Refund[] {
    return this.selectUnresolved.all(mode).map((row) => rowToRefund(row));
  }

  refundTotals(outTradeNo: string): RefundTotals {
    const row = this.selectTotals.get(outTradeNo);
    return { committedMinor: row?.committed_minor ?? 0, succeededMinor: row?.succeeded_minor ?? 0 };
  }

  private insertInTx(record: NewRefundRecord): Refund {
    const { outRefundNo, outTradeNo, amount } = record;
    if (!Number.isSafeInteger(amount.minor) || amount.minor <= 0) {
      throw new JournalError('invalid_record', `refund ${outRefundNo}: amount ${amount.minor} is not a positive integer of minor units`);
    }
    const references = Object.entries(record.extra ?? {});
    for (const [key, value] of references) {
      if (!REFERENCE_KEY.test(key) || value.length === 0 || value.length > 200 || /[\r\n]/.test(value)) {
        throw new JournalError('invalid_record', `refund ${outRefundNo}: unusable gateway reference ${JSON.stringify(key.slice(0, 40))}`);
      }
    }
    const createdAt = toUtcIso(record.createdAt, 'createdAt');
    const { changes } = this.insertGuarded.run({
      outRefundNo,
      outTradeNo,
      mode: record.mode,
      amountMinor: amount.minor,
      currency: amount.currency,
      reason: record.reason ?? null,
      createdAt,
      updatedAt: this.now(),
    });
    if (changes === 0) this.explainRefusal(record);
    this.insertHistory.run({ outRefundNo, status: 'pending', at: createdAt, source: 'app', detail: 'written ahead' });
    for (const [key, value] of references) {
      this.insertHistory.run({ outRefundNo, status: 'pending', at: createdAt, source: 'app', detail: `${REFERENCE_PREFIX}${key}=${value}` });
    }
    return this.readBack(outRefundNo);
  }

  /** The guarded INSERT wrote nothing: say why, from the same transaction's view of the payment. */
  private explainRefusal(record: NewRefundRecord): never {
    const { outRefundNo, outTradeNo, amount, mode } = record;
    const standing = this.selectStanding.get(outTradeNo);
    if (standing === undefined) throw new RefundWriteError('payment_not_found', `no payment ${outTradeNo} in the journal`);
    const payment = { status: standing.status as PaymentStatus, mode: standing.mode as Mode, currency: standing.currency };
    if (standing.status !== 'paid') {
      throw new RefundWriteError('payment_not_refundable', `payment ${outTradeNo} is ${standing.status}, not paid`, { payment });
    }
    if (standing.mode !== mode) {
      throw new RefundWriteError('payment_not_refundable', `payment ${outTradeNo} is a ${standing.mode} payment; this refund is ${mode}`, { payment });
    }
    if (standing.currency !== amount.currency) {
      throw new RefundWriteError('payment_not_refundable', `payment ${outTradeNo} is in ${standing.currency}, not ${amount.currency}`, { payment });
    }
    const refundableMinor = Math.max(0, standing.amount_minor - standing.committed_minor);
    throw new RefundWriteError(
      'refund_exceeds',
      `refund ${outRefundNo} of ${amount.minor} exceeds what is left of payment ${outTradeNo} (${refundableMinor})`,
      { refundableMinor },
    );
  }

  private changeInTx(outRefundNo: string, change: RefundChange): Refund {
    const at = toUtcIso(change.at, 'at');
    const final = isFinalRefundStatus(change.status);
    const { changes } = this.update.run({
      outRefundNo,
      status: change.status,
      gatewayRefundNo: change.gatewayRefundNo ?? null,
      failureCode: change.failureCode ?? null,
      failureMessage: change.failureMessage ?? null,
      updatedAt: this.now(),
      settledAt: final ? at : null,
    });
    if (changes === 0) {
      // Either there is no such refund, or it is final already: a final refund never changes.
      const current = this.selectRefund.get(outRefundNo);
      if (current === undefined) throw new RefundWriteError('refund_not_found', `no refund ${outRefundNo} in the journal`);
      return rowToRefund(current);
    }
    this.insertHistory.run({ outRefundNo, status: change.status, at, source: change.source, detail: change.detail ?? null });
    return this.readBack(outRefundNo);
  }

  private read(outRefundNo: string, withHistory: boolean): Refund | undefined {
    const row = this.selectRefund.get(outRefundNo);
    if (row === undefined) return undefined;
    return rowToRefund(row, withHistory ? this.selectHistory.all(outRefundNo) : undefined);
  }

  private readBack(outRefundNo: string): Refund {
    const row = this.selectRefund.get(outRefundNo);
    if (row === undefined) throw new RefundWriteError('refund_not_found', `no refund ${outRefundNo} in the journal`);
    return rowToRefund(row);
  }

  private now(): string {
    return toUtcIso(this.clock.now().toISOString(), 'clock');
  }
}

/** The CHECK constraints guarantee the enum columns hold only the shared values. */
function rowToRefund(row: RefundRow, history?: readonly RefundHistoryRow[]): Refund {
  const refund: Refund = {
    outRefundNo: row.out_refund_no,
    outTradeNo: row.out_trade_no,
    mode: row.mode as Mode,
    amount: { minor: row.amount_minor, currency: row.currency },
    status: row.status as RefundStatus,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
  if (row.reason !== null) refund.reason = row.reason;
  if (row.gateway_refund_no !== null) refund.gatewayRefundNo = row.gateway_refund_no;
  if (row.failure_code !== null) refund.failureCode = row.failure_code;
  if (row.failure_message !== null) refund.failureMessage = row.failure_message;
  if (history !== undefined) {
    refund.history = history.map((h) => {
      const change: NonNullable<Refund['history']>[number] = { status: h.status as RefundStatus, at: h.at, source: h.source as StatusSource };
      if (h.detail !== null) change.detail = h.detail;
      return change;
    });
  }
  return refund;
}

/** SQLite's constraint errors, as errors that say which refund and which rule. */
function translateSqliteError<T>(write: () => T, outRefundNo: string): T {
  try {
    return write();
  } catch (error) {
    if (error instanceof Database.SqliteError) {
      if (error.code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || error.code === 'SQLITE_CONSTRAINT_UNIQUE') {
        throw new RefundWriteError('duplicate_refund', `refund ${outRefundNo} is already in the journal; a new refund needs a new number`, { cause: error });
      }
      if (error.code.startsWith('SQLITE_CONSTRAINT')) {
        throw new JournalError('invalid_record', `refund ${outRefundNo} refused by the journal: ${error.message}`, { cause: error });
      }
    }
    throw error;
  }
}
