import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { PaymentDetail } from '../../shared/contract/refunds';
import type { Payment } from '../../shared/payment';
import type { Refund } from '../../shared/refund';
import { connectBridge } from '../../renderer/bridge';
import { useDetailStore, mergeRefund } from '../../renderer/stores/detailStore';
import { connectBackofficeToBridge } from '../../renderer/stores/backofficeEvents';
import { buildRefundInput, EMPTY_REFUND_DRAFT, fullRefundText, isFullRefund, type RefundContext } from '../../renderer/stores/refundEntry';
import { buildSettleInput, useSettleRefundStore } from '../../renderer/stores/settleRefundStore';
import { FakeBridge, FakeFailure, settle } from './renderer-backoffice-fake';

const context: RefundContext = { outTradeNo: 'T01A-260101000000-0001AB', refundable: { minor: 10000, currency: 'CNY' }, pinRequired: false, needsAmendmentId: false };

describe('refund entry', () => {
  it('fills the full amount in one step and knows it is full', () => {
    expect(fullRefundText(context.refundable)).toBe('100.00');
    expect(fullRefundText({ minor: 1500, currency: 'JPY' })).toBe('1500');
    expect(fullRefundText({ minor: 0, currency: 'CNY' })).toBe('');
    expect(isFullRefund({ ...EMPTY_REFUND_DRAFT, amountText: '100' }, context)).toBe(true);
    expect(isFullRefund({ ...EMPTY_REFUND_DRAFT, amountText: '99.99' }, context)).toBe(false);
  });

  it('takes a partial amount typed as decimal text, exactly', () => {
    expect(buildRefundInput({ ...EMPTY_REFUND_DRAFT, amountText: '12.34', reason: '  goods back ' }, context)).toEqual({
      ok: true,
      input: { outTradeNo: context.outTradeNo, amountMinor: 1234, reason: 'goods back' },
    });
    expect(buildRefundInput({ ...EMPTY_REFUND_DRAFT, amountText: '0.3' }, context)).toMatchObject({ ok: true, input: { amountMinor: 30 } });
  });

  it('refuses more than what is left before anything is sent, saying what is left', () => {
    expect(buildRefundInput({ ...EMPTY_REFUND_DRAFT, amountText: '100.01' }, context)).toEqual({ ok: false, issues: { amount: { code: 'exceeds', leftMinor: 10000 } } });
    expect(buildRefundInput({ ...EMPTY_REFUND_DRAFT, amountText: '99999999999999999' }, context)).toMatchObject({ ok: false, issues: { amount: { code: 'exceeds' } } });
  });

  it('says what is wrong with a bad amount', () => {
    expect(buildRefundInput(EMPTY_REFUND_DRAFT, context)).toMatchObject({ issues: { amount: { code: 'required' } } });
    expect(buildRefundInput({ ...EMPTY_REFUND_DRAFT, amountText: '0' }, context)).toMatchObject({ issues: { amount: { code: 'amount', amount: 'zero' } } });
    expect(buildRefundInput({ ...EMPTY_REFUND_DRAFT, amountText: '1.234' }, context)).toMatchObject({ issues: { amount: { code: 'amount', amount: 'too_many_decimals' } } });
    expect(buildRefundInput({ ...EMPTY_REFUND_DRAFT, amountText: '-1' }, context)).toMatchObject({ issues: { amount: { code: 'amount', amount: 'negative' } } });
    expect(buildRefundInput({ ...EMPTY_REFUND_DRAFT, amountText: '1e2' }, context)).toMatchObject({ issues: { amount: { code: 'amount', amount: 'not_a_number' } } });
  });

  it('asks for the manager PIN and the order amendment id when the payment needs them', () => {
    const strict = { ...context, pinRequired: true, needsAmendmentId: true };
    expect(buildRefundInput({ ...EMPTY_REFUND_DRAFT, amountText: '5' }, strict)).toEqual({
      ok: false,
      issues: { pin: { code: 'required' }, amendmentId: { code: 'required' } },
    });
    expect(buildRefundInput({ ...EMPTY_REFUND_DRAFT, amountText: '5', pin: '12', amendmentId: 'a' }, strict)).toMatchObject({ ok: false, issues: { pin: { code: 'pin_format' } } });
    expect(buildRefundInput({ ...EMPTY_REFUND_DRAFT, amountText: '5', pin: '2580', amendmentId: ' amend-7 ' }, strict)).toEqual({
      ok: true,
      input: { outTradeNo: context.outTradeNo, amountMinor: 500, managerPin: '2580', orderAmendmentId: 'amend-7' },
    });
  });
});

// ---- the detail store: refunds against a fake window.pos ----

const fake = new FakeBridge();
const NO = 'T01A-260101000000-0001AB';
const at = (s: number) => new Date(Date.UTC(2026, 0, 1, 10, 0, s)).toISOString();

const payment: Payment = {
  outTradeNo: NO,
  mode: 'training',
  method: 'qr',
  amount: { minor: 10000, currency: 'CNY' },
  wallet: 'wechat',
  profileId: 'training-storepay',
  gatewayKind: 'storepay',
  status: 'paid',
  late: false,
  createdAt: at(0),
  updatedAt: at(1),
  paidAt: at(1),
};

