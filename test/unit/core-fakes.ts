// Fakes of core's ports (main/core/ports.ts) for the core flow unit tests: an in-memory journal, a
// scripted gateway, a one-gateway directory and a clock that reads vitest's fake time. No HTTP.
import { vi } from 'vitest';
import { PaymentRecorder } from '../../main/core/payment-recorder';
import type {
  Clock,
  GatewayCapability,
  GatewayDirectory,
  GatewayPaymentState,
  NewPaymentRecord,
  PaymentChange,
  PaymentGateway,
  PaymentJournal,
  PaymentRef,
  QrCreateResult,
  QrPaymentRequest,
  ScanPaymentRequest,
} from '../../main/core/ports';
import { silentLogger } from '../../main/core/ports';
import { StatusWatcher } from '../../main/core/status-watcher';
import type { Mode, Payment } from '../../shared/payment';

/** Now as vitest's fake timers have it: advancing the timers moves this clock too. */
export const fakeClock: Clock = { now: () => new Date(Date.now()) };

export function useFakeTime(start = '2026-03-01T10:00:00.000Z'): void {
  vi.useFakeTimers({ now: new Date(start), toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
}

export class MemoryJournal implements PaymentJournal {
  readonly payments = new Map<string, Payment>();

  insertPayment(record: NewPaymentRecord): Payment {
    if (this.payments.has(record.outTradeNo)) throw new Error(`duplicate ${record.outTradeNo}`);
    const payment: Payment = { ...record, status: 'pending', late: false, updatedAt: record.createdAt, history: [{ status: 'pending', at: record.createdAt, source: 'app', detail: 'written ahead' }] };
    this.payments.set(record.outTradeNo, payment);
    return this.copy(payment, false);
  }

  applyChange(outTradeNo: string, change: PaymentChange): Payment {
    const current = this.payments.get(outTradeNo);
    if (!current) throw new Error(`no payment ${outTradeNo}`);
    const { source, detail, ...fields } = change;
    const defined = Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined));
    const next: Payment = { ...current, ...defined, updatedAt: change.at, history: [...(current.history ?? []), { status: change.status, at: change.at, source, detail }] };
    this.payments.set(outTradeNo, next);
    return this.copy(next, false);
  }

  getPayment(outTradeNo: string, withHistory = false): Payment | undefined {
    const payment = this.payments.get(outTradeNo);
    return payment && this.copy(payment, withHistory);
  }

  listPayments(mode: Mode, fromIso: string, toIso: string): Payment[] {
    return [...this.payments.values()].filter((p) => p.mode === mode && p.createdAt >= fromIso && p.createdAt < toIso).map((p) => this.copy(p, false));
  }

  /** as the journal lists them: oldest first */
  listUnresolved(mode: Mode, watchSinceIso: string): Payment[] {
    return [...this.payments.values()]
      .sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0))
      .filter((p) => p.mode === mode && (p.status === 'pending' || p.status === 'unknown' || ((p.status === 'expired' || p.status === 'cancelled') && p.createdAt >= watchSinceIso)))
      .map((p) => this.copy(p, false));
  }

  close(): void {}

  private copy(payment: Payment, withHistory: boolean): Payment {
    const { history, ...rest } = payment;
    return withHistory ? { ...rest, history: [...(history ?? [])] } : { ...rest };
  }
}

type Answer<T> = T | (() => T | Promise<T>);

/** A gateway that answers from scripts (the last answer repeats) and remembers every request it was sent. */
export class ScriptedGateway implements PaymentGateway {
  readonly kind = 'fake';
  readonly capabilities: ReadonlySet<GatewayCapability> = new Set<GatewayCapability>(['qr', 'scan']);
  readonly creates: QrPaymentRequest[] = [];
  readonly queries: PaymentRef[] = [];
  readonly scans: ScanPaymentRequest[] = [];

  constructor(
    private readonly script: { create?: Answer<QrCreateResult>[]; query?: Answer<GatewayPaymentState>[]; scan?: Answer<GatewayPaymentState>[] } = {},
  ) {}

  createQrPayment(request: QrPaymentRequest): Promise<QrCreateResult> {
    this.creates.push(request);
    return next(this.script.create, this.creates.length, { outcome: 'created', qrCode: 'weixin://pay/fake' });
  }

  queryPayment(ref: PaymentRef): Promise<GatewayPaymentState> {
    this.queries.push(ref);
    return next(this.script.query, this.queries.length, { state: 'waiting', userPaying: false });
  }

  scanPayment(request: ScanPaymentRequest): Promise<GatewayPaymentState> {
    this.scans.push(request);
    return next(this.script.scan, this.scans.length, { state: 'waiting', userPaying: true });
  }

  testConnection() {
    return Promise.resolve({ ok: true as const });
  }
}

async function next<T>(answers: Answer<T>[] | undefined, call: number, fallback: T): Promise<T> {
  if (!answers || answers.length === 0) return fallback;
  const answer = answers[Math.min(call, answers.length) - 1] as Answer<T>;
  return typeof answer === 'function' ? (answer as () => T | Promise<T>)() : answer;
}

export const PROFILE_ID = 'fake-1';

export function oneGatewayDirectory(gateway: PaymentGateway | undefined, mode: Mode = 'live'): GatewayDirectory {
  return {
    mode: () => mode,
    route: () => (gateway ? { profileId: PROFILE_ID, gateway } : undefined),
    byProfile: (profileId) => (profileId === PROFILE_ID ? gateway : undefined),
    walletsFor: () => ['wechat'],
    buyerSimulator: () => undefined,
  };
}

/** The parts every flow is built on, over the memory journal; `events` is every payment as published. */
export function coreParts() {
  const journal = new MemoryJournal();
  const events: Payment[] = [];
  const recorder = new PaymentRecorder(journal, (payment) => events.push(payment), silentLogger);
  const watcher = new StatusWatcher(recorder, fakeClock, silentLogger);
  let serial = 0;
  const newOrderNumber = () => `UNIT-${String((serial += 1)).padStart(4, '0')}`;
  return { journal, events, recorder, watcher, newOrderNumber };
}

/** coreParts, and the deps every flow takes, over one gateway. */
export function flowParts(gateway: PaymentGateway) {
  const parts = coreParts();
  const { recorder, watcher, newOrderNumber } = parts;
  return { ...parts, deps: { recorder, watcher, newOrderNumber, directory: oneGatewayDirectory(gateway), clock: fakeClock, logger: silentLogger } };
}
