// The manager PIN: kept only as a salted scrypt hash, compared in constant time, and locked for a
// while after too many wrong tries.
import { randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';
import { PosError } from '../../shared/errors';
import type { Clock } from './ports';

export interface PinHash {
  salt: string;
  hash: string;
  N: number;
  r: number;
  p: number;
}

const PARAMS = { N: 16384, r: 8, p: 1 } as const;
const KEY_LENGTH = 32;

export function hashPin(pin: string): PinHash {
  const salt = randomBytes(16);
  const hash = scryptSync(pin, salt, KEY_LENGTH, PARAMS);
  return { salt: salt.toString('base64'), hash: hash.toString('base64'), ...PARAMS };
}

export function pinMatches(pin: string, stored: PinHash): boolean {
  const expected = Buffer.from(stored.hash, 'base64');
  const actual = scryptSync(pin, Buffer.from(stored.salt, 'base64'), expected.length, { N: stored.N, r: stored.r, p: stored.p });
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

export interface PinGuardOptions {
  maxAttempts?: number;
  lockMs?: number;
}

/** Checks a PIN against the stored hash; after maxAttempts wrong tries in a row it refuses all tries for lockMs. */
export class PinGuard {
  private failures = 0;
  private lockedUntil = 0;
  private readonly maxAttempts: number;
  private readonly lockMs: number;

  constructor(
    private readonly stored: () => PinHash | null,
    private readonly clock: Clock,
    options: PinGuardOptions = {},
  ) {
    this.maxAttempts = options.maxAttempts ?? 5;
    this.lockMs = options.lockMs ?? 5 * 60_000;
  }

  isSet(): boolean {
    return this.stored() !== null;
  }

  /** Passes when no PIN is set or the PIN is right; throws wrong_pin or pin_locked otherwise. */
  check(pin: string | undefined): void {
    const stored = this.stored();
    if (!stored) return;
    const now = this.clock.now().getTime();
    if (now < this.lockedUntil) {
      throw new PosError('pin_locked', 'too many wrong PINs; try again later', { retryAfterSeconds: Math.ceil((this.lockedUntil - now) / 1000) });
    }
    if (pin !== undefined && pinMatches(pin, stored)) {
      this.failures = 0;
      return;
    }
    this.failures += 1;
    if (this.failures >= this.maxAttempts) {
      this.failures = 0;
      this.lockedUntil = now + this.lockMs;
      throw new PosError('pin_locked', 'too many wrong PINs; try again later', { retryAfterSeconds: Math.ceil(this.lockMs / 1000) });
    }
    throw new PosError('wrong_pin', pin === undefined ? 'the manager PIN is required' : 'the manager PIN is wrong', { attemptsLeft: this.maxAttempts - this.failures });
  }
}
