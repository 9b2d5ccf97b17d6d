// The payment journal on SQLite: every write is one IMMEDIATE transaction committed with
// synchronous=FULL, so when insertPayment returns, the payment is on disk (write-ahead, design 5.1).
import path from 'node:path';
import Database from 'better-sqlite3';
import type { Mode, Payment } from '../../shared/payment';
import { systemClock, type Clock, type NewPaymentRecord, type PaymentChange, type PaymentJournal } from '../core/ports';
import { openDatabase, readSettings, type JournalSettings } from './connection';
import { JournalError } from './errors';
import { preparePaymentStatements, rowToPayment, type PaymentStatements } from './payments';
import { toUtcIso, toUtcIsoOrNull } from './timestamps';

export interface JournalOptions {
  /** stamps updated_at; defaults to the system clock */
  clock?: Clock;
}

export interface SqlitePaymentJournal extends PaymentJournal {
  /** the connection, for the journal's own query modules (refunds, reports); never for core */
  database(): Database.Database;
  /** the settings the connection really runs with, read back from SQLite */
  settings(): JournalSettings;
}

export function openJournal(filePath: string, options: JournalOptions = {}): SqlitePaymentJournal {
  const { db } = openDatabase(filePath);
  try {
    return new SqliteJournal(db, path.resolve(filePath), options.clock ?? systemClock);
  } catch (error) {
    db.close();
    throw error;
  }
}

class SqliteJournal implements SqlitePaymentJournal {
  private readonly statements: PaymentStatements;
  private readonly insertTx: (record: NewPaymentRecord) => Payment;
  private readonly changeTx: (outTradeNo: string, change: PaymentChange) => Payment;
  private readonly readTx: (outTradeNo: string, withHistory: boolean) => Payment | undefined;

  constructor(
    private readonly db: Database.Database,
    private readonly filePath: string,
    private readonly clock: Clock,
  ) {
    this.statements = preparePaymentStatements(db);
    this.insertTx = db.transaction((record: NewPaymentRecord) => this.insertInTx(record)).immediate;
    this.changeTx = db.transaction((outTradeNo: string, change: PaymentChange) => this.changeInTx(outTradeNo, change)).immediate;
    // One read transaction, so the row and its history are the same snapshot.
    this.readTx = db.transaction((outTradeNo: string, withHistory: boolean) => this.readInTx(outTradeNo, withHistory)).deferred;
  }

  insertPayment(record: NewPaymentRecord): Payment {
    return translateSqliteError(() => this.insertTx(record), record.outTradeNo);
  }

  applyChange(outTradeNo: string, change: PaymentChange): Payment {
    return translateSqliteError(() => this.changeTx(outTradeNo, change), outTradeNo);
  }

  getPayment(outTradeNo: string, withHistory = false): Payment | undefined {
    return withHistory ? this.readTx(outTradeNo, true) : this.readInTx(outTradeNo, false);
  }

  listPayments(mode: Mode, fromIso: string, toIso: string): Payment[] {
    const from = toUtcIso(fromIso, 'fromIso');
    const to = toUtcIso(toIso, 'toIso');
    return this.statements.selectRange.all({ mode, from, to }).map((row) => rowToPayment(row));
  }

  listUnresolved(mode: Mode, watchSinceIso: string): Payment[] {
    const watchSince = toUtcIso(watchSinceIso, 'watchSinceIso');
    return this.statements.selectUnresolved.all({ mode, watchSince }).map((row) => rowToPayment(row));
  }

  settings(): JournalSettings {
    return readSettings(this.db, this.filePath);
  }

  database(): Database.Database {
    return this.db;
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  private insertInTx(record: NewPaymentRecord): Payment {
    const { outTradeNo, amount } = record;
    if (!Number.isSafeInteger(amount.minor)) {
      throw new JournalError('invalid_record', `payment ${outTradeNo}: amount ${amount.minor} is not an integer of minor units`);
    }
    const createdAt = toUtcIso(record.createdAt, 'createdAt');
    this.statements.insertPayment.run({
      outTradeNo,
      mode: record.mode,
      method: record.method,
      amountMinor: amount.minor,
      currency: amount.currency,
      note: record.note ?? null,
      wallet: record.wallet ?? null,
      profileId: record.profileId,
      gatewayKind: record.gatewayKind,
      expiresAt: toUtcIsoOrNull(record.expiresAt, 'expiresAt'),
      buyerCodeLast4: record.buyerCodeLast4 ?? null,
      equivalentMinor: record.equivalent?.minor ?? null,
      equivalentCurrency: record.equivalent?.currency ?? null,
      createdAt,
      updatedAt: this.now(),
    });
    this.statements.insertHistory.run({ outTradeNo, status: 'pending', at: createdAt, source: 'app', detail: 'written ahead' });
    return this.readBack(outTradeNo);
  }

  private changeInTx(outTradeNo: string, change: PaymentChange): Payment {
    const at = toUtcIso(change.at, 'at');
    const { changes } = this.statements.updatePayment.run({
      outTradeNo,
      status: change.status,
      qrCode: change.qrCode ?? null,
      expiresAt: toUtcIsoOrNull(change.expiresAt, 'expiresAt'),
      gatewayTradeNo: change.gatewayTradeNo ?? null,
      failureCode: change.failureCode ?? null,
      failureMessage: change.failureMessage ?? null,
      paidAt: toUtcIsoOrNull(change.paidAt, 'paidAt'),
      late: change.late === undefined ? null : change.late ? 1 : 0,
      updatedAt: this.now(),
    });
    if (changes === 0) throw new JournalError('payment_not_found', `no payment ${outTradeNo} in the journal`);
    this.statements.insertHistory.run({ outTradeNo, status: change.status, at, source: change.source, detail: change.detail ?? null });
    return this.readBack(outTradeNo);
  }

  private readInTx(outTradeNo: string, withHistory: boolean): Payment | undefined {
    const row = this.statements.selectPayment.get(outTradeNo);
    if (row === undefined) return undefined;
    return rowToPayment(row, withHistory ? this.statements.selectHistory.all(outTradeNo) : undefined);
  }

  private readBack(outTradeNo: string): Payment {
    const row = this.statements.selectPayment.get(outTradeNo);
    if (row === undefined) throw new JournalError('payment_not_found', `no payment ${outTradeNo} in the journal`);
    return rowToPayment(row);
  }

  private now(): string {
    return toUtcIso(this.clock.now().toISOString(), 'clock');
  }
}

/** SQLite's constraint errors, as journal errors that say which payment and which rule. */
function translateSqliteError<T>(write: () => T, outTradeNo: string): T {
  try {
    return write();
  } catch (error) {
    if (error instanceof Database.SqliteError) {
      if (error.code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || error.code === 'SQLITE_CONSTRAINT_UNIQUE') {
        throw new JournalError('duplicate_payment', `payment ${outTradeNo} is already in the journal; a new sale needs a new number`, {
          cause: error,
        });
      }
      if (error.code.startsWith('SQLITE_CONSTRAINT')) {
        throw new JournalError('invalid_record', `payment ${outTradeNo} refused by the journal: ${error.message}`, { cause: error });
      }
    }
    throw error;
  }
}
