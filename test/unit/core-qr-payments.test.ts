// QrPayments over fake ports and fake time: write-ahead before the first send, a lost answer looked
// up and re-sent with the same request, a refused repeat left unknown, and the watch that follows.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { QrCreateResult } from '../../main/core/ports';
import { QrPayments, type QrSettings } from '../../main/core/qr-payments';
import { ScriptedGateway, flowParts, useFakeTime } from './core-fakes';

const SETTINGS: QrSettings = { currency: 'CNY', maxAmountMinor: 1_000_000, qrLifetimeSeconds: 120, qrPollInitialMs: 1000, qrPollMaxMs: 4000 };
const LOST: QrCreateResult = { outcome: 'unknown', reason: 'timeout' };
const REFUSED: QrCreateResult = { outcome: 'rejected', code: 'OUT_TRADE_NO_USED', message: 'order number used' };
const CREATED: QrCreateResult = { outcome: 'created', qrCode: 'weixin://pay/1', gatewayTradeNo: 'G-1' };

function qrFlow(gateway: ScriptedGateway, createAttempts = 3) {
  const parts = flowParts(gateway);
  const qr = new QrPayments({ ...parts.deps, settings: () => SETTINGS, routeCurrency: () => 'CNY', createAttempts, createRetryDelayMs: 800 });
  return { ...parts, qr };
}

beforeEach(() => {
  useFakeTime();
  vi.spyOn(Math, 'random').mockReturnValue(1); // the backoff at its ceiling: 800 ms, then 1600 ms
});

afterEach(async () => {
  vi.restoreAllMocks();
  vi.useRealTimers();
});

