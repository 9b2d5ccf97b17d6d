// The journal against a real SQLite file in a temp folder: pragmas, migrations, the write-ahead
// record, status changes with their history, and the queries core relies on.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Clock, NewPaymentRecord, PaymentChange } from '../../main/core/ports';
import { JournalError, openJournal, type SqlitePaymentJournal } from '../../main/journal';
import { JOURNAL_APPLICATION_ID, MIGRATIONS } from '../../main/journal/migrations';
import { modeSchema, paymentMethodSchema, paymentStatusSchema, statusSourceSchema, walletSchema } from '../../shared/contract/schemas/payment';
import type { Mode, Payment, PaymentStatus } from '../../shared/payment';

const SCHEMA_VERSION = MIGRATIONS.length;

let dir: string;
let file: string;
const opened: SqlitePaymentJournal[] = [];

class TestClock implements Clock {
  constructor(public iso: string) {}
  now(): Date {
    return new Date(this.iso);
  }
}

function open(clock?: Clock): SqlitePaymentJournal {
  const journal = openJournal(file, clock ? { clock } : {});
  opened.push(journal);
  return journal;
}

function record(outTradeNo: string, overrides: Partial<NewPaymentRecord> = {}): NewPaymentRecord {
  return {
    outTradeNo,
    mode: 'training',
    method: 'qr',
    amount: { minor: 1234, currency: 'CNY' },
    profileId: 'sim-store',
    gatewayKind: 'store',
    createdAt: '2025-03-01T10:00:00.000Z',
    ...overrides,
  };
}

function change(status: PaymentStatus, overrides: Partial<PaymentChange> = {}): PaymentChange {
  return { status, source: 'gateway', at: '2025-03-01T10:00:05.000Z', ...overrides };
}

function expectJournalError(action: () => unknown, code: JournalError['code']): JournalError {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(JournalError);
    expect((error as JournalError).code).toBe(code);
    return error as JournalError;
  }
  throw new Error(`expected a JournalError ${code}`);
}

/** A second, independent connection, for looking at the file as it is on disk. */
function raw<T>(look: (db: Database.Database) => T): T {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return look(db);
  } finally {
    db.close();
  }
}

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'counter-journal-test-'));
  file = path.join(dir, 'data', 'nested', 'journal.sqlite');
});

