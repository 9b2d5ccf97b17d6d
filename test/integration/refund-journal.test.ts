// The refund journal on a real SQLite file: write-ahead with the amount re-checked inside the write
// transaction (also across connections and processes), the status history, final states that never
// change, and the lists recovery and reports read.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openJournal, type SqlitePaymentJournal } from '../../main/journal/index';
import { openRefundJournal } from '../../main/journal/refunds';
import { isRefundWriteError, type RefundJournal } from '../../main/core/refunds/ports';
import type { Mode } from '../../shared/payment';

let dir: string;
let file: string;
let journal: SqlitePaymentJournal;
let refunds: RefundJournal;
let sequence = 0;

const T0 = '2025-03-01T10:00:00.000Z';

function paidPayment(amountMinor: number, mode: Mode = 'training', currency = 'CNY'): string {
  sequence += 1;
  const outTradeNo = `TEST-PAY-${String(sequence).padStart(6, '0')}`;
  journal.insertPayment({ outTradeNo, mode, method: 'qr', amount: { minor: amountMinor, currency }, profileId: 'training-storepay', gatewayKind: 'storepay', createdAt: T0 });
  journal.applyChange(outTradeNo, { status: 'paid', source: 'gateway', at: '2025-03-01T10:00:05.000Z', paidAt: '2025-03-01T10:00:05.000Z' });
  return outTradeNo;
}

function refundNo(): string {
  sequence += 1;
  return `TESTR-REF-${String(sequence).padStart(6, '0')}`;
}

function refundRecord(outTradeNo: string, amountMinor: number, extra: Partial<Parameters<RefundJournal['insertRefund']>[0]> = {}) {
  return { outRefundNo: refundNo(), outTradeNo, mode: 'training' as Mode, amount: { minor: amountMinor, currency: 'CNY' }, createdAt: '2025-03-01T10:05:00.000Z', ...extra };
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'counter-refund-journal-'));
  file = join(dir, 'journal.sqlite3');
  journal = openJournal(file);
  refunds = openRefundJournal(journal);
});

