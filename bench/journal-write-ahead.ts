// How long the write-ahead step takes: insertPayment commits one payment and its first history row
// in its own transaction, synced to disk (WAL, synchronous=FULL), before any request may be sent.
// Baseline, measured in the same run on the same disk: a bare one-row INSERT per transaction with the
// same pragmas, so the ratio shows what the journal adds over SQLite's own durable commit.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { openJournal } from '../main/journal';
import { runDirectly } from './run-directly';

export interface WriteAheadFigures {
  medianMs: number;
  p99Ms: number;
  count: number;
}

const WARM_UP = 10;

export async function benchJournalWriteAhead(count = 1000): Promise<WriteAheadFigures> {
  return inTempFolder('counter-bench-journal-', (dir) => {
    const journal = openJournal(path.join(dir, 'journal.sqlite'));
    try {
      const base = Date.parse('2025-03-01T10:00:00.000Z');
      const insert = (i: number) =>
        journal.insertPayment({
          outTradeNo: `BENCH-T01-${String(i).padStart(8, '0')}`,
          mode: 'training',
          method: 'qr',
          amount: { minor: 100 + i, currency: 'CNY' },
          wallet: 'wechat',
          profileId: 'bench',
          gatewayKind: 'store',
          createdAt: new Date(base + i).toISOString(),
        });
      for (let i = 0; i < WARM_UP; i += 1) insert(count + i);
      return figures(time(count, insert));
    } finally {
      journal.close();
    }
  });
}

/** The same count of bare durable one-row commits, for the ratio. */
export async function benchBareSqliteInsert(count = 1000): Promise<WriteAheadFigures> {
  return inTempFolder('counter-bench-sqlite-', (dir) => {
    const db = new Database(path.join(dir, 'bare.sqlite'));
    try {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = FULL');
      db.exec('CREATE TABLE t (id TEXT PRIMARY KEY, amount INTEGER NOT NULL) STRICT');
      const statement = db.prepare<[string, number]>('INSERT INTO t (id, amount) VALUES (?, ?)');
      const insert = db.transaction((i: number) => statement.run(`BARE-${i}`, i)).immediate;
      for (let i = 0; i < WARM_UP; i += 1) insert(count + i);
      return figures(time(count, insert));
    } finally {
      db.close();
    }
  });
}

function time(count: number, run: (i: number) => unknown): number[] {
  const samples: number[] = [];
  for (let i = 0; i < count; i += 1) {
    const start = performance.now();
    run(i);
    samples.push(performance.now() - start);
  }
  return samples;
}

function figures(samples: number[]): WriteAheadFigures {
  const sorted = [...samples].sort((a, b) => a - b);
  const n = sorted.length;
  if (n === 0) return { medianMs: 0, p99Ms: 0, count: 0 };
  const middle = Math.floor(n / 2);
  const median = n % 2 === 1 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
  const p99 = sorted[Math.ceil(n * 0.99) - 1] ?? 0;
  return { medianMs: round(median), p99Ms: round(p99), count: n };
}

function round(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}

function inTempFolder<T>(prefix: string, run: (dir: string) => T): T {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  try {
    return run(dir);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (runDirectly(import.meta.url)) {
  const count = Number(process.argv[2] ?? 1000);
  const baseline = await benchBareSqliteInsert(count);
  const journal = await benchJournalWriteAhead(count);
  const ratio = (a: number, b: number) => (b > 0 ? (a / b).toFixed(2) : 'n/a');
  console.log(`journal write-ahead (${os.tmpdir()}, ${journal.count} durable inserts)`);
  console.log(`  insertPayment      median ${journal.medianMs} ms   p99 ${journal.p99Ms} ms`);
  console.log(`  bare SQLite insert median ${baseline.medianMs} ms   p99 ${baseline.p99Ms} ms   (baseline, same run)`);
  console.log(`  ratio              median x${ratio(journal.medianMs, baseline.medianMs)}   p99 x${ratio(journal.p99Ms, baseline.p99Ms)}`);
}