describe('QrPayments.start', () => {
  it('writes the payment ahead before the create is sent, then shows the QR code and follows it', async () => {
    let written: unknown;
    const flow = qrFlow(
      new ScriptedGateway({
        create: [
          () => {
            written = flow.journal.getPayment('UNIT-0001');
            return CREATED;
          },
        ],
        query: [{ state: 'waiting', userPaying: false }, { state: 'paid', gatewayTradeNo: 'G-1' }],
      }),
    );
    const shown = await flow.qr.start({ amountMinor: 1234, currency: 'CNY' });
    expect(written).toMatchObject({ outTradeNo: 'UNIT-0001', status: 'pending', amount: { minor: 1234, currency: 'CNY' } });
    expect(shown).toMatchObject({ status: 'pending', qrCode: 'weixin://pay/1', gatewayTradeNo: 'G-1', expiresAt: '2026-03-01T10:02:00.000Z' });
    expect(flow.watcher.isWatching('UNIT-0001')).toBe(true);
    await vi.advanceTimersByTimeAsync(1000); // first check: still waiting
    expect(flow.journal.getPayment('UNIT-0001')?.status).toBe('pending');
    await vi.advanceTimersByTimeAsync(1500); // the next check, 1.5 s later: paid
    expect(flow.journal.getPayment('UNIT-0001')?.status).toBe('paid');
    expect(flow.watcher.isWatching('UNIT-0001')).toBe(false);
  });

  it('looks a lost answer up and sends the same request again after the backoff', async () => {
    const gateway = new ScriptedGateway({ create: [LOST, CREATED], query: [{ state: 'not_found' }] });
    const flow = qrFlow(gateway);
    const started = flow.qr.start({ amountMinor: 500, currency: 'CNY', note: 'tea' });
    await vi.advanceTimersByTimeAsync(799);
    expect(gateway.creates).toHaveLength(1);
    expect(gateway.queries).toHaveLength(1); // the lookup after the lost answer
    await vi.advanceTimersByTimeAsync(1);
    const shown = await started;
    expect(gateway.creates).toHaveLength(2);
    expect(gateway.creates[1]).toBe(gateway.creates[0]);
    expect(gateway.creates[0]).toMatchObject({ outTradeNo: 'UNIT-0001', amount: { minor: 500, currency: 'CNY' }, description: 'tea' });
    expect(shown.status).toBe('pending');
    flow.qr.cancel(shown.outTradeNo);
  });

  it('takes a final state the lookup finds, without sending again', async () => {
    const gateway = new ScriptedGateway({ create: [LOST], query: [{ state: 'paid', gatewayTradeNo: 'G-9' }] });
    const flow = qrFlow(gateway);
    const paid = await flow.qr.start({ amountMinor: 500, currency: 'CNY' });
    expect(paid).toMatchObject({ status: 'paid', gatewayTradeNo: 'G-9' });
    expect(gateway.creates).toHaveLength(1);
  });

  it('declines at once on a refusal of the first send', async () => {
    const gateway = new ScriptedGateway({ create: [REFUSED] });
    const declined = await qrFlow(gateway).qr.start({ amountMinor: 500, currency: 'CNY' });
    expect(declined).toMatchObject({ status: 'declined', failureCode: 'OUT_TRADE_NO_USED' });
    expect(gateway.creates).toHaveLength(1);
    expect(gateway.queries).toHaveLength(0);
  });

  it('leaves the payment unknown, never declined, when the repeat of a lost create is refused', async () => {
    const gateway = new ScriptedGateway({ create: [LOST, REFUSED], query: [{ state: 'not_found' }] });
    const flow = qrFlow(gateway, 2);
    const started = flow.qr.start({ amountMinor: 500, currency: 'CNY' });
    await vi.advanceTimersByTimeAsync(800);
    const left = await started;
    expect(left.status).toBe('unknown');
    expect(left.failureCode).toBeUndefined();
    expect(gateway.creates).toHaveLength(2);
    expect(gateway.queries).toHaveLength(2); // a lookup after each unclear answer, the last one too
    const history = flow.journal.getPayment(left.outTradeNo, true)?.history ?? [];
    expect(history.at(-1)?.detail).toContain('OUT_TRADE_NO_USED');
    expect(history.map((h) => h.status)).not.toContain('declined');
  });

  it('makes createAttempts sends in all, waiting 800 ms then 1600 ms, and then says not confirmed', async () => {
    const gateway = new ScriptedGateway({ create: [LOST], query: [{ state: 'unknown', reason: 'timeout' }] });
    const flow = qrFlow(gateway, 3);
    const started = flow.qr.start({ amountMinor: 500, currency: 'CNY' });
    await vi.advanceTimersByTimeAsync(800);
    expect(gateway.creates).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1599);
    expect(gateway.creates).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1);
    const left = await started;
    expect(gateway.creates).toHaveLength(3);
    expect(left).toMatchObject({ status: 'unknown' });
    expect(flow.journal.getPayment(left.outTradeNo, true)?.history?.at(-1)?.detail).toBe('QR code not confirmed: timeout');
  });

  it('treats a client that throws as an unclear answer', async () => {
    const gateway = new ScriptedGateway({
      create: [
        () => {
          throw new Error('unexpected body');
        },
      ],
    });
    const left = await qrFlow(gateway, 1).qr.start({ amountMinor: 500, currency: 'CNY' });
    expect(left.status).toBe('unknown');
    expect(gateway.queries).toHaveLength(1);
  });

  it('refuses an amount in another currency before anything is written or sent', async () => {
    const gateway = new ScriptedGateway();
    const flow = qrFlow(gateway);
    await expect(flow.qr.start({ amountMinor: 500, currency: 'USD' })).rejects.toMatchObject({ code: 'invalid_amount' });
    expect(flow.journal.payments.size).toBe(0);
    expect(gateway.creates).toHaveLength(0);
  });
});

describe('QrPayments.cancel', () => {
  it('stops the watch and marks the payment cancelled, which a late payment can still settle', async () => {
    const flow = qrFlow(new ScriptedGateway());
    const shown = await flow.qr.start({ amountMinor: 500, currency: 'CNY' });
    const cancelled = flow.qr.cancel(shown.outTradeNo);
    expect(cancelled.status).toBe('cancelled');
    expect(flow.watcher.isWatching(shown.outTradeNo)).toBe(false);
    expect(() => flow.qr.cancel('UNIT-9999')).toThrow(expect.objectContaining({ code: 'not_found' }));
  });
});
