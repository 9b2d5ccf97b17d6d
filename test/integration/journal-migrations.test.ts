// The migration runner on real SQLite files: ordered, all-or-nothing, applied once.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { JournalError, openJournal } from '../../main/journal';
import { MIGRATIONS, migrate, readSchemaVersion, type Migration } from '../../main/journal/migrations';

let dir: string;
let file: string;
let db: Database.Database | undefined;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'counter-journal-migrations-'));
  file = path.join(dir, 'journal.sqlite');
});

afterEach(() => {
  db?.close();
  db = undefined;
  fs.rmSync(dir, { recursive: true, force: true });
});

const counterTable: Migration = {
  version: MIGRATIONS.length + 1,
  name: 'a table with one row',
  sql: "CREATE TABLE counter_test (x TEXT NOT NULL); INSERT INTO counter_test (x) VALUES ('once');",
};

describe('migrate', () => {
  it('brings an old file forward and runs each migration only once', () => {
    openJournal(file).close(); // the current version
    db = new Database(file);
    const current = MIGRATIONS.length;
    expect(migrate(db, file, [...MIGRATIONS, counterTable])).toEqual({ from: current, to: current + 1 });
    expect(migrate(db, file, [...MIGRATIONS, counterTable])).toEqual({ from: current + 1, to: current + 1 });
    expect(db.prepare('SELECT x FROM counter_test').all()).toEqual([{ x: 'once' }]);
  });

  it('applies nothing when one pending migration fails', () => {
    db = new Database(file);
    const broken: Migration = { version: MIGRATIONS.length + 2, name: 'broken', sql: 'CREATE TABLE nope (' };
    expect(() => migrate(db as Database.Database, file, [...MIGRATIONS, counterTable, broken])).toThrow();
    expect(readSchemaVersion(db)).toBe(0);
    expect(db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table'").all()).toEqual([]);
  });

  it('refuses a list that is not numbered 1, 2, 3...', () => {
    db = new Database(file);
    expect(() => migrate(db as Database.Database, file, [{ ...counterTable, version: 2 }])).toThrow(/numbered/);
    expect(() => migrate(db as Database.Database, file, [...MIGRATIONS, { ...counterTable, version: MIGRATIONS.length + 2 }])).toThrow(/numbered/);
  });

  it('is what a newer Counter would have written, as far as this code is concerned', () => {
    db = new Database(file);
    migrate(db, file, [...MIGRATIONS, counterTable]);
    db.close();
    db = undefined;
    expect(() => openJournal(file)).toThrow(JournalError);
  });
});
