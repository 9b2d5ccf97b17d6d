import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { connectBridge } from '../../renderer/bridge';
import { useAppStore } from '../../renderer/stores/appStore';
import { BRIDGE_RECONNECTED_EVENT, connectStoresToBridge } from '../../renderer/stores/events';
import { useFlowStore } from '../../renderer/stores/flowStore';
import { usePaymentsStore } from '../../renderer/stores/paymentsStore';
import { localDay } from '../../renderer/lib/format';
import type { AppInfo, StartQrPaymentInput } from '../../shared/contract';
import type { Payment } from '../../shared/payment';
import type { Refund } from '../../shared/refund';
import { appInfo, cashierDefaults, FakeBridge, FakeFailure, later, settle } from './renderer-backoffice-fake';

const APP_INFO: AppInfo = appInfo({ qrWallets: ['wechat', 'alipay', 'unionpay'], scanner: { maxGapMs: 40, minLength: 16, prefix: '', suffix: '' } });

let seq = 0;
function makePayment(overrides: Partial<Payment> = {}): Payment {
  seq += 1;
  const created = new Date(Date.now() - 1000).toISOString();
  return {
    outTradeNo: `T01-${String(seq).padStart(6, '0')}`,
    mode: 'training',
    method: 'qr',
    amount: { minor: 1234, currency: 'CNY' },
    wallet: 'wechat',
    profileId: 'training',
    gatewayKind: 'storepay',
    status: 'pending',
    qrCode: `weixin://wxpay/bizpayurl?pr=${seq}`,
    expiresAt: new Date(Date.now() + 120_000).toISOString(),
    late: false,
    createdAt: created,
    updatedAt: created,
    ...overrides,
  };
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// ---- the tests ----

const fake = new FakeBridge(cashierDefaults(APP_INFO));
let disconnect: () => void = () => {};

function typeAmount(text: string): void {
  const flow = useFlowStore.getState();
  for (const ch of text) flow.pressKey(ch === '.' ? '.' : (ch as '0'));
}

/** Starts a QR payment for `text` whose answer is `payment`. */
async function startWith(text: string, payment: Payment): Promise<void> {
  fake.on('startQrPayment', () => payment);
  typeAmount(text);
  await useFlowStore.getState().startQrPayment();
}

beforeAll(async () => {
  fake.install();
  await connectBridge();
  await useAppStore.getState().load();
  disconnect = connectStoresToBridge();
});

afterAll(() => disconnect());

beforeEach(() => {
  fake.reset();
  useAppStore.setState({ info: APP_INFO });
  // back to an empty sale whatever the last test left
  useFlowStore.setState({ screen: 'sale', amountText: '', note: '', wallet: null, entryError: null, busy: null, error: null, payment: null, resultSince: null });
});

describe('flow store: amount entry', () => {
  it('refuses Enter with no amount, and says so', async () => {
    await useFlowStore.getState().startQrPayment();
    expect(useFlowStore.getState().entryError).toBe('empty');
    expect(fake.callsOf('startQrPayment')).toHaveLength(0);
  });

  it('keeps "12.34" when a third decimal is typed, with a reason', () => {
    typeAmount('12.345');
    expect(useFlowStore.getState().amountText).toBe('12.34');
    expect(useFlowStore.getState().entryError).toBe('too_many_decimals');
    useFlowStore.getState().pressKey('backspace');
    expect(useFlowStore.getState()).toMatchObject({ amountText: '12.3', entryError: null });
  });

  it('refuses an amount over AppInfo.maxAmountMinor without losing the text', () => {
    useAppStore.setState({ info: { ...APP_INFO, maxAmountMinor: 50_000 } });
    typeAmount('5000');
    expect(useFlowStore.getState()).toMatchObject({ amountText: '500', entryError: 'too_large' });
  });

  it('defaults to the first wallet and cycles through AppInfo.qrWallets', () => {
    const flow = useFlowStore.getState();
    flow.cycleWallet(1);
    expect(useFlowStore.getState().wallet).toBe('alipay');
    flow.cycleWallet(-1);
    flow.cycleWallet(-1);
    expect(useFlowStore.getState().wallet).toBe('unionpay');
  });
});

describe('flow store: QR payment', () => {
  it('starts a QR payment with integer minor units, the wallet and the trimmed note, then shows the QR', async () => {
    const payment = makePayment({ amount: { minor: 1234, currency: 'CNY' } });
    fake.on('startQrPayment', () => payment);
    typeAmount('12.34');
    useFlowStore.getState().setNote('  table 4  ');
    useFlowStore.getState().selectWallet('alipay');
    const started = useFlowStore.getState().startQrPayment();
    expect(useFlowStore.getState().busy).toBe('starting');
    // a second Enter while the first is on its way does not start a second payment
    await useFlowStore.getState().startQrPayment();
    await started;
    const inputs = fake.callsOf('startQrPayment') as StartQrPaymentInput[];
    expect(inputs).toEqual([{ amountMinor: 1234, currency: 'CNY', wallet: 'alipay', note: 'table 4' }]);
    expect(useFlowStore.getState()).toMatchObject({ screen: 'qr', busy: null, payment });
  });

  it('stays on the sale with the amount kept and an error code when starting fails', async () => {
    fake.on('startQrPayment', () => {
      throw new FakeFailure('gateway_unavailable');
    });
    typeAmount('8.8');
    await useFlowStore.getState().startQrPayment();
    expect(useFlowStore.getState()).toMatchObject({ screen: 'sale', amountText: '8.8', error: 'gateway_unavailable', busy: null });
  });

  it('calls a lost browser-host connection a connection problem, not a gateway one', async () => {
    fake.on('startQrPayment', () => {
      throw new FakeFailure('gateway_unavailable', { transport: 'browser-host', requestSent: false });
    });
    typeAmount('1');
    await useFlowStore.getState().startQrPayment();
    expect(useFlowStore.getState().error).toBe('connection');
  });

  it('moves to the paid result on a paymentUpdated event for its order, and ignores other orders', async () => {
    const payment = makePayment();
    await startWith('12.34', payment);
    fake.emitPayment(later(makePayment(), { status: 'paid' }));
    expect(useFlowStore.getState().screen).toBe('qr');
    fake.emitPayment(later(payment, { status: 'paid', paidAt: new Date().toISOString() }));
    const state = useFlowStore.getState();
    expect(state.screen).toBe('result');
    expect(state.payment?.status).toBe('paid');
    expect(state.resultSince).not.toBeNull();
  });

  it('ignores an update older than what it shows, and never goes from final back to waiting', async () => {
    const payment = makePayment();
    await startWith('1', payment);
    const paid = later(payment, { status: 'paid' }, 2000);
    useFlowStore.getState().applyUpdate(paid);
    useFlowStore.getState().applyUpdate(later(payment, { status: 'pending' }, 1000));
    useFlowStore.getState().applyUpdate(later(payment, { status: 'unknown' }, 5000));
    expect(useFlowStore.getState().payment).toEqual(paid);
  });

  it.each([
    ['declined', 'declined'],
    ['closed', 'closed'],
    ['expired', 'expired'],
  ] as const)('shows %s as its own result', async (status, kind) => {
    const payment = makePayment();
    await startWith('3', payment);
    fake.emitPayment(later(payment, { status }));
    expect(useFlowStore.getState()).toMatchObject({ screen: 'result', payment: { status } });
    const { resultKind } = await import('../../renderer/stores/flowStore');
    expect(resultKind(status)).toBe(kind);
  });

  it('keeps the QR up while unknown (the buyer may still pay) and checks again on request', async () => {
    const payment = makePayment();
    await startWith('5', payment);
    fake.emitPayment(later(payment, { status: 'unknown' }));
    expect(useFlowStore.getState().screen).toBe('qr');
    fake.on('checkPayment', ({ outTradeNo }) => later(payment, { status: 'paid', outTradeNo }, 3000));
    const checking = useFlowStore.getState().checkPayment();
    expect(useFlowStore.getState().busy).toBe('checking');
    await checking;
    expect(fake.callsOf('checkPayment')).toEqual([{ outTradeNo: payment.outTradeNo }]);
    expect(useFlowStore.getState()).toMatchObject({ screen: 'result', busy: null, payment: { status: 'paid' } });
  });

  it('shows "not confirmed" (never failed) when the start itself is unknown, and Check again can settle it', async () => {
    const payment = makePayment({ status: 'unknown', qrCode: undefined, expiresAt: undefined });
    await startWith('9.99', payment);
    const { resultKind } = await import('../../renderer/stores/flowStore');
    expect(useFlowStore.getState().screen).toBe('result');
    expect(resultKind(useFlowStore.getState().payment!.status)).toBe('unconfirmed');
    fake.on('checkPayment', () => {
      throw new FakeFailure('gateway_unavailable');
    });
    await useFlowStore.getState().checkPayment();
    expect(useFlowStore.getState()).toMatchObject({ screen: 'result', error: 'gateway_unavailable', payment: { status: 'unknown' } });
    fake.on('checkPayment', () => later(payment, { status: 'declined', failureMessage: 'insufficient funds' }));
    await useFlowStore.getState().checkPayment();
    expect(useFlowStore.getState()).toMatchObject({ error: null, payment: { status: 'declined' } });
  });

  it('cancels: asks the main process, shows Cancelled, and still shows a late payment', async () => {
    const payment = makePayment();
    await startWith('20', payment);
    const cancelled = later(payment, { status: 'cancelled' });
    fake.on('cancelPayment', () => cancelled);
    await useFlowStore.getState().cancelPayment();
    expect(fake.callsOf('cancelPayment')).toEqual([{ outTradeNo: payment.outTradeNo }]);
    expect(useFlowStore.getState()).toMatchObject({ screen: 'result', payment: { status: 'cancelled' } });
    fake.emitPayment(later(cancelled, { status: 'paid', late: true }));
    expect(useFlowStore.getState()).toMatchObject({ screen: 'result', payment: { status: 'paid', late: true } });
  });

  it('lets Cancel through while a slow check is still running', async () => {
    const payment = makePayment();
    await startWith('20', payment);
    let release: (p: Payment) => void = () => {};
    fake.on('checkPayment', () => new Promise<Payment>((resolve) => (release = resolve)));
    const checking = useFlowStore.getState().checkPayment();
    fake.on('cancelPayment', () => later(payment, { status: 'cancelled' }, 2000));
    await useFlowStore.getState().cancelPayment();
    expect(useFlowStore.getState()).toMatchObject({ screen: 'result', busy: null, payment: { status: 'cancelled' } });
    release(later(payment, { status: 'pending' }, 1000)); // older than the cancel: ignored
    await checking;
    expect(useFlowStore.getState()).toMatchObject({ screen: 'result', busy: null, payment: { status: 'cancelled' } });
  });

  it('shows what the payment is when Cancel is refused (already paid)', async () => {
    const payment = makePayment();
    await startWith('20', payment);
    fake.on('cancelPayment', () => {
      throw new FakeFailure('not_allowed');
    });
    fake.on('getPayment', () => later(payment, { status: 'paid' }));
    await useFlowStore.getState().cancelPayment();
    expect(useFlowStore.getState()).toMatchObject({ screen: 'result', error: 'not_allowed', payment: { status: 'paid' } });
  });

  it('drives the simulator in training mode only', async () => {
    const payment = makePayment();
    await startWith('1', payment);
    fake.on('simulateBuyerPays', () => ({ ok: true as const }));
    fake.on('simulateBuyerDeclines', () => ({ ok: true as const }));
    await useFlowStore.getState().simulateBuyerPays();
    await useFlowStore.getState().simulateBuyerDeclines();
    expect(fake.callsOf('simulateBuyerPays')).toEqual([{ outTradeNo: payment.outTradeNo }]);
    expect(fake.callsOf('simulateBuyerDeclines')).toEqual([{ outTradeNo: payment.outTradeNo }]);
    useAppStore.setState({ info: { ...APP_INFO, mode: 'live' } });
    await useFlowStore.getState().simulateBuyerPays();
    expect(fake.callsOf('simulateBuyerPays')).toHaveLength(1);
  });

  it('re-reads the followed payment with getPayment after a reconnect', async () => {
    const payment = makePayment();
    await startWith('1', payment);
    fake.on('getPayment', () => later(payment, { status: 'expired' }));
    window.dispatchEvent(new Event(BRIDGE_RECONNECTED_EVENT));
    await settle();
    expect(fake.callsOf('getPayment')).toEqual([{ outTradeNo: payment.outTradeNo }]);
    expect(useFlowStore.getState()).toMatchObject({ screen: 'result', payment: { status: 'expired' } });
  });

  it('starts a new sale clean, or with the same amount, and ignores late answers for the old one', async () => {
    const payment = makePayment({ amount: { minor: 1230, currency: 'CNY' }, wallet: 'unionpay' });
    await startWith('12.3', payment);
    fake.emitPayment(later(payment, { status: 'declined' }));
    useFlowStore.getState().newSale({ sameAmount: true });
    expect(useFlowStore.getState()).toMatchObject({ screen: 'sale', amountText: '12.30', wallet: 'unionpay', payment: null });

    const unconfirmed = makePayment({ status: 'unknown', qrCode: undefined });
    await startWith('', unconfirmed);
    useFlowStore.getState().newSale({ sameAmount: true }); // money may have been taken: start clean
    expect(useFlowStore.getState()).toMatchObject({ screen: 'sale', amountText: '' });

    const second = makePayment();
    await startWith('', second);
    fake.emitPayment(later(second, { status: 'unknown', qrCode: undefined }));
    let release: (p: Payment) => void = () => {};
    fake.on('checkPayment', () => new Promise<Payment>((resolve) => (release = resolve)));
    const checking = useFlowStore.getState().checkPayment();
    useFlowStore.getState().newSale();
    release(later(second, { status: 'paid' }, 5000));
    await checking;
    expect(useFlowStore.getState()).toMatchObject({ screen: 'sale', amountText: '', payment: null, busy: null, error: null });
  });
});

describe('payments store', () => {
  it("lists today's local day and the unresolved count", async () => {
    const older = makePayment({ createdAt: new Date(Date.now() - 60_000).toISOString(), status: 'paid' });
    const newer = makePayment({ status: 'unknown' });
    fake.on('listPayments', () => [older, newer]);
    fake.on('listUnresolved', () => [newer]);
    await usePaymentsStore.getState().refresh();
    expect(fake.callsOf('listPayments')).toEqual([{ day: localDay(new Date()) }]);
    const state = usePaymentsStore.getState();
    expect(state.payments.map((p) => p.outTradeNo)).toEqual([newer.outTradeNo, older.outTradeNo]);
    expect(state.unresolved).toHaveLength(1);
    expect(state.unresolvedRefunds).toEqual([]);
    expect(state.loaded).toBe(true);
  });

  it('updates a row from an event, adds a new one of today, and flags late ones', async () => {
    const row = makePayment({ status: 'cancelled' });
    fake.on('listPayments', () => [row]);
    await usePaymentsStore.getState().refresh();
    const late = later(row, { status: 'paid', late: true });
    usePaymentsStore.getState().applyUpdate(late);
    usePaymentsStore.getState().applyUpdate(row); // older: ignored
    const fresh = makePayment({ createdAt: new Date(Date.now() + 1000).toISOString() });
    usePaymentsStore.getState().applyUpdate(fresh);
    const yesterday = makePayment({ createdAt: new Date(Date.now() - 86_400_000 * 2).toISOString() });
    usePaymentsStore.getState().applyUpdate(yesterday);
    const rows = usePaymentsStore.getState().payments;
    expect(rows.map((p) => [p.outTradeNo, p.status, p.late])).toEqual([
      [fresh.outTradeNo, 'pending', false],
      [row.outTradeNo, 'paid', true],
    ]);
  });

  it('re-reads the unresolved refunds when a refund changes', async () => {
    const refund: Refund = {
      outRefundNo: 'RF-000009',
      outTradeNo: 'T01-000009',
      mode: 'training',
      amount: { minor: 100, currency: 'CNY' },
      status: 'unknown',
      createdAt: new Date().toISOString(),
      updatedAt: new Date().toISOString(),
    };
    fake.on('listUnresolvedRefunds', () => [refund]);
    fake.emit({ name: 'refundUpdated', payload: refund });
    await expect.poll(() => usePaymentsStore.getState().unresolvedRefunds.map((r) => r.outRefundNo), { timeout: 2000 }).toEqual(['RF-000009']);
  });

  it('applies events in place: a payment or a refund event reads no list', async () => {
    const watched = makePayment({ status: 'unknown' });
    fake.on('listPayments', () => [watched]);
    fake.on('listUnresolved', () => [watched]);
    await pause(400); // a list read an earlier test's reconnect scheduled is done by then
    await usePaymentsStore.getState().refresh();
    fake.reset();
    fake.emitPayment(later(watched, { status: 'paid' }));
    const refund: Refund = {
      outRefundNo: 'RF-000010',
      outTradeNo: watched.outTradeNo,
      mode: 'training',
      amount: { minor: 100, currency: 'CNY' },
      status: 'unknown',
      createdAt: new Date().toISOString(),
      updatedAt: new Date().toISOString(),
    };
    fake.emit({ name: 'refundUpdated', payload: refund });
    await expect.poll(() => usePaymentsStore.getState().unresolvedRefunds.map((r) => r.outRefundNo)).toEqual(['RF-000010']);
    expect(usePaymentsStore.getState().unresolved).toEqual([]);
    expect(usePaymentsStore.getState().payments.map((p) => p.status)).toEqual(['paid']);
    fake.emit({ name: 'refundUpdated', payload: { ...refund, status: 'succeeded', updatedAt: new Date(Date.now() + 1000).toISOString() } });
    fake.emit({ name: 'refundUpdated', payload: { ...refund, outRefundNo: 'RF-000011', mode: 'live' } });
    await pause(400); // longer than the 300 ms after which the events once read the lists
    await settle();
    expect(usePaymentsStore.getState().unresolvedRefunds).toEqual([]);
    expect(fake.calls.map((c) => c.method)).toEqual([]);
  });

  it('reads the unresolved payments alone for a payment not final and not listed (the watcher may have let it go)', async () => {
    const released = makePayment({ status: 'unknown' });
    fake.on('listUnresolved', () => [released]);
    await pause(400);
    usePaymentsStore.setState({ unresolved: [] });
    fake.reset();
    fake.on('listUnresolved', () => [released]);
    fake.emitPayment(released);
    await expect.poll(() => usePaymentsStore.getState().unresolved.map((p) => p.outTradeNo), { timeout: 2000 }).toEqual([released.outTradeNo]);
    expect(fake.calls.map((c) => c.method)).toEqual(['listUnresolved']);
  });

  it('keeps the old list and reports the error when loading fails', async () => {
    fake.on('listUnresolved', () => {
      throw new FakeFailure('internal');
    });
    const before = usePaymentsStore.getState().payments;
    await usePaymentsStore.getState().refresh();
    expect(usePaymentsStore.getState()).toMatchObject({ error: 'internal', loading: false });
    expect(usePaymentsStore.getState().payments).toBe(before);
  });
});

describe('app store', () => {
  it('persists a language change through setLanguage', async () => {
    useAppStore.setState({ language: 'en' });
    await useAppStore.getState().toggleLanguage();
    expect(fake.callsOf('setLanguage')).toEqual([{ language: 'zh-CN' }]);
    expect(useAppStore.getState()).toMatchObject({ language: 'zh-CN', languageError: null });
    fake.on('setLanguage', () => {
      throw new FakeFailure('internal');
    });
    await useAppStore.getState().setLanguage('en');
    expect(useAppStore.getState()).toMatchObject({ language: 'en', languageError: 'internal' });
  });
});