afterEach(() => {
  for (const journal of opened.splice(0)) journal.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('opening', () => {
  it('creates the folder and runs with WAL, synchronous=FULL, foreign keys and a busy timeout', () => {
    const journal = open();
    expect(fs.existsSync(file)).toBe(true);
    expect(journal.settings()).toEqual({
      filePath: path.resolve(file),
      journalMode: 'wal',
      synchronous: 2,
      foreignKeys: true,
      busyTimeoutMs: 5000,
      schemaVersion: SCHEMA_VERSION,
    });
    // WAL is a property of the file: another connection sees it too.
    expect(raw((db) => db.pragma('journal_mode', { simple: true }))).toBe('wal');
  });

  it('applies the migrations once and re-opens without changing the schema', () => {
    open().insertPayment(record('ORDER-0001'));
    opened.pop()?.close();
    const schemaOf = () =>
      raw((db) => ({
        version: db.pragma('user_version', { simple: true }),
        applicationId: db.pragma('application_id', { simple: true }),
        objects: db.prepare('SELECT type, name, sql FROM sqlite_schema ORDER BY type, name').all(),
      }));
    const first = schemaOf();
    expect(first.version).toBe(SCHEMA_VERSION);
    expect(first.applicationId).toBe(JOURNAL_APPLICATION_ID);
    expect(first.objects.map((o) => (o as { name: string }).name)).toEqual(
      expect.arrayContaining(['payments', 'payment_status_history', 'payments_by_mode_created', 'payments_by_mode_status']),
    );

    for (let i = 0; i < 3; i += 1) {
      const again = open();
      expect(again.settings().schemaVersion).toBe(SCHEMA_VERSION);
      expect(again.getPayment('ORDER-0001', true)?.history).toHaveLength(1);
      again.close();
    }
    expect(schemaOf()).toEqual(first);
  });

  it('refuses a file written by a newer schema and leaves it untouched', () => {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const db = new Database(file);
    db.exec('CREATE TABLE future (x TEXT)');
    db.pragma(`application_id = ${JOURNAL_APPLICATION_ID}`);
    db.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    db.close();

    const error = expectJournalError(() => open(), 'schema_too_new');
    expect(error.message).toContain(`version ${SCHEMA_VERSION + 1}`);
    expect(error.message).toContain('newer');
    raw((check) => {
      expect(check.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION + 1);
      expect(check.pragma('journal_mode', { simple: true })).toBe('delete');
      expect(check.prepare("SELECT count(*) AS n FROM sqlite_schema WHERE name = 'payments'").get()).toEqual({ n: 0 });
    });
  });

  it("refuses another application's SQLite file and a file that is not SQLite", () => {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const db = new Database(file);
    db.pragma('application_id = 42');
    db.close();
    expectJournalError(() => open(), 'not_a_journal');

    fs.writeFileSync(file, 'this is not a database, just some text that is long enough to have a header '.repeat(10));
    expectJournalError(() => open(), 'not_a_journal');
  });
});

describe('writing ahead', () => {
  it('round-trips every field through insert, a change and a read', () => {
    const clock = new TestClock('2025-03-01T10:00:00.250Z');
    const journal = open(clock);
    const inserted = journal.insertPayment(
      record('SHOP1-T01-000042', {
        mode: 'live',
        method: 'scan',
        amount: { minor: 10002, currency: 'CNY' },
        note: 'table 7 — 两杯咖啡',
        wallet: 'alipay',
        profileId: 'umf-main',
        gatewayKind: 'umf',
        buyerCodeLast4: '4321',
        expiresAt: '2025-03-01T18:05:00+08:00',
        createdAt: '2025-03-01T10:00:00.000Z',
      }),
    );
    const expectedInsert: Payment = {
      outTradeNo: 'SHOP1-T01-000042',
      mode: 'live',
      method: 'scan',
      amount: { minor: 10002, currency: 'CNY' },
      note: 'table 7 — 两杯咖啡',
      wallet: 'alipay',
      profileId: 'umf-main',
      gatewayKind: 'umf',
      status: 'pending',
      expiresAt: '2025-03-01T10:05:00.000Z',
      buyerCodeLast4: '4321',
      late: false,
      createdAt: '2025-03-01T10:00:00.000Z',
      updatedAt: '2025-03-01T10:00:00.250Z',
    };
    expect(inserted).toEqual(expectedInsert);
    expect(journal.getPayment('SHOP1-T01-000042')).toEqual(expectedInsert);

    clock.iso = '2025-03-01T10:00:09.000Z';
    const changed = journal.applyChange(
      'SHOP1-T01-000042',
      change('paid', {
        at: '2025-03-01T10:00:08.500Z',
        detail: 'query: TRADE_SUCCESS',
        qrCode: 'https://qr.example/abc',
        expiresAt: '2025-03-01T10:06:00.000Z',
        gatewayTradeNo: 'GW-99887766',
        failureCode: 'NONE',
        failureMessage: 'no failure',
        paidAt: '2025-03-01T10:00:07.000Z',
        late: true,
      }),
    );
    const expectedPaid: Payment = {
      ...expectedInsert,
      status: 'paid',
      qrCode: 'https://qr.example/abc',
      expiresAt: '2025-03-01T10:06:00.000Z',
      gatewayTradeNo: 'GW-99887766',
      failureCode: 'NONE',
      failureMessage: 'no failure',
      paidAt: '2025-03-01T10:00:07.000Z',
      late: true,
      updatedAt: '2025-03-01T10:00:09.000Z',
    };
    expect(changed).toEqual(expectedPaid);
    expect(journal.getPayment('SHOP1-T01-000042', true)).toEqual({
      ...expectedPaid,
      history: [
        { status: 'pending', at: '2025-03-01T10:00:00.000Z', source: 'app', detail: 'written ahead' },
        { status: 'paid', at: '2025-03-01T10:00:08.500Z', source: 'gateway', detail: 'query: TRADE_SUCCESS' },
      ],
    });
    expect(journal.getPayment('NO-SUCH-ORDER')).toBeUndefined();
  });

  it('is on disk when insertPayment returns, before anything else happens', () => {
    const journal = open();
    journal.insertPayment(record('ORDER-DURABLE'));
    // Read through another connection while the journal is still open: the commit is visible.
    expect(raw((db) => db.prepare('SELECT out_trade_no, status, amount_minor FROM payments').all())).toEqual([
      { out_trade_no: 'ORDER-DURABLE', status: 'pending', amount_minor: 1234 },
    ]);
  });

  it('refuses a duplicate number and changes nothing', () => {
    const journal = open();
    journal.insertPayment(record('ORDER-0001'));
    journal.applyChange('ORDER-0001', change('unknown', { source: 'app', detail: 'timeout' }));
    const before = journal.getPayment('ORDER-0001', true);

    const error = expectJournalError(
      () => journal.insertPayment(record('ORDER-0001', { amount: { minor: 999, currency: 'CNY' }, mode: 'live' })),
      'duplicate_payment',
    );
    expect(error.message).toContain('ORDER-0001');
    expect(journal.getPayment('ORDER-0001', true)).toEqual(before);
    expect(journal.listPayments('live', '2000-01-01T00:00:00.000Z', '2100-01-01T00:00:00.000Z')).toEqual([]);
  });

  it('refuses records that break the schema, writing nothing', () => {
    const journal = open();
    const refused: NewPaymentRecord[] = [
      record('ORDER-ZERO', { amount: { minor: 0, currency: 'CNY' } }),
      record('ORDER-NEG', { amount: { minor: -5, currency: 'CNY' } }),
      record('ORDER-FRACTION', { amount: { minor: 1.5, currency: 'CNY' } }),
      record('ORDER-HUGE', { amount: { minor: 2 ** 53, currency: 'CNY' } }),
      record('ORDER-CURRENCY', { amount: { minor: 100, currency: 'cny' } }),
      record('ORDER-CODE', { method: 'scan', buyerCodeLast4: '28763443825664' }),
      record('bad no!'),
      record('short'),
      record('ORDER-MODE', { mode: 'demo' as Mode }),
      record('ORDER-WALLET', { wallet: 'paypal' as 'alipay' }),
      record('ORDER-LOCALTIME', { createdAt: '2025-03-01 10:00:00' }),
      record('ORDER-NOZONE', { createdAt: '2025-03-01T10:00:00' }),
    ];
    for (const bad of refused) {
      expectJournalError(() => journal.insertPayment(bad), 'invalid_record');
    }
    const zero = expectJournalError(() => journal.insertPayment(refused[0] as NewPaymentRecord), 'invalid_record');
    expect(zero.message).toContain('payment_amount_positive');
    expect(raw((db) => db.prepare('SELECT (SELECT count(*) FROM payments) AS p, (SELECT count(*) FROM payment_status_history) AS h').get())).toEqual({
      p: 0,
      h: 0,
    });
  });

  it('stores times as UTC text whatever zone they were given in', () => {
    const journal = open();
    const payment = journal.insertPayment(record('ORDER-ZONE', { createdAt: '2025-03-01T18:00:00+08:00' }));
    expect(payment.createdAt).toBe('2025-03-01T10:00:00.000Z');
  });
});

describe('status changes', () => {
  it('appends each change with its time and source, in order, and keeps fields a change does not carry', () => {
    const clock = new TestClock('2025-03-01T10:00:00.000Z');
    const journal = open(clock);
    journal.insertPayment(record('ORDER-0001'));
    journal.applyChange('ORDER-0001', change('pending', { source: 'app', at: '2025-03-01T10:00:01.000Z', qrCode: 'weixin://wxpay/1' }));
    journal.applyChange('ORDER-0001', change('unknown', { source: 'app', at: '2025-03-01T10:00:02.000Z', detail: 'query timed out' }));
    journal.applyChange('ORDER-0001', change('cancelled', { source: 'cashier', at: '2025-03-01T10:00:03.000Z' }));
    clock.iso = '2025-03-01T10:00:04.500Z';
    const last = journal.applyChange(
      'ORDER-0001',
      change('paid', { source: 'recovery', at: '2025-03-01T10:00:04.000Z', late: true, gatewayTradeNo: 'T-1' }),
    );

    expect(last).toMatchObject({ status: 'paid', qrCode: 'weixin://wxpay/1', gatewayTradeNo: 'T-1', late: true, updatedAt: clock.iso });
    expect(journal.getPayment('ORDER-0001', true)?.history).toEqual([
      { status: 'pending', at: '2025-03-01T10:00:00.000Z', source: 'app', detail: 'written ahead' },
      { status: 'pending', at: '2025-03-01T10:00:01.000Z', source: 'app' },
      { status: 'unknown', at: '2025-03-01T10:00:02.000Z', source: 'app', detail: 'query timed out' },
      { status: 'cancelled', at: '2025-03-01T10:00:03.000Z', source: 'cashier' },
      { status: 'paid', at: '2025-03-01T10:00:04.000Z', source: 'recovery' },
    ]);
    // Without history unless asked.
    expect(journal.getPayment('ORDER-0001')?.history).toBeUndefined();
  });

  it('throws for an unknown number and writes no history for it', () => {
    const journal = open();
    expectJournalError(() => journal.applyChange('NO-SUCH-ORDER', change('paid')), 'payment_not_found');
    expect(raw((db) => db.prepare('SELECT count(*) AS n FROM payment_status_history').get())).toEqual({ n: 0 });
  });

  it('rolls back the whole change when a part of it is refused', () => {
    const journal = open();
    journal.insertPayment(record('ORDER-0001'));
    const before = journal.getPayment('ORDER-0001', true);
    expectJournalError(() => journal.applyChange('ORDER-0001', change('refunded' as PaymentStatus)), 'invalid_record');
    expectJournalError(() => journal.applyChange('ORDER-0001', change('paid', { source: 'someone' as 'app' })), 'invalid_record');
    expectJournalError(() => journal.applyChange('ORDER-0001', change('paid', { paidAt: 'yesterday' })), 'invalid_record');
    expect(journal.getPayment('ORDER-0001', true)).toEqual(before);
  });

  it('accepts exactly the values of the shared enums', () => {
    const journal = open();
    modeSchema.options.forEach((mode, i) => journal.insertPayment(record(`ORDER-MODE-${i}`, { mode })));
    paymentMethodSchema.options.forEach((method, i) => journal.insertPayment(record(`ORDER-METHOD-${i}`, { method })));
    walletSchema.options.forEach((wallet, i) => journal.insertPayment(record(`ORDER-WALLET-${i}`, { wallet })));
    for (const status of paymentStatusSchema.options) {
      for (const source of statusSourceSchema.options) {
        expect(journal.applyChange('ORDER-MODE-0', change(status, { source })).status).toBe(status);
      }
    }
    expect(journal.getPayment('ORDER-MODE-0', true)?.history).toHaveLength(
      1 + paymentStatusSchema.options.length * statusSourceSchema.options.length,
    );
  });
});

describe('queries', () => {
  const at = (minute: number) => `2025-03-01T10:${String(minute).padStart(2, '0')}:00.000Z`;

  it('lists payments created in [from, to), newest first, one mode at a time', () => {
    const journal = open();
    for (let minute = 0; minute < 6; minute += 1) {
      journal.insertPayment(record(`TRAIN-${minute}-X`, { mode: 'training', createdAt: at(minute) }));
      journal.insertPayment(record(`LIVE-${minute}-XX`, { mode: 'live', createdAt: at(minute) }));
    }
    const numbers = (mode: Mode, from: string, to: string) => journal.listPayments(mode, from, to).map((p) => p.outTradeNo);

    expect(numbers('training', at(1), at(4))).toEqual(['TRAIN-3-X', 'TRAIN-2-X', 'TRAIN-1-X']);
    expect(numbers('live', at(1), at(4))).toEqual(['LIVE-3-XX', 'LIVE-2-XX', 'LIVE-1-XX']);
    expect(numbers('live', at(0), at(6))).toHaveLength(6);
    expect(journal.listPayments('live', at(0), at(6)).every((p) => p.mode === 'live')).toBe(true);
    expect(journal.listPayments('training', at(0), at(6)).every((p) => p.mode === 'training')).toBe(true);
    expect(numbers('training', at(2), at(2))).toEqual([]);
    // Bounds in another zone mean the same instants.
    expect(numbers('training', '2025-03-01T18:01:00+08:00', '2025-03-01T18:02:00+08:00')).toEqual(['TRAIN-1-X']);
  });

  it('lists unresolved payments: pending and unknown at any age, expired and cancelled inside the watch window', () => {
    const journal = open();
    const add = (no: string, createdAt: string, status: PaymentStatus, mode: Mode = 'training') => {
      journal.insertPayment(record(no, { createdAt, mode }));
      if (status !== 'pending') journal.applyChange(no, change(status, { at: createdAt }));
    };
    add('OLD-PENDING', '2025-02-01T09:00:00.000Z', 'pending');
    add('OLD-UNKNOWN', '2025-02-02T09:00:00.000Z', 'unknown');
    add('OLD-EXPIRED', '2025-02-03T09:00:00.000Z', 'expired');
    add('OLD-CANCELLED', '2025-02-04T09:00:00.000Z', 'cancelled');
    add('NEW-EXPIRED', at(0), 'expired'); // exactly at the start of the window
    add('NEW-CANCELLED', at(5), 'cancelled');
    add('NEW-PENDING', at(6), 'pending');
    add('NEW-PAID', at(7), 'paid');
    add('NEW-DECLINED', at(8), 'declined');
    add('NEW-CLOSED', at(9), 'closed');
    add('LIVE-UNKNOWN', '2025-01-01T00:00:00.000Z', 'unknown', 'live');
    add('LIVE-EXPIRED', at(3), 'expired', 'live');

    const numbers = (mode: Mode, since: string) => journal.listUnresolved(mode, since).map((p) => p.outTradeNo);
    expect(numbers('training', at(0))).toEqual(['OLD-PENDING', 'OLD-UNKNOWN', 'NEW-EXPIRED', 'NEW-CANCELLED', 'NEW-PENDING']);
    expect(numbers('training', at(1))).toEqual(['OLD-PENDING', 'OLD-UNKNOWN', 'NEW-CANCELLED', 'NEW-PENDING']);
    expect(numbers('training', '2025-01-01T00:00:00.000Z')).toEqual([
      'OLD-PENDING',
      'OLD-UNKNOWN',
      'OLD-EXPIRED',
      'OLD-CANCELLED',
      'NEW-EXPIRED',
      'NEW-CANCELLED',
      'NEW-PENDING',
    ]);
    expect(numbers('live', at(0))).toEqual(['LIVE-UNKNOWN', 'LIVE-EXPIRED']);
    expect(numbers('live', at(4))).toEqual(['LIVE-UNKNOWN']);
  });
});

describe('lifetime', () => {
  it('keeps everything across close and reopen', () => {
    const first = open();
    first.insertPayment(record('ORDER-KEEP', { note: 'keep me', wallet: 'wechat' }));
    first.applyChange('ORDER-KEEP', change('unknown', { source: 'app', detail: 'connection reset' }));
    const before = first.getPayment('ORDER-KEEP', true);
    first.close();
    first.close(); // closing twice is harmless
    expect(() => first.getPayment('ORDER-KEEP')).toThrow();

    const second = open();
    expect(second.getPayment('ORDER-KEEP', true)).toEqual(before);
    expect(second.listUnresolved('training', '2100-01-01T00:00:00.000Z').map((p) => p.outTradeNo)).toEqual(['ORDER-KEEP']);
  });
});
