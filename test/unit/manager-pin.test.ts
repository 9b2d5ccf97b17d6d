import { describe, expect, it } from 'vitest';
import { hashPin, hashPinAsync, PinGuard, pinMatches, type PinHash } from '../../main/core/manager-pin';

/** Whether the event loop got a turn (a setImmediate ran) before `work` settled. */
async function loopTurnedDuring(work: () => Promise<unknown>): Promise<boolean> {
  let turned = false;
  const immediate = setImmediate(() => (turned = true));
  await work().catch(() => undefined);
  clearImmediate(immediate);
  return turned;
}

describe('manager PIN', () => {
  it('is kept as a salted hash that matches only the right PIN', async () => {
    const a = hashPin('2468');
    const b = await hashPinAsync('2468');
    expect(a.hash).not.toContain('2468');
    expect(a.salt).not.toBe(b.salt);
    expect(a.hash).not.toBe(b.hash);
    expect(await pinMatches('2468', a)).toBe(true);
    expect(await pinMatches('2468', b)).toBe(true);
    expect(await pinMatches('2469', a)).toBe(false);
  });

  it('limits wrong attempts, then locks for a while, then lets the right PIN in', async () => {
    let now = 0;
    const stored: PinHash = hashPin('1357');
    const guard = new PinGuard(() => stored, { now: () => new Date(now) }, { maxAttempts: 3, lockMs: 60_000 });
    await expect(guard.check('0000')).rejects.toMatchObject({ code: 'wrong_pin', details: { attemptsLeft: 2 } });
    await expect(guard.check(undefined)).rejects.toMatchObject({ code: 'wrong_pin' });
    await expect(guard.check('0001')).rejects.toMatchObject({ code: 'pin_locked' });
    await expect(guard.check('1357')).rejects.toMatchObject({ code: 'pin_locked' });
    now = 61_000;
    await expect(guard.check('1357')).resolves.toBeUndefined();
  });

  it('asks nothing when no PIN is set', async () => {
    const guard = new PinGuard(() => null, { now: () => new Date() });
    expect(guard.isSet()).toBe(false);
    await expect(guard.check(undefined)).resolves.toBeUndefined();
  });

  it('checks and hashes off the main thread: the event loop keeps turning while scrypt runs', async () => {
    const stored = hashPin('1357');
    const guard = new PinGuard(() => stored, { now: () => new Date() });
    expect(await loopTurnedDuring(() => guard.check('1357'))).toBe(true);
    expect(await loopTurnedDuring(() => guard.check('0000'))).toBe(true);
    expect(await loopTurnedDuring(() => hashPinAsync('2468'))).toBe(true);
    // the probe itself can fail: a synchronous scrypt gives the loop no turn
    expect(await loopTurnedDuring(async () => hashPin('2468'))).toBe(false);
  });
});
