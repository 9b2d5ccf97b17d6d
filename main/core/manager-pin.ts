// The manager PIN: kept only as a salted scrypt hash, compared in constant time, and locked for a
// while after too many wrong tries. The runtime checks and sets PINs with the asynchronous scrypt
// (libuv's thread pool): scryptSync with these parameters blocks the event loop for about 70 ms on a
// small till, and in Electron that loop also serves the window and IPC.
import { randomBytes, scrypt, scryptSync, timingSafeEqual, type ScryptOptions } from 'node:crypto';
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

function scryptOffThread(pin: string, salt: Buffer, length: number, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => scrypt(pin, salt, length, options, (error, key) => (error ? reject(error) : resolve(key))));
}

function pinHashOf(salt: Buffer, hash: Buffer): PinHash {
  return { salt: salt.toString('base64'), hash: hash.toString('base64'), ...PARAMS };
}

/** Blocks the thread while scrypt runs: for tests and tools. The runtime uses hashPinAsync. */
export function hashPin(pin: string): PinHash {
  const salt = randomBytes(16);
  return pinHashOf(salt, scryptSync(pin, salt, KEY_LENGTH, PARAMS));
}

export async function hashPinAsync(pin: string): Promise<PinHash> {
  const salt = randomBytes(16);
  return pinHashOf(salt, await scryptOffThread(pin, salt, KEY_LENGTH, PARAMS));
}

export async function pinMatches(pin: string, stored: PinHash): Promise<boolean> {
  const expected = Buffer.from(stored.hash, 'base64');
  const actual = await scryptOffThread(pin, Buffer.from(stored.salt, 'base64'), expected.length, { N: stored.N, r: stored.r, p: stored.p });
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
  async check(pin: string | undefined): Promise<void> {
    const stored = this.stored();
    if (!stored) return;
    this.refuseWhileLocked();
    const matches = pin !== undefined && (await pinMatches(pin, stored));
    this.refuseWhileLocked(); // other tries may have locked it while scrypt ran
    const now = this.clock.now().getTime();
    if (matches) {
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

  private refuseWhileLocked(): void {
    const now = this.clock.now().getTime();
    if (now < this.lockedUntil) {
      throw new PosError('pin_locked', 'too many wrong PINs; try again later', { retryAfterSeconds: Math.ceil((this.lockedUntil - now) / 1000) });
    }
  }
}
