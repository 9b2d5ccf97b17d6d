// Recovery over fake ports and fake time: every payment that is not final is asked about, not
// confirmed before late-watched and newest first, within its profile's budget; what a live watch
// follows is left to it; a missing order becomes closed only when it is old enough.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { GatewayPaymentState } from '../../main/core/ports';
import { Recovery, type RecoverySettings } from '../../main/core/recovery';
import { RecoveryBudget } from '../../main/core/recovery-budget';
import { scanStatusSchedule } from '../../main/core/retry-policy';
import type { Payment, PaymentStatus } from '../../shared/payment';
import { PROFILE_ID, ScriptedGateway, flowParts, useFakeTime } from './core-fakes';

const SETTINGS: RecoverySettings = { lateWatchHours: 24, missingAfterSeconds: 600 };

function recoveryOver(gateway: ScriptedGateway, budget?: RecoveryBudget) {
  const parts = flowParts(gateway);
  const recovery = new Recovery({ ...parts.deps, journal: parts.journal, settings: () => SETTINGS, budget });
  /** A payment made `minutesAgo` minutes ago, now in `status`. */
  const payment = (outTradeNo: string, minutesAgo: number, status: PaymentStatus, profileId = PROFILE_ID): Payment => {
    const createdAt = new Date(Date.now() - minutesAgo * 60_000).toISOString();
    parts.recorder.create({ outTradeNo, mode: 'live', method: 'qr', amount: { minor: 100, currency: 'CNY' }, profileId, gatewayKind: 'fake', createdAt });
    return status === 'pending' ? (parts.journal.getPayment(outTradeNo) as Payment) : parts.recorder.apply(outTradeNo, { status, at: createdAt, source: 'app' });
  };
  return { ...parts, recovery, payment };
}

const asked = (gateway: ScriptedGateway) => gateway.queries.map((ref) => ref.outTradeNo);

beforeEach(() => useFakeTime());
afterEach(() => vi.useRealTimers());

describe('Recovery.runOnce', () => {
  it('asks about every payment that is not final once: not confirmed before late-watched, newest first', async () => {
    const gateway = new ScriptedGateway({ query: [{ state: 'waiting', userPaying: false }] });
    const flow = recoveryOver(gateway);
    flow.payment('OLD-UNKNOWN', 30, 'unknown');
    flow.payment('NEW-CANCELLED', 1, 'cancelled');
    flow.payment('NEW-PENDING', 2, 'pending');
    flow.payment('OLD-EXPIRED', 40, 'expired');
    flow.payment('PAID-0001', 3, 'paid');
    await flow.recovery.runOnce();
    expect(asked(gateway)).toEqual(['NEW-PENDING', 'OLD-UNKNOWN', 'NEW-CANCELLED', 'OLD-EXPIRED']);
  });

  it('records what the gateway says as recovery, and a payment after Cancel as paid and late', async () => {
    const answers: Record<string, GatewayPaymentState> = { 'UNKNOWN-01': { state: 'paid', gatewayTradeNo: 'G-1' }, 'CANCEL-001': { state: 'paid' } };
    const gateway: ScriptedGateway = new ScriptedGateway({ query: [(): GatewayPaymentState => answers[gateway.queries.at(-1)?.outTradeNo ?? ''] ?? { state: 'unknown', reason: '?' }] });
    const flow = recoveryOver(gateway);
    flow.payment('UNKNOWN-01', 5, 'unknown');
    flow.payment('CANCEL-001', 6, 'cancelled');
    await flow.recovery.runOnce();
    const settled = flow.journal.getPayment('UNKNOWN-01', true);
    expect(settled).toMatchObject({ status: 'paid', gatewayTradeNo: 'G-1', late: false });
    expect(settled?.history?.at(-1)?.source).toBe('recovery');
    expect(flow.journal.getPayment('CANCEL-001')).toMatchObject({ status: 'paid', late: true });
  });

  it('takes a missing order as never made only once it is older than missingAfterSeconds', async () => {
    const gateway = new ScriptedGateway({ query: [{ state: 'not_found' }] });
    const flow = recoveryOver(gateway);
    flow.payment('YOUNG-0001', 5, 'unknown');
    flow.payment('OLDER-0001', 11, 'unknown');
    await flow.recovery.runOnce();
    expect(flow.journal.getPayment('YOUNG-0001')?.status).toBe('unknown');
    expect(flow.journal.getPayment('OLDER-0001')).toMatchObject({ status: 'closed', failureCode: 'ORDERNOTEXIST' });
  });

  it('leaves a payment a live watch follows to it, and one whose profile is gone alone', async () => {
    const gateway = new ScriptedGateway();
    const flow = recoveryOver(gateway);
    const watched = flow.payment('WATCHED-01', 1, 'pending');
    flow.payment('NOPROFILE1', 2, 'unknown', 'deleted-profile');
    flow.payment('UNKNOWN-01', 3, 'unknown');
    void flow.watcher.watch(watched, { gateway, until: new Date(Date.now() + 60_000), delayMs: scanStatusSchedule(30_000) });
    expect(flow.recovery.listUnresolved('live').map((p) => p.outTradeNo)).toEqual(['UNKNOWN-01', 'NOPROFILE1']);
    await flow.recovery.runOnce();
    expect(asked(gateway)).toEqual(['UNKNOWN-01']);
    await flow.watcher.stopAll();
  });

  it('spaces the queries of one profile by its budget, and asks nothing more once stopped', async () => {
    const start = Date.now();
    const at: number[] = [];
    const gateway = new ScriptedGateway({ query: [() => (at.push(Date.now() - start), { state: 'unknown' as const, reason: 'timeout' })] });
    const flow = recoveryOver(gateway, new RecoveryBudget(() => 1, () => Date.now()));
    for (const [index, no] of ['UNKNOWN-01', 'UNKNOWN-02', 'UNKNOWN-03'].entries()) flow.payment(no, index + 1, 'unknown');
    const pass = flow.recovery.runOnce();
    await vi.advanceTimersByTimeAsync(1000);
    expect(at).toEqual([0, 1000]);
    await flow.recovery.stop();
    await pass;
    await vi.advanceTimersByTimeAsync(5000);
    expect(at).toEqual([0, 1000]);
  });
});

describe('Recovery.start', () => {
  it('runs a pass on its timer', async () => {
    const gateway = new ScriptedGateway({ query: [{ state: 'paid' }] });
    const flow = recoveryOver(gateway);
    flow.payment('UNKNOWN-01', 1, 'unknown');
    flow.recovery.start(30_000);
    await vi.advanceTimersByTimeAsync(29_999);
    expect(gateway.queries).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(flow.journal.getPayment('UNKNOWN-01')?.status).toBe('paid');
    await flow.recovery.stop();
  });
});
