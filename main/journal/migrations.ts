// The journal's schema, as an ordered list of forward migrations. The file's schema version is kept in
// PRAGMA user_version; a migration's SQL never changes once it has shipped: add a new one instead.
// The value lists in the CHECK constraints are written out (not generated from shared/payment.ts) so
// that a file's schema does not change under it; a test checks they match the shared enums.
import type { Database } from 'better-sqlite3';
import { JournalError } from './errors';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** Marks a SQLite file as a Counter journal (PRAGMA application_id): 'CNTR'. */
export const JOURNAL_APPLICATION_ID = 0x434e5452;

/** A UTC time as new Date().toISOString() writes it, so that text order is time order. */
const ISO_UTC = "'[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9].[0-9][0-9][0-9]Z'";
const STATUSES = "'pending', 'unknown', 'paid', 'declined', 'closed', 'expired', 'cancelled'";
const REFUND_STATUSES = "'pending', 'unknown', 'processing', 'succeeded', 'failed'";

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'payments and their status history',
    sql: `
      PRAGMA application_id = ${JOURNAL_APPLICATION_ID};

      CREATE TABLE payments (
        out_trade_no     TEXT NOT NULL PRIMARY KEY
                         CONSTRAINT payment_out_trade_no_format
                         CHECK (length(out_trade_no) BETWEEN 6 AND 32 AND out_trade_no NOT GLOB '*[^A-Za-z0-9_-]*'),
        mode             TEXT NOT NULL CONSTRAINT payment_mode CHECK (mode IN ('training', 'live')),
        method           TEXT NOT NULL CONSTRAINT payment_method CHECK (method IN ('qr', 'scan')),
        amount_minor     INTEGER NOT NULL CONSTRAINT payment_amount_positive CHECK (amount_minor > 0),
        currency         TEXT NOT NULL
                         CONSTRAINT payment_currency_code CHECK (length(currency) = 3 AND currency NOT GLOB '*[^A-Z]*'),
        note             TEXT,
        wallet           TEXT CONSTRAINT payment_wallet CHECK (wallet IN ('wechat', 'alipay', 'unionpay')),
        profile_id       TEXT NOT NULL,
        gateway_kind     TEXT NOT NULL,
        status           TEXT NOT NULL CONSTRAINT payment_status CHECK (status IN (${STATUSES})),
        qr_code          TEXT,
        expires_at       TEXT CONSTRAINT payment_expires_at_utc CHECK (expires_at GLOB ${ISO_UTC}),
        buyer_code_last4 TEXT CONSTRAINT payment_buyer_code_last4 CHECK (length(buyer_code_last4) <= 4),
        gateway_trade_no TEXT,
        failure_code     TEXT,
        failure_message  TEXT,
        late             INTEGER NOT NULL DEFAULT 0 CONSTRAINT payment_late_flag CHECK (late IN (0, 1)),
        created_at       TEXT NOT NULL CONSTRAINT payment_created_at_utc CHECK (created_at GLOB ${ISO_UTC}),
        updated_at       TEXT NOT NULL CONSTRAINT payment_updated_at_utc CHECK (updated_at GLOB ${ISO_UTC}),
        paid_at          TEXT CONSTRAINT payment_paid_at_utc CHECK (paid_at GLOB ${ISO_UTC})
      ) STRICT;

      CREATE INDEX payments_by_mode_created ON payments (mode, created_at);
      CREATE INDEX payments_by_mode_status ON payments (mode, status);

      CREATE TABLE payment_status_history (
        id           INTEGER PRIMARY KEY,
        out_trade_no TEXT NOT NULL REFERENCES payments (out_trade_no) ON UPDATE RESTRICT ON DELETE RESTRICT,
        status       TEXT NOT NULL CONSTRAINT history_status CHECK (status IN (${STATUSES})),
        at           TEXT NOT NULL CONSTRAINT history_at_utc CHECK (at GLOB ${ISO_UTC}),
        source       TEXT NOT NULL
                     CONSTRAINT history_source CHECK (source IN ('app', 'gateway', 'cashier', 'recovery', 'timer')),
        detail       TEXT
      ) STRICT;

      CREATE INDEX payment_status_history_by_payment ON payment_status_history (out_trade_no, id);
    `,
  },
  {
    version: 2,
    name: 'refunds and their status history',
    sql: `
      CREATE TABLE refunds (
        out_refund_no     TEXT NOT NULL PRIMARY KEY
                          CONSTRAINT refund_out_refund_no_format
                          CHECK (length(out_refund_no) BETWEEN 6 AND 32 AND out_refund_no NOT GLOB '*[^A-Za-z0-9_-]*'),
        out_trade_no      TEXT NOT NULL REFERENCES payments (out_trade_no) ON UPDATE RESTRICT ON DELETE RESTRICT,
        mode              TEXT NOT NULL CONSTRAINT refund_mode CHECK (mode IN ('training', 'live')),
        amount_minor      INTEGER NOT NULL CONSTRAINT refund_amount_positive CHECK (amount_minor > 0),
        currency          TEXT NOT NULL
                          CONSTRAINT refund_currency_code CHECK (length(currency) = 3 AND currency NOT GLOB '*[^A-Z]*'),
        reason            TEXT,
        status            TEXT NOT NULL
                          CONSTRAINT refund_status CHECK (status IN (${REFUND_STATUSES})),
        gateway_refund_no TEXT,
        -- gateway-specific references sent with every try of this refund (Beeshop's order amendment id)
        extra_json        TEXT,
        failure_code      TEXT,
        failure_message   TEXT,
        created_at        TEXT NOT NULL CONSTRAINT refund_created_at_utc CHECK (created_at GLOB ${ISO_UTC}),
        updated_at        TEXT NOT NULL CONSTRAINT refund_updated_at_utc CHECK (updated_at GLOB ${ISO_UTC}),
        settled_at        TEXT CONSTRAINT refund_settled_at_utc CHECK (settled_at GLOB ${ISO_UTC})
      ) STRICT;

      CREATE INDEX refunds_by_payment ON refunds (out_trade_no);
      CREATE INDEX refunds_by_mode_created ON refunds (mode, created_at);
      CREATE INDEX refunds_by_mode_status ON refunds (mode, status);

      CREATE TABLE refund_status_history (
        id            INTEGER PRIMARY KEY,
        out_refund_no TEXT NOT NULL REFERENCES refunds (out_refund_no) ON UPDATE RESTRICT ON DELETE RESTRICT,
        status        TEXT NOT NULL CONSTRAINT refund_history_status CHECK (status IN (${REFUND_STATUSES})),
        at            TEXT NOT NULL CONSTRAINT refund_history_at_utc CHECK (at GLOB ${ISO_UTC}),
        source        TEXT NOT NULL
                      CONSTRAINT refund_history_source CHECK (source IN ('app', 'gateway', 'cashier', 'recovery', 'timer')),
        detail        TEXT
      ) STRICT;

      CREATE INDEX refund_status_history_by_refund ON refund_status_history (out_refund_no, id);
    `,
  },
  {
    version: 3,
    name: 'closed business days (Z reports)',
    sql: `
      CREATE TABLE z_reports (
        mode         TEXT NOT NULL CONSTRAINT z_report_mode CHECK (mode IN ('training', 'live')),
        business_day TEXT NOT NULL CONSTRAINT z_report_day CHECK (business_day GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
        z_number     INTEGER NOT NULL CONSTRAINT z_report_number_positive CHECK (z_number > 0),
        closed_at    TEXT NOT NULL CONSTRAINT z_report_closed_at_utc CHECK (closed_at GLOB ${ISO_UTC}),
        report_json  TEXT NOT NULL,
        PRIMARY KEY (mode, business_day),
        UNIQUE (mode, z_number)
      ) STRICT;

      -- A Z report never changes once written.
      CREATE TRIGGER z_reports_never_change BEFORE UPDATE ON z_reports
      BEGIN SELECT RAISE(ABORT, 'a closed day''s Z report never changes'); END;
      CREATE TRIGGER z_reports_never_deleted BEFORE DELETE ON z_reports
      BEGIN SELECT RAISE(ABORT, 'a closed day''s Z report is never deleted'); END;
    `,
  },
  {
    version: 4,
    name: 'a covering index for day reports',
    sql: `
      -- Lets the day report sum 100,000 payments from the index alone (bench/report.ts).
      CREATE INDEX payments_by_mode_status_route
        ON payments (mode, status, profile_id, gateway_kind, wallet, currency, created_at, amount_minor);
    `,
  },
  {
    version: 5,
    name: 'the CNY equivalent shown with a payment in another currency',
    sql: `
      -- Set once, when the payment is written ahead, at the rate the gateway gave then; both or neither.
      ALTER TABLE payments ADD COLUMN equivalent_minor INTEGER CHECK (equivalent_minor IS NULL OR equivalent_minor >= 0);
      ALTER TABLE payments ADD COLUMN equivalent_currency TEXT
        CHECK ((equivalent_currency IS NULL) = (equivalent_minor IS NULL) AND (equivalent_currency IS NULL OR length(equivalent_currency) = 3));
    `,
  },
];

