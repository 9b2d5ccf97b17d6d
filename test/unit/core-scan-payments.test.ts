// ScanPayments over fake ports and fake time: written ahead and returned at once, the buyer's code
// sent once, "user paying" or an unclear answer followed every scanPollMs in a window that starts
// with the answer, and a payment still unconfirmed then left unknown for recovery.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ScanPayments, type ScanSettings } from '../../main/core/scan-payments';
import { ScriptedGateway, flowParts, useFakeTime } from './core-fakes';

const WECHAT = '134567890123456789';
const OTHER_WECHAT = '101234567890123456';
const SETTINGS: ScanSettings = { currency: 'CNY', maxAmountMinor: 1_000_000, scanWaitMs: 9000, scanPollMs: 3000, scanRequestTimeoutMs: 45_000 };

function scanFlow(gateway: ScriptedGateway) {
  const parts = flowParts(gateway);
  const scan = new ScanPayments({ ...parts.deps, settings: () => SETTINGS, routeCurrency: () => 'CNY' });
  return { ...parts, scan };
}

beforeEach(() => useFakeTime());
afterEach(() => vi.useRealTimers());

describe('ScanPayments.start', () => {
  it('returns the payment written ahead at once, with a provisional window of the request timeout plus the checking window', async () => {
    const gateway = new ScriptedGateway({ scan: [{ state: 'paid', gatewayTradeNo: 'G-1' }] });
    const flow = scanFlow(gateway);
    const started = flow.scan.start({ amountMinor: 1234, currency: 'CNY', buyerCode: WECHAT, entry: 'scanner' });
    expect(started).toMatchObject({ status: 'pending', method: 'scan', wallet: 'wechat', buyerCodeLast4: '6789', expiresAt: '2026-03-01T10:00:54.000Z' });
    expect(JSON.stringify(flow.journal.getPayment(started.outTradeNo, true))).not.toContain(WECHAT);
    const settled = await flow.scan.settled();
    expect(settled).toMatchObject({ status: 'paid', gatewayTradeNo: 'G-1' });
    expect(gateway.scans).toEqual([expect.objectContaining({ outTradeNo: started.outTradeNo, buyerCode: WECHAT, timeoutMs: 45_000 })]);
  });

  it('follows "user paying" every scanPollMs from the answer, never sending the code again', async () => {
    const gateway = new ScriptedGateway({ scan: [{ state: 'waiting', userPaying: true }], query: [{ state: 'waiting', userPaying: true }, { state: 'paid' }] });
    const flow = scanFlow(gateway);
    const started = flow.scan.start({ amountMinor: 100, currency: 'CNY', buyerCode: WECHAT, entry: 'scanner' });
    const done = flow.scan.settled();
    await vi.advanceTimersByTimeAsync(0);
    expect(flow.journal.getPayment(started.outTradeNo)?.expiresAt).toBe('2026-03-01T10:00:09.000Z'); // the window starts with the answer
    await vi.advanceTimersByTimeAsync(2999);
    expect(gateway.queries).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(gateway.queries).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(3000);
    expect(await done).toMatchObject({ status: 'paid' });
    expect(gateway.scans).toHaveLength(1);
  });

  it('leaves a payment the buyer never confirms unknown when the window ends, never failed', async () => {
    const gateway = new ScriptedGateway({ scan: [{ state: 'unknown', reason: 'timeout' }], query: [{ state: 'waiting', userPaying: true }] });
    const flow = scanFlow(gateway);
    const started = flow.scan.start({ amountMinor: 100, currency: 'CNY', buyerCode: WECHAT, entry: 'scanner' });
    const done = flow.scan.settled();
    await vi.advanceTimersByTimeAsync(9000);
    const left = await done;
    expect(left).toMatchObject({ status: 'unknown' });
    expect(gateway.queries).toHaveLength(3); // at 3, 6 and 9 s
    expect(flow.watcher.isWatching(started.outTradeNo)).toBe(false);
    expect(gateway.scans).toHaveLength(1);
  });

  it('takes a client that throws as an unclear answer and checks the status', async () => {
    const gateway = new ScriptedGateway({
      scan: [
        () => {
          throw new Error('socket hang up');
        },
      ],
      query: [{ state: 'declined', code: 'AUTHCODEEXPIRE', message: 'code expired' }],
    });
    const flow = scanFlow(gateway);
    flow.scan.start({ amountMinor: 100, currency: 'CNY', buyerCode: WECHAT, entry: 'scanner' });
    const done = flow.scan.settled();
    await vi.advanceTimersByTimeAsync(3000);
    expect(await done).toMatchObject({ status: 'declined', failureCode: 'AUTHCODEEXPIRE' });
  });

  it('refuses a second scan while one is in flight, and a code already used', async () => {
    const flow = scanFlow(new ScriptedGateway({ scan: [{ state: 'paid' }] }));
    flow.scan.start({ amountMinor: 100, currency: 'CNY', buyerCode: WECHAT, entry: 'scanner' });
    expect(() => flow.scan.start({ amountMinor: 100, currency: 'CNY', buyerCode: OTHER_WECHAT, entry: 'scanner' })).toThrow(expect.objectContaining({ code: 'payment_in_progress' }));
    await flow.scan.settled();
    expect(() => flow.scan.start({ amountMinor: 100, currency: 'CNY', buyerCode: WECHAT, entry: 'scanner' })).toThrow(expect.objectContaining({ code: 'duplicate_code' }));
    expect(() => flow.scan.start({ amountMinor: 100, currency: 'CNY', buyerCode: '12345', entry: 'manual' })).toThrow(expect.objectContaining({ code: 'invalid_payment_code' }));
    expect(flow.journal.payments.size).toBe(1);
  });
});

describe('ScanPayments.resume', () => {
  it('after a restart, gives a payment whose answer was lost a new window from now and checks it with the same number', async () => {
    const gateway = new ScriptedGateway({ query: [{ state: 'paid' }] });
    const flow = scanFlow(gateway);
    const cut = flow.recorder.create({
      outTradeNo: 'UNIT-0042',
      mode: 'live',
      method: 'scan',
      amount: { minor: 100, currency: 'CNY' },
      wallet: 'wechat',
      profileId: 'fake-1',
      gatewayKind: 'fake',
      expiresAt: '2026-03-01T10:00:30.000Z',
      createdAt: '2026-03-01T09:59:50.000Z',
    });
    flow.scan.resume([cut]);
    const done = flow.scan.settled();
    expect(flow.journal.getPayment('UNIT-0042')?.expiresAt).toBe('2026-03-01T10:00:09.000Z');
    await vi.advanceTimersByTimeAsync(3000);
    expect(await done).toMatchObject({ status: 'paid' });
    expect(gateway.queries.map((ref) => ref.outTradeNo)).toEqual(['UNIT-0042']);
    expect(gateway.scans).toHaveLength(0);
  });
});
