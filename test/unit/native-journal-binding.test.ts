// The journal opens better-sqlite3 from the build chosen for the runtime: the module's own when none
// is chosen, else the file given (what Electron's main process does with an Electron copy).
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { openDatabase } from '../../main/journal/connection';
import { useJournalBinding } from '../../main/native/journal-binding';
import { defaultBuildFile } from '../../main/native/module-loaders';
import { currentRuntime } from '../../main/native/runtime';
import { makeTempDir } from './native-fakes';

let dir: string;
beforeEach(() => {
  dir = makeTempDir();
});
afterEach(() => {
  useJournalBinding(undefined);
  fs.rmSync(dir, { recursive: true, force: true });
});

it('opens with a copy of the build in its own folder, with WAL and synchronous=FULL', () => {
  const build = defaultBuildFile('better-sqlite3', path.resolve('node_modules/better-sqlite3'), currentRuntime());
  const copy = path.join(dir, '.native', 'electron-45.5.0', 'better-sqlite3-13.2.0', 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node');
  fs.mkdirSync(path.dirname(copy), { recursive: true });
  fs.copyFileSync(build!, copy);
  useJournalBinding(copy);
  const { db } = openDatabase(path.join(dir, 'journal.sqlite'));
  try {
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
  } finally {
    db.close();
  }
});

it('a chosen build that is not there fails the open instead of quietly using the default build', () => {
  useJournalBinding(path.join(dir, 'absent', 'better_sqlite3.node'));
  expect(() => openDatabase(path.join(dir, 'journal.sqlite'))).toThrow(/better_sqlite3\.node/);
});

it('nothing chosen: the module opens its own build', () => {
  const { db } = openDatabase(path.join(dir, 'journal.sqlite'));
  db.close();
});