export function readSchemaVersion(db: Database): number {
  return Number(db.pragma('user_version', { simple: true }));
}

export function readApplicationId(db: Database): number {
  return Number(db.pragma('application_id', { simple: true }));
}

/** Throws unless the file is empty, or a Counter journal no newer than this code. */
export function assertOpenable(db: Database, filePath: string, migrations: readonly Migration[] = MIGRATIONS): void {
  const applicationId = readApplicationId(db);
  if (applicationId !== 0 && applicationId !== JOURNAL_APPLICATION_ID) {
    throw new JournalError('not_a_journal', `${filePath} is a SQLite file of another application (application_id ${applicationId})`);
  }
  const version = readSchemaVersion(db);
  const known = latestVersion(migrations);
  if (version > known) {
    throw new JournalError(
      'schema_too_new',
      `${filePath} has journal schema version ${version}, newer than this Counter knows (${known}); ` +
        'it was written by a newer Counter. Update Counter; the file was left untouched.',
    );
  }
}

export interface MigrationResult {
  from: number;
  to: number;
}

/**
 * Applies every migration above the file's version, in order, in one IMMEDIATE transaction: the file
 * ends either at its old version or at the newest one, and two processes never migrate at once.
 */
export function migrate(db: Database, filePath: string, migrations: readonly Migration[] = MIGRATIONS): MigrationResult {
  assertOrdered(migrations);
  const run = db.transaction((): MigrationResult => {
    assertOpenable(db, filePath, migrations);
    const from = readSchemaVersion(db);
    for (const migration of migrations) {
      if (migration.version <= from) continue;
      db.exec(migration.sql);
      db.pragma(`user_version = ${migration.version}`);
    }
    return { from, to: readSchemaVersion(db) };
  });
  return run.immediate();
}

function latestVersion(migrations: readonly Migration[]): number {
  return migrations.length === 0 ? 0 : (migrations[migrations.length - 1]?.version ?? 0);
}

function assertOrdered(migrations: readonly Migration[]): void {
  migrations.forEach((migration, index) => {
    if (migration.version !== index + 1 || !Number.isSafeInteger(migration.version)) {
      throw new Error(`journal migrations must be numbered 1, 2, 3... in order; found ${migration.version} at position ${index + 1}`);
    }
  });
}
