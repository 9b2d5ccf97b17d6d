// The secret VALUES this process holds (gateway passwords, safecodes, API tokens, private key lines,
// client secrets, and the access tokens the token managers obtain), so that the loggers can blank
// them wherever they appear: in a message, inside an error text that echoes a header, at any depth
// of the fields. This backs up the shape-based rules of redact.ts, which only catch a secret by the
// name of its field or by its look (a JWT, "Bearer ...").
//
// A value shorter than MIN_SECRET_LENGTH is not kept (blanking common short strings would wreck the
// logs). A replaced or expired value is forgotten after a grace period (a request sent with it may
// still be logged); the registry holds at most `maxEntries` values, dropping the ones on their way
// out first, then the oldest.
//
// One registry serves the whole process (processSecrets): the loggers and the token managers use it
// unless given another one, since the gateway clients wrap the logger they pass down. Tests inject
// their own or empty it with processSecrets.clear().
import { systemClock, type Clock } from '../core/ports';
import { REDACTED } from './redact';

export const MIN_SECRET_LENGTH = 8;
export const DEFAULT_SECRET_GRACE_MS = 10 * 60_000;
export const DEFAULT_MAX_SECRETS = 256;

/** What a logger needs: every known secret in `text` replaced by "[redacted]". */
export interface SecretScrubber {
  scrub(text: string): string;
}

/** What a holder of secrets needs: tell the registry about a value, and when it goes out of use. */
export interface SecretRegistrar {
  /**
   * Keeps `value` (and, for a multi-line value such as a PEM, each of its lines) until retired, or
   * until `lifetimeMs` plus the grace period have passed. False when too short to be kept.
   */
  remember(value: string | undefined, options?: { lifetimeMs?: number }): boolean;
  /** `value` was replaced or refused: forget it once the grace period (default the registry's) is over. */
  retire(value: string | undefined, graceMs?: number): void;
  /** A new token in place of `previous`: `next` is remembered, `previous` (if another) retired. */
  replace(previous: string | undefined, next: string, options?: { lifetimeMs?: number }): void;
}

export interface KnownSecretsOptions {
  clock?: Clock;
  /** how long a retired or expired value is still blanked; default 10 minutes */
  graceMs?: number;
  /** values kept at most; default 256 */
  maxEntries?: number;
}

const PEM_ARMOUR = /^-----[A-Z0-9 ]+-----$/;

/** The values kept for one secret: itself, trimmed, and each line of a multi-line value (not PEM armour lines). */
function partsOf(value: string): string[] {
  if (value.trim().length < MIN_SECRET_LENGTH) return []; // padding does not make a short value long
  const parts = new Set([value, value.trim()]);
  if (/[\r\n]/.test(value)) {
    for (const line of value.split(/\r?\n|\r/)) {
      const trimmed = line.trim();
      if (!PEM_ARMOUR.test(trimmed)) parts.add(trimmed);
    }
  }
  return [...parts].filter((part) => part.length >= MIN_SECRET_LENGTH);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

interface Entry {
  /** when it is forgotten (ms since epoch); undefined: not before it is retired */
  until: number | undefined;
  /** retired: replaced or refused, kept for the grace period only */
  retired: boolean;
}

export class KnownSecrets implements SecretScrubber, SecretRegistrar {
  /** in the order remembered, the most recent last */
  private readonly entries = new Map<string, Entry>();
  private pattern: RegExp | undefined;
  private nextExpiry = Infinity;
  private readonly clock: Clock;
  private readonly graceMs: number;
  private readonly maxEntries: number;

  constructor(options: KnownSecretsOptions = {}) {
    this.clock = options.clock ?? systemClock;
    this.graceMs = Math.max(0, options.graceMs ?? DEFAULT_SECRET_GRACE_MS);
    this.maxEntries = Math.max(1, Math.floor(options.maxEntries ?? DEFAULT_MAX_SECRETS));
  }

  /** Values kept right now. */
  get size(): number {
    this.prune();
    return this.entries.size;
  }

  /** Whether `value` itself is kept (and would be blanked). */
  has(value: string): boolean {
    this.prune();
    return this.entries.has(value);
  }

  remember(value: string | undefined, options: { lifetimeMs?: number } = {}): boolean {
    if (typeof value !== 'string') return false;
    const parts = partsOf(value);
    if (parts.length === 0) return false;
    this.prune();
    const until = options.lifetimeMs === undefined ? undefined : this.now() + Math.max(0, options.lifetimeMs) + this.graceMs;
    for (const part of parts) {
      const previous = this.entries.get(part);
      // a live value kept until retired stays so; else the later end wins (a retired value comes back to life)
      let end = until;
      if (until !== undefined && previous !== undefined && !previous.retired) end = previous.until === undefined ? undefined : Math.max(until, previous.until);
      this.entries.delete(part); // re-inserted: the most recent, evicted last
      this.entries.set(part, { until: end, retired: false });
      if (end !== undefined) this.nextExpiry = Math.min(this.nextExpiry, end);
    }
    this.bound();
    this.pattern = undefined;
    return true;
  }

  retire(value: string | undefined, graceMs: number = this.graceMs): void {
    if (typeof value !== 'string') return;
    const end = this.now() + Math.max(0, graceMs);
    for (const part of partsOf(value)) {
      const entry = this.entries.get(part);
      if (entry === undefined) continue;
      entry.until = entry.until === undefined ? end : Math.min(entry.until, end);
      entry.retired = true;
      this.nextExpiry = Math.min(this.nextExpiry, entry.until);
    }
    this.prune();
  }

  replace(previous: string | undefined, next: string, options: { lifetimeMs?: number } = {}): void {
    this.remember(next, options);
    if (previous !== undefined && previous !== next) this.retire(previous);
  }

  scrub(text: string): string {
    if (text.length < MIN_SECRET_LENGTH) return text;
    this.prune();
    if (this.entries.size === 0) return text;
    if (this.pattern === undefined) {
      // longest first, so a whole PEM is one marker rather than one per line
      const alternatives = [...this.entries.keys()].sort((a, b) => b.length - a.length).map(escapeRegExp);
      this.pattern = new RegExp(alternatives.join('|'), 'g');
    }
    return text.replace(this.pattern, REDACTED);
  }

  /** Forget everything (tests; a process that drops every gateway). */
  clear(): void {
    this.entries.clear();
    this.pattern = undefined;
    this.nextExpiry = Infinity;
  }

  private now(): number {
    return this.clock.now().getTime();
  }

  private prune(): void {
    const now = this.now();
    if (now < this.nextExpiry) return;
    let next = Infinity;
    for (const [value, entry] of this.entries) {
      if (entry.until === undefined) continue;
      if (entry.until <= now) {
        this.entries.delete(value);
        this.pattern = undefined;
      } else next = Math.min(next, entry.until);
    }
    this.nextExpiry = next;
  }

  /** Over the limit: drop the retired values soonest to go, then the least recently remembered. */
  private bound(): void {
    while (this.entries.size > this.maxEntries) {
      let victim: string | undefined;
      let soonest = Infinity;
      for (const [value, entry] of this.entries) {
        if (entry.retired && entry.until !== undefined && entry.until < soonest) {
          soonest = entry.until;
          victim = value;
        }
      }
      victim ??= this.entries.keys().next().value;
      if (victim === undefined) return;
      this.entries.delete(victim);
    }
  }
}

/** The registry of this process: the default of every logger and token manager. */
export const processSecrets = new KnownSecrets();
