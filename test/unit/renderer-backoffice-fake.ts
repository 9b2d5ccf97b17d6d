// A fake window.pos for the renderer store tests: each method answers from a replaceable handler (a
// structured clone of what it returns, as over IPC), calls are recorded, events can be pushed. Node has
// no window: install() makes a small one.
import type { AppInfo, MethodInput, MethodName, MethodOutput, PosBridge, PosEvent, PosResult } from '../../shared/contract';
import { methodNames } from '../../shared/contract';
import type { PosErrorCode } from '../../shared/errors';
import type { Payment } from '../../shared/payment';

type Handler<M extends MethodName> = (input: MethodInput<M>) => Promise<MethodOutput<M>> | MethodOutput<M>;

export class FakeFailure extends Error {
  constructor(
    readonly code: PosErrorCode,
    readonly details?: Record<string, unknown>,
  ) {
    super(code);
  }
}

export class FakeBridge {
  readonly calls: { method: MethodName; input: unknown }[] = [];
  readonly listeners = new Set<(event: PosEvent) => void>();
  private handlers = new Map<MethodName, (input: unknown) => unknown>();
  readonly bridge: PosBridge;

  /** `defaults` installs the handlers every test starts with (again at each reset()); none by default. */
  constructor(private readonly defaults: (fake: FakeBridge) => void = () => {}) {
    const methods: Record<string, unknown> = {};
    for (const name of methodNames) {
      methods[name] = async (input: unknown): Promise<PosResult<unknown>> => {
        this.calls.push({ method: name, input });
        const handler = this.handlers.get(name);
        if (!handler) return { ok: false, error: { code: 'internal', message: `no fake for ${name}` } };
        try {
          return { ok: true, value: structuredClone(await handler(input)) };
        } catch (error) {
          if (error instanceof FakeFailure) {
            return { ok: false, error: { code: error.code, message: error.code, ...(error.details ? { details: error.details } : {}) } };
          }
          throw error;
        }
      };
    }
    this.bridge = {
      ...methods,
      onEvent: (listener: (event: PosEvent) => void) => {
        this.listeners.add(listener);
        return () => this.listeners.delete(listener);
      },
    } as unknown as PosBridge;
    this.reset();
  }

  reset(): void {
    this.calls.length = 0;
    this.handlers.clear();
    this.defaults(this);
  }

  on<M extends MethodName>(method: M, handler: Handler<M>): void {
    this.handlers.set(method, handler as (input: unknown) => unknown);
  }

  callsOf<M extends MethodName>(method: M): MethodInput<M>[] {
    return this.calls.filter((c) => c.method === method).map((c) => c.input as MethodInput<M>);
  }

  emit(event: PosEvent): void {
    for (const listener of this.listeners) listener(event);
  }

  emitPayment(payment: Payment): void {
    this.emit({ name: 'paymentUpdated', payload: payment });
  }

  /** Installs the fake as window.pos (node has no window) before the renderer's bridge connects. */
  install(): void {
    const target = new EventTarget();
    (globalThis as unknown as { window: unknown }).window = {
      pos: this.bridge,
      addEventListener: target.addEventListener.bind(target),
      removeEventListener: target.removeEventListener.bind(target),
      dispatchEvent: target.dispatchEvent.bind(target),
    };
  }
}

/** A training till's app info; a test names only what it depends on. */
export function appInfo(overrides: Partial<AppInfo> = {}): AppInfo {
  return {
    mode: 'training',
    version: '0.1.0',
    terminalId: 'T01',
    language: 'en',
    currency: 'CNY',
    maxAmountMinor: 10_000_000,
    qrLifetimeSeconds: 120,
    host: 'browser',
    qrWallets: ['wechat', 'alipay'],
    scanWallets: ['wechat', 'alipay'],
    scanner: { maxGapMs: 30, minLength: 6, prefix: '', suffix: '' },
    ...overrides,
  };
}

/** The same payment a moment later with other fields. */
export function later(payment: Payment, changes: Partial<Payment>, ms = 1000): Payment {
  return { ...payment, updatedAt: new Date(Date.parse(payment.updatedAt) + ms).toISOString(), ...changes };
}

/** Defaults for the cashier's stores: `info` as the app info (and after a language change), empty lists. */
export function cashierDefaults(info: AppInfo): (fake: FakeBridge) => void {
  return (fake) => {
    fake.on('getAppInfo', () => info);
    fake.on('setLanguage', ({ language }) => ({ ...info, language }));
    fake.on('listPayments', () => []);
    fake.on('listUnresolved', () => []);
    fake.on('listUnresolvedRefunds', () => []);
  };
}

/** Lets pending promise callbacks run (the fake answers asynchronously). */
export async function settle(): Promise<void> {
  for (let i = 0; i < 8; i++) await new Promise((resolve) => setTimeout(resolve, 0));
}