function refund(no: string, minor: number, status: Refund['status'], s: number): Refund {
  return { outRefundNo: no, outTradeNo: NO, mode: 'training', amount: { minor, currency: 'CNY' }, status, createdAt: at(10), updatedAt: at(s) };
}

let detail: PaymentDetail;

beforeAll(async () => {
  fake.install();
  await connectBridge();
  connectBackofficeToBridge();
});

beforeEach(() => {
  fake.reset();
  detail = { payment, refunds: [], refundable: { minor: 10000, currency: 'CNY' }, canRefund: true, refundNeedsAmendmentId: false, pinRequired: true };
  fake.on('getPaymentDetail', () => detail);
  useDetailStore.setState({ outTradeNo: null, detail: null, refundForm: null, lastRefundNo: null, refundMaybeSent: false, refundChecks: {} });
});

describe('detail store: refunds', () => {
  it('does not send a refund over what is left', async () => {
    await useDetailStore.getState().open(NO);
    const store = useDetailStore.getState();
    store.openRefund(false);
    store.setRefundField('amountText', '100.01');
    store.setRefundField('pin', '2580');
    expect(await useDetailStore.getState().submitRefund()).toBe(false);
    expect(fake.callsOf('startRefund')).toHaveLength(0);
    expect(useDetailStore.getState().refundForm?.issues['amount']).toEqual({ code: 'exceeds', leftMinor: 10000 });
  });

  it('sends a partial refund once with the PIN, shows it, and follows its events to the end', async () => {
    await useDetailStore.getState().open(NO);
    let release: () => void = () => {};
    fake.on('startRefund', async (input) => {
      await new Promise<void>((resolve) => (release = resolve));
      detail = { ...detail, refunds: [refund('R0000001', input.amountMinor, 'pending', 11)], refundable: { minor: 10000 - input.amountMinor, currency: 'CNY' } };
      return refund('R0000001', input.amountMinor, 'pending', 11);
    });
    const store = useDetailStore.getState();
    store.openRefund(false);
    store.setRefundField('amountText', '30');
    store.setRefundField('pin', '2580');
    const sending = useDetailStore.getState().submitRefund();
    await settle();
    expect(useDetailStore.getState().refundForm?.sending).toBe(true);
    // a second Enter while it is on its way sends nothing more
    await useDetailStore.getState().submitRefund();
    release();
    expect(await sending).toBe(true);
    expect(fake.callsOf('startRefund')).toEqual([{ outTradeNo: NO, amountMinor: 3000, managerPin: '2580' }]);
    expect(useDetailStore.getState().refundForm).toBeNull();
    expect(useDetailStore.getState().lastRefundNo).toBe('R0000001');
    expect(useDetailStore.getState().detail?.refundable.minor).toBe(7000);

    fake.emit({ name: 'refundUpdated', payload: refund('R0000001', 3000, 'processing', 12) });
    expect(useDetailStore.getState().detail?.refunds[0]?.status).toBe('processing');
    // an older event never replaces a newer state
    fake.emit({ name: 'refundUpdated', payload: refund('R0000001', 3000, 'pending', 11) });
    expect(useDetailStore.getState().detail?.refunds[0]?.status).toBe('processing');
    detail = { ...detail, refunds: [refund('R0000001', 3000, 'succeeded', 13)], payment: { ...payment, refundedMinor: 3000 } };
    fake.emit({ name: 'refundUpdated', payload: refund('R0000001', 3000, 'succeeded', 13) });
    await settle();
    expect(useDetailStore.getState().detail?.refunds[0]?.status).toBe('succeeded');
    expect(useDetailStore.getState().detail?.payment.refundedMinor).toBe(3000); // read again once final
  });

  it('shows refund_exceeds with what core says is left, and reads the detail again', async () => {
    await useDetailStore.getState().open(NO);
    fake.on('startRefund', () => {
      throw new FakeFailure('refund_exceeds', { refundableMinor: 2500 });
    });
    detail = { ...detail, refundable: { minor: 2500, currency: 'CNY' } };
    const store = useDetailStore.getState();
    store.openRefund(false);
    store.setRefundField('amountText', '50');
    store.setRefundField('pin', '2580');
    expect(await useDetailStore.getState().submitRefund()).toBe(false);
    expect(useDetailStore.getState().refundForm?.issues['amount']).toEqual({ code: 'exceeds', leftMinor: 2500 });
    expect(useDetailStore.getState().detail?.refundable.minor).toBe(2500);
  });

  it('clears a wrong PIN and keeps the attempts left', async () => {
    await useDetailStore.getState().open(NO);
    fake.on('startRefund', () => {
      throw new FakeFailure('wrong_pin', { attemptsLeft: 4 });
    });
    const store = useDetailStore.getState();
    store.openRefund(true);
    expect(useDetailStore.getState().refundForm?.draft.amountText).toBe('100.00');
    store.setRefundField('pin', '0000');
    await useDetailStore.getState().submitRefund();
    expect(useDetailStore.getState().refundForm?.problem).toMatchObject({ code: 'wrong_pin', attemptsLeft: 4 });
    expect(useDetailStore.getState().refundForm?.draft.pin).toBe('');
    expect(useDetailStore.getState().refundForm?.draft.amountText).toBe('100.00');
  });

  it('after a lost connection it reads the refunds again instead of guessing', async () => {
    await useDetailStore.getState().open(NO);
    fake.on('startRefund', () => {
      detail = { ...detail, refunds: [refund('R0000002', 1000, 'unknown', 20)], refundable: { minor: 9000, currency: 'CNY' } };
      throw new FakeFailure('host_unavailable', { transport: 'browser-host', requestSent: true });
    });
    const store = useDetailStore.getState();
    store.openRefund(false);
    store.setRefundField('amountText', '10');
    store.setRefundField('pin', '2580');
    await useDetailStore.getState().submitRefund();
    expect(useDetailStore.getState().refundMaybeSent).toBe(true);
    expect(useDetailStore.getState().detail?.refunds.map((r) => r.outRefundNo)).toEqual(['R0000002']);
  });

  it('checks a refund that is not confirmed and shows the answer', async () => {
    detail = { ...detail, refunds: [refund('R0000003', 500, 'unknown', 30)] };
    await useDetailStore.getState().open(NO);
    fake.on('checkRefund', () => refund('R0000003', 500, 'succeeded', 31));
    await useDetailStore.getState().checkRefund('R0000003');
    expect(useDetailStore.getState().detail?.refunds[0]?.status).toBe('succeeded');
    expect(useDetailStore.getState().refundChecks).toEqual({});
  });

  it('records by hand what the gateway did with a refund not confirmed: outcome, note and PIN asked first', async () => {
    detail = { ...detail, refunds: [refund('R0000004', 700, 'unknown', 40)] };
    await useDetailStore.getState().open(NO);
    const settleStore = useSettleRefundStore.getState();
    settleStore.open('R0000004');
    expect(await useSettleRefundStore.getState().submit(true)).toBe(false);
    expect(useSettleRefundStore.getState().form?.issues).toEqual({ outcome: { code: 'required' }, note: { code: 'required' }, pin: { code: 'required' } });
    expect(fake.callsOf('settleRefund')).toHaveLength(0);

    fake.on('settleRefund', (input) => {
      if (input.managerPin !== '2580') throw new FakeFailure('wrong_pin', { attemptsLeft: 4 });
      return { ...refund('R0000004', 700, 'succeeded', 41), history: [{ status: 'succeeded', at: at(41), source: 'cashier', detail: `settled by hand (manager PIN checked): refunded at the gateway; note: ${input.note}` }] };
    });
    settleStore.setField('outcome', 'succeeded');
    settleStore.setField('note', '  seen at the gateway ');
    settleStore.setField('pin', '0000');
    expect(await useSettleRefundStore.getState().submit(true)).toBe(false);
    expect(useSettleRefundStore.getState().form?.problem).toMatchObject({ code: 'wrong_pin' });
    expect(useSettleRefundStore.getState().form?.draft).toMatchObject({ outcome: 'succeeded', note: '  seen at the gateway ', pin: '' });
    settleStore.setField('pin', '2580');
    expect(await useSettleRefundStore.getState().submit(true)).toBe(true);
    expect(fake.callsOf('settleRefund').at(-1)).toEqual({ outRefundNo: 'R0000004', outcome: 'succeeded', note: 'seen at the gateway', managerPin: '2580' });
    expect(useSettleRefundStore.getState().form).toBeNull();
    expect(useDetailStore.getState().detail?.refunds[0]?.status).toBe('succeeded');
  });

  it('builds a settlement without a PIN when none is set, and refuses a note that is too long', () => {
    expect(buildSettleInput('R0000005', { outcome: 'failed', note: 'not in the refund list', pin: '' }, false)).toEqual({
      ok: true,
      input: { outRefundNo: 'R0000005', outcome: 'failed', note: 'not in the refund list' },
    });
    expect(buildSettleInput('R0000005', { outcome: 'failed', note: 'x'.repeat(201), pin: '' }, false)).toEqual({ ok: false, issues: { note: { code: 'too_long', max: 200 } } });
  });

  it('offers no refund form when the gateway cannot refund', async () => {
    detail = { ...detail, canRefund: false };
    await useDetailStore.getState().open(NO);
    useDetailStore.getState().openRefund(false);
    expect(useDetailStore.getState().refundForm).toBeNull();
  });

  it('merges refunds newest first and never lets a final state go back', () => {
    const merged = mergeRefund([refund('A0000001', 100, 'succeeded', 5)], refund('B0000001', 200, 'pending', 6));
    expect(merged.map((r) => r.outRefundNo).sort()).toEqual(['A0000001', 'B0000001']);
    const kept = mergeRefund([refund('A0000001', 100, 'succeeded', 5)], refund('A0000001', 100, 'processing', 9));
    expect(kept[0]?.status).toBe('succeeded');
  });
});
