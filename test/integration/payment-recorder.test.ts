// The final-from-gateway rule at its one gate: once a payment is final, no later change (a late "QR code issued", a late
// "user paying" answer) turns it into anything else, whoever sends it.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PaymentRecorder } from '../../main/core/payment-recorder';
import { silentLogger } from '../../main/core/ports';
import { openJournal } from '../../main/journal/index';
import type { Payment, PaymentStatus } from '../../shared/payment';

let dir: string;
let journal: ReturnType<typeof openJournal>;
let emitted: Payment[];
let recorder: PaymentRecorder;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'counter-recorder-'));
  journal = openJournal(join(dir, 'journal.sqlite3'));
  emitted = [];
  recorder = new PaymentRecorder(journal, (p) => emitted.push(p), silentLogger);
});

afterEach(() => {
  journal.close();
  rmSync(dir, { recursive: true, force: true });
});

function written(outTradeNo: string): Payment {
  return recorder.create({
    outTradeNo,
    mode: 'training',
    method: 'qr',
    amount: { minor: 100, currency: 'CNY' },
    profileId: 'training-storepay',
    gatewayKind: 'storepay',
    createdAt: new Date().toISOString(),
  });
}

const at = () => new Date().toISOString();

describe('payment recorder', () => {
  it.each<PaymentStatus>(['paid', 'declined', 'closed'])('never moves a %s payment to another status', (final) => {
    written('ORDER-FINAL-1');
    recorder.apply('ORDER-FINAL-1', { status: final, at: at(), source: 'recovery' });
    const before = recorder.get('ORDER-FINAL-1', true) as Payment;
    const events = emitted.length;
    for (const status of ['pending', 'unknown', 'expired', 'cancelled', 'paid', 'declined', 'closed'] as const) {
      if (status === final) continue;
      const answer = recorder.apply('ORDER-FINAL-1', { status, at: at(), source: 'gateway', qrCode: 'late://qr', detail: 'QR code issued' });
      expect(answer.status).toBe(final);
    }
    expect(recorder.get('ORDER-FINAL-1', true)).toEqual(before);
    expect(emitted).toHaveLength(events);
  });

  it('still moves a payment that is not final, and a cancelled one that is paid late', () => {
    written('ORDER-OPEN-1');
    expect(recorder.apply('ORDER-OPEN-1', { status: 'unknown', at: at(), source: 'app' }).status).toBe('unknown');
    expect(recorder.apply('ORDER-OPEN-1', { status: 'cancelled', at: at(), source: 'cashier' }).status).toBe('cancelled');
    expect(recorder.apply('ORDER-OPEN-1', { status: 'paid', at: at(), source: 'gateway', late: true })).toMatchObject({ status: 'paid', late: true });
  });
});
