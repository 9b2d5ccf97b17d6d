// Opens the journal's SQLite file with the settings the payment safety rules need: WAL, every commit
// synced to disk (synchronous=FULL), foreign keys enforced, and a wait instead of an error when
// another connection holds the write lock. Then brings the schema up to date.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { journalBinding } from '../native/journal-binding';
import { JournalError } from './errors';
import { assertOpenable, migrate, readSchemaVersion, type MigrationResult } from './migrations';

export const BUSY_TIMEOUT_MS = 5000;

export interface JournalSettings {
  filePath: string;
  journalMode: string;
  /** 2 = FULL */
  synchronous: number;
  foreignKeys: boolean;
  busyTimeoutMs: number;
  schemaVersion: number;
}

export interface OpenedDatabase {
  db: Database.Database;
  migration: MigrationResult;
}

export function openDatabase(filePath: string): OpenedDatabase {
  const resolved = path.resolve(filePath);
  fs.mkdirSync(path.dirname(resolved), { recursive: true });
  // Electron's main process may point better-sqlite3 at an Electron build (main/native/journal-binding.ts)
  const nativeBinding = journalBinding();
  const db = nativeBinding === undefined ? new Database(resolved) : new Database(resolved, { nativeBinding });
  try {
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    // Look before changing anything: a newer or foreign file is left exactly as it was.
    checkIsDatabase(db, resolved);
    assertOpenable(db, resolved);

    const journalMode = String(db.pragma('journal_mode = WAL', { simple: true })).toLowerCase();
    if (journalMode !== 'wal') {
      throw new JournalError('unsafe_settings', `${resolved}: SQLite refused WAL mode (journal_mode is ${journalMode})`);
    }
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    const settings = readSettings(db, resolved);
    if (settings.synchronous !== 2 || !settings.foreignKeys) {
      throw new JournalError('unsafe_settings', `${resolved}: synchronous=${settings.synchronous}, foreign_keys=${settings.foreignKeys}`);
    }

    const migration = migrate(db, resolved);
    return { db, migration };
  } catch (error) {
    db.close();
    throw error;
  }
}

export function readSettings(db: Database.Database, filePath: string): JournalSettings {
  return {
    filePath,
    journalMode: String(db.pragma('journal_mode', { simple: true })).toLowerCase(),
    synchronous: Number(db.pragma('synchronous', { simple: true })),
    foreignKeys: Number(db.pragma('foreign_keys', { simple: true })) === 1,
    busyTimeoutMs: Number(db.pragma('busy_timeout', { simple: true })),
    schemaVersion: readSchemaVersion(db),
  };
}

function checkIsDatabase(db: Database.Database, filePath: string): void {
  try {
    db.pragma('schema_version', { simple: true });
  } catch (error) {
    if (error instanceof Database.SqliteError && error.code === 'SQLITE_NOTADB') {
      throw new JournalError('not_a_journal', `${filePath} is not a SQLite database`, { cause: error });
    }
    throw error;
  }
}
