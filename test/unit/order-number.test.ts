import { describe, expect, it } from 'vitest';
import { createOrderNumberFactory, newTerminalId, ORDER_NUMBER_PATTERN } from '../../main/core/order-number';

const fixedClock = (iso: string) => ({ now: () => new Date(iso) });

describe('order numbers', () => {
  it('makes 100,000 numbers in the same second with no duplicate and a valid format', () => {
    const next = createOrderNumberFactory('T1AB', fixedClock('2026-11-22T04:30:15.000Z'));
    const seen = new Set<string>();
    for (let i = 0; i < 100_000; i += 1) {
      const number = next();
      expect(ORDER_NUMBER_PATTERN.test(number)).toBe(true);
      seen.add(number);
    }
    expect(seen.size).toBe(100_000);
  });

  it('carries the terminal id, so two counters never collide', () => {
    const clock = fixedClock('2026-11-22T04:30:15.000Z');
    const a = createOrderNumberFactory('AAAA', clock)();
    const b = createOrderNumberFactory('BBBB', clock)();
    expect(a.startsWith('AAAA-')).toBe(true);
    expect(b.startsWith('BBBB-')).toBe(true);
    expect(a.slice(0, 4)).not.toBe(b.slice(0, 4));
  });

  it('never reuses a second when the clock steps back', () => {
    let now = new Date('2026-11-22T04:30:15.000Z');
    const next = createOrderNumberFactory('T1AB', { now: () => now });
    const first = next();
    now = new Date('2026-11-22T04:30:10.000Z');
    const second = next();
    expect(second.split('-')[1]).toBe(first.split('-')[1]);
    expect(second).not.toBe(first);
  });

  it('marks refund numbers apart from payment numbers', () => {
    const refund = createOrderNumberFactory('T1AB', fixedClock('2026-11-22T04:30:15.000Z'), 'refund')();
    expect(refund.startsWith('T1ABR-')).toBe(true);
    expect(ORDER_NUMBER_PATTERN.test(refund)).toBe(true);
  });

  it('refuses a malformed terminal id and makes valid ones', () => {
    expect(() => createOrderNumberFactory('t-1', fixedClock('2026-11-22T00:00:00Z'))).toThrow(RangeError);
    expect(newTerminalId()).toMatch(/^[A-Z0-9]{4}$/);
  });
});
