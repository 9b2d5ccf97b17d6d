import { describe, expect, it } from 'vitest';
import { hashPin, PinGuard, pinMatches, type PinHash } from '../../main/core/manager-pin';

describe('manager PIN', () => {
  it('is kept as a salted hash that matches only the right PIN', () => {
    const a = hashPin('2468');
    const b = hashPin('2468');
    expect(a.hash).not.toContain('2468');
    expect(a.salt).not.toBe(b.salt);
    expect(a.hash).not.toBe(b.hash);
    expect(pinMatches('2468', a)).toBe(true);
    expect(pinMatches('2469', a)).toBe(false);
  });

  it('limits wrong attempts, then locks for a while, then lets the right PIN in', () => {
    let now = 0;
    const stored: PinHash = hashPin('1357');
    const guard = new PinGuard(() => stored, { now: () => new Date(now) }, { maxAttempts: 3, lockMs: 60_000 });
    expect(() => guard.check('0000')).toThrow(expect.objectContaining({ code: 'wrong_pin', details: { attemptsLeft: 2 } }));
    expect(() => guard.check(undefined)).toThrow(expect.objectContaining({ code: 'wrong_pin' }));
    expect(() => guard.check('0001')).toThrow(expect.objectContaining({ code: 'pin_locked' }));
    expect(() => guard.check('1357')).toThrow(expect.objectContaining({ code: 'pin_locked' }));
    now = 61_000;
    expect(() => guard.check('1357')).not.toThrow();
  });

  it('asks nothing when no PIN is set', () => {
    const guard = new PinGuard(() => null, { now: () => new Date() });
    expect(guard.isSet()).toBe(false);
    expect(() => guard.check(undefined)).not.toThrow();
  });
});