afterEach(() => {
  journal.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('refund journal', () => {
  it('writes a refund ahead as pending with its first history row, and reads it back', () => {
    const outTradeNo = paidPayment(1000);
    const record = refundRecord(outTradeNo, 300, { reason: 'wrong size' });
    const written = refunds.insertRefund(record);
    expect(written).toMatchObject({ outRefundNo: record.outRefundNo, outTradeNo, mode: 'training', amount: { minor: 300, currency: 'CNY' }, status: 'pending', reason: 'wrong size' });
    expect(refunds.getRefund(record.outRefundNo, true)?.history).toEqual([{ status: 'pending', at: record.createdAt, source: 'app', detail: 'written ahead' }]);
    expect(refunds.refundTotals(outTradeNo)).toEqual({ committedMinor: 300, succeededMinor: 0 });
    expect(refunds.getRefundExtra(record.outRefundNo)).toEqual({});
  });

  it('refuses a refund above what is left, counting every refund that succeeded or may still succeed', () => {
    const outTradeNo = paidPayment(1000);
    const a = refunds.insertRefund(refundRecord(outTradeNo, 400)); // pending
    const b = refunds.insertRefund(refundRecord(outTradeNo, 200));
    refunds.applyRefundChange(b.outRefundNo, { status: 'unknown', source: 'gateway', at: '2025-03-01T10:05:01.000Z' });
    const c = refunds.insertRefund(refundRecord(outTradeNo, 100));
    refunds.applyRefundChange(c.outRefundNo, { status: 'succeeded', source: 'gateway', at: '2025-03-01T10:05:02.000Z' });
    const d = refunds.insertRefund(refundRecord(outTradeNo, 250));
    refunds.applyRefundChange(d.outRefundNo, { status: 'processing', source: 'gateway', at: '2025-03-01T10:05:02.000Z' });
    expect(refunds.refundTotals(outTradeNo)).toEqual({ committedMinor: 950, succeededMinor: 100 });

    let refusal: unknown;
    try {
      refunds.insertRefund(refundRecord(outTradeNo, 51));
    } catch (error) {
      refusal = error;
    }
    expect(isRefundWriteError(refusal, 'refund_exceeds')).toBe(true);
    expect((refusal as { refundableMinor: number }).refundableMinor).toBe(50);

    // A refund that failed gives its amount back.
    refunds.applyRefundChange(a.outRefundNo, { status: 'failed', source: 'gateway', at: '2025-03-01T10:05:03.000Z', failureCode: 'NOTENOUGH' });
    expect(refunds.insertRefund(refundRecord(outTradeNo, 450)).status).toBe('pending');
    expect(refunds.refundTotals(outTradeNo).committedMinor).toBe(1000);
    expect(() => refunds.insertRefund(refundRecord(outTradeNo, 1))).toThrow(expect.objectContaining({ code: 'refund_exceeds', refundableMinor: 0 }));
  });

  it('refuses a payment that is not paid, of the other mode, in another currency, or missing; and a number used twice', () => {
    const unpaid = `TEST-PAY-UNPAID`;
    journal.insertPayment({ outTradeNo: unpaid, mode: 'training', method: 'qr', amount: { minor: 100, currency: 'CNY' }, profileId: 'p', gatewayKind: 'storepay', createdAt: T0 });
    expect(() => refunds.insertRefund(refundRecord(unpaid, 100))).toThrow(expect.objectContaining({ code: 'payment_not_refundable' }));
    const live = paidPayment(100, 'live');
    expect(() => refunds.insertRefund(refundRecord(live, 100))).toThrow(expect.objectContaining({ code: 'payment_not_refundable' }));
    const training = paidPayment(100);
    expect(() => refunds.insertRefund(refundRecord(training, 100, { amount: { minor: 100, currency: 'USD' } }))).toThrow(expect.objectContaining({ code: 'payment_not_refundable' }));
    expect(() => refunds.insertRefund(refundRecord('TEST-NO-SUCH', 100))).toThrow(expect.objectContaining({ code: 'payment_not_found' }));
    const first = refunds.insertRefund(refundRecord(training, 10));
    expect(() => refunds.insertRefund(refundRecord(training, 10, { outRefundNo: first.outRefundNo }))).toThrow(expect.objectContaining({ code: 'duplicate_refund' }));
    expect(() => refunds.insertRefund(refundRecord(training, 0))).toThrow();
    expect(refunds.listRefundsForPayment(training)).toHaveLength(1);
  });

  it('applies changes with history in one transaction, stamps settled_at when final, and never changes a final refund', () => {
    const outTradeNo = paidPayment(1000);
    const { outRefundNo } = refunds.insertRefund(refundRecord(outTradeNo, 500));
    refunds.applyRefundChange(outRefundNo, { status: 'processing', source: 'gateway', at: '2025-03-01T10:05:01.000Z', gatewayRefundNo: 'G-1', detail: 'taken' });
    const done = refunds.applyRefundChange(outRefundNo, { status: 'succeeded', source: 'gateway', at: '2025-03-01T10:05:09.000Z' });
    expect(done).toMatchObject({ status: 'succeeded', gatewayRefundNo: 'G-1' });
    const settled = journal.database().prepare('SELECT settled_at FROM refunds WHERE out_refund_no = ?').get(outRefundNo) as { settled_at: string };
    expect(settled.settled_at).toBe('2025-03-01T10:05:09.000Z');

    const after = refunds.applyRefundChange(outRefundNo, { status: 'failed', source: 'recovery', at: '2025-03-01T10:06:00.000Z', failureCode: 'X' });
    expect(after.status).toBe('succeeded');
    expect(after.failureCode).toBeUndefined();
    expect(refunds.getRefund(outRefundNo, true)?.history?.map((h) => [h.status, h.source])).toEqual([
      ['pending', 'app'],
      ['processing', 'gateway'],
      ['succeeded', 'gateway'],
    ]);
    expect(() => refunds.applyRefundChange('TESTR-NO-SUCH', { status: 'failed', source: 'app', at: T0 })).toThrow(expect.objectContaining({ code: 'refund_not_found' }));
  });

  it('keeps gateway references given at write-ahead for later sends', () => {
    const outTradeNo = paidPayment(1000);
    const { outRefundNo } = refunds.insertRefund(refundRecord(outTradeNo, 500, { extra: { orderAmendmentId: '4e0e412e-40f9-4dd0-8cb5-8fa08f8ef6ee' } }));
    expect(refunds.getRefundExtra(outRefundNo)).toEqual({ orderAmendmentId: '4e0e412e-40f9-4dd0-8cb5-8fa08f8ef6ee' });
    expect(refunds.getRefund(outRefundNo, true)?.history?.map((h) => h.detail)).toEqual(['written ahead', 'reference orderAmendmentId=4e0e412e-40f9-4dd0-8cb5-8fa08f8ef6ee']);
    expect(() => refunds.insertRefund(refundRecord(outTradeNo, 1, { extra: { 'bad key': 'x' } }))).toThrow(expect.objectContaining({ code: 'invalid_record' }));
    expect(refunds.listRefundsForPayment(outTradeNo)).toHaveLength(1);
  });

  it('lists refunds by payment, by time range and the unresolved ones, per mode', () => {
    const a = paidPayment(1000);
    const b = paidPayment(1000);
    const live = paidPayment(1000, 'live');
    const r1 = refunds.insertRefund(refundRecord(a, 100, { createdAt: '2025-03-01T09:00:00.000Z' }));
    const r2 = refunds.insertRefund(refundRecord(b, 200, { createdAt: '2025-03-01T11:00:00.000Z' }));
    const r3 = refunds.insertRefund(refundRecord(a, 300, { createdAt: '2025-03-02T09:00:00.000Z' }));
    const r4 = refunds.insertRefund(refundRecord(live, 400, { mode: 'live', createdAt: '2025-03-01T10:00:00.000Z' }));
    refunds.applyRefundChange(r2.outRefundNo, { status: 'succeeded', source: 'gateway', at: '2025-03-01T11:00:01.000Z' });
    refunds.applyRefundChange(r3.outRefundNo, { status: 'processing', source: 'gateway', at: '2025-03-02T09:00:01.000Z' });

    expect(refunds.listRefundsForPayment(a).map((r) => r.outRefundNo)).toEqual([r1.outRefundNo, r3.outRefundNo]);
    expect(refunds.listRefundsForPayment(a, true).every((r) => (r.history?.length ?? 0) >= 1)).toBe(true);
    expect(refunds.listRefunds('training', '2025-03-01T00:00:00.000Z', '2025-03-02T00:00:00.000Z').map((r) => r.outRefundNo)).toEqual([r1.outRefundNo, r2.outRefundNo]);
    expect(refunds.listRefunds('live', '2025-03-01T00:00:00+08:00', '2025-03-03T00:00:00+08:00').map((r) => r.outRefundNo)).toEqual([r4.outRefundNo]);
    expect(refunds.listUnresolvedRefunds('training').map((r) => [r.outRefundNo, r.status])).toEqual([
      [r1.outRefundNo, 'pending'],
      [r3.outRefundNo, 'processing'],
    ]);
    expect(refunds.listUnresolvedRefunds('live').map((r) => r.outRefundNo)).toEqual([r4.outRefundNo]);
  });

  it('never lets two connections together refund more than the payment', () => {
    const outTradeNo = paidPayment(1000);
    const other = openJournal(file);
    try {
      const otherRefunds = openRefundJournal(other);
      // Each fits alone; the second, on its own connection, sees the first inside its write transaction.
      refunds.insertRefund(refundRecord(outTradeNo, 600));
      expect(() => otherRefunds.insertRefund(refundRecord(outTradeNo, 600))).toThrow(expect.objectContaining({ code: 'refund_exceeds', refundableMinor: 400 }));
      expect(otherRefunds.insertRefund(refundRecord(outTradeNo, 400)).status).toBe('pending');
      expect(refunds.refundTotals(outTradeNo).committedMinor).toBe(1000);
    } finally {
      other.close();
    }
  });

  it('never lets two processes together refund more than the payment', async () => {
    const outTradeNo = paidPayment(1000);
    const root = fileURLToPath(new URL('../../', import.meta.url));
    const script = join(dir, 'refund-writer.mts');
    writeFileSync(
      script,
      `
      import { openJournal } from ${JSON.stringify(join(root, 'main/journal/index.ts'))};
      import { openRefundJournal } from ${JSON.stringify(join(root, 'main/journal/refunds.ts'))};
      const [file, outTradeNo, tag, go] = process.argv.slice(2);
      const journal = openJournal(file);
      const refunds = openRefundJournal(journal);
      while (Date.now() < Number(go)) {}
      let written = 0;
      let refused = 0;
      for (let i = 0; i < 40; i += 1) {
        // a short random pause, so that the two writers take turns at the write lock
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 4));
        try {
          refunds.insertRefund({ outRefundNo: 'TESTR-' + tag + '-' + i, outTradeNo, mode: 'training', amount: { minor: 30, currency: 'CNY' }, createdAt: new Date().toISOString() });
          written += 1;
        } catch (error) {
          if (error.code !== 'refund_exceeds') throw error;
          refused += 1;
        }
      }
      journal.close();
      console.log(JSON.stringify({ written, refused }));
      `,
    );
    const go = String(Date.now() + 2500);
    const run = (tag: string) =>
      new Promise<{ written: number; refused: number }>((resolve, reject) => {
        const child = spawn(process.execPath, ['--import', 'tsx', script, file, outTradeNo, tag, go], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
        let out = '';
        let err = '';
        child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
        child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
        child.on('error', reject);
        child.on('close', (code) => (code === 0 ? resolve(JSON.parse(out.trim().split('\n').at(-1) ?? '{}')) : reject(new Error(`writer ${tag} exited ${code}: ${err}`))));
      });
    const [a, b] = await Promise.all([run('A'), run('B')]);
    // 80 tries of 30 against 1000: exactly 33 fit (990), whoever wins each race.
    expect(a.written + b.written).toBe(33);
    expect(a.refused + b.refused).toBe(47);
    expect(refunds.refundTotals(outTradeNo)).toEqual({ committedMinor: 990, succeededMinor: 0 });
  }, 30_000);
});
