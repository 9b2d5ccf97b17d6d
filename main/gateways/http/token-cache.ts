// The one token cache of every gateway: a token kept until its lifetime minus a margin, one fetch
// shared by every concurrent caller (single-flight), the one-retry-on-refusal rule (withToken), and
// a handover for gateways whose session is one per account (UMF: a new token disables the old).
// Every token obtained is made known to the log redaction; a replaced or refused one is retired.
import type { Clock } from '../../core/ports';
import type { SecretRegistrar } from '../../logging/known-secrets';

/** No usable token. refused: the gateway turned the credentials down (definite); unavailable: no usable answer. */
export class TokenError extends Error {
  override readonly name = 'TokenError';
  readonly kind: 'refused' | 'unavailable';
  readonly code: string;

  constructor(kind: 'refused' | 'unavailable', code: string, message: string) {
    super(message);
    this.kind = kind;
    this.code = code;
  }
}

export interface IssuedToken {
  /** what callers are given: a bare token, or a whole Authorization value */
  value: string;
  /** the part of it the log redaction must know */
  secret: string;
  lifetimeMs: number;
  /** when the lifetime started (before the request that got it); default: when the fetch began */
  askedAt?: number;
}

export interface TokenCacheOptions {
  /** one token request (or several, for a scheme that needs them); throws TokenError */
  fetch: () => Promise<IssuedToken>;
  /** replace a token this long before its lifetime ends; lifetime <= margin: a new token per request */
  marginMs: number;
  clock: Clock;
  secrets: SecretRegistrar;
  /** forget the cached token as soon as a new one is asked for (its issue disables the old one) */
  dropOnRenew?: boolean;
}

interface Slot {
  cached: { value: string; secret: string; renewAt: number } | undefined;
  pending: Promise<string> | undefined;
}

export class TokenCache {
  private slot: Slot = { cached: undefined, pending: undefined };
  /** the cache this one handed over to: it holds every token from then on */
  private successor: TokenCache | undefined;
  private fetches = 0;

  constructor(private readonly options: TokenCacheOptions) {}

  /** Fetches started so far. */
  get fetchCount(): number {
    return this.fetches;
  }

  /** The cached value while it is fresh, else one new token shared by every concurrent caller. */
  get(): Promise<string> {
    if (this.successor !== undefined) return this.successor.get();
    const { slot } = this;
    const cached = slot.cached;
    if (cached !== undefined && this.now() < cached.renewAt) return Promise.resolve(cached.value);
    if (slot.pending === undefined) {
      slot.pending = this.fetchInto(slot).finally(() => {
        slot.pending = undefined;
      });
    }
    return slot.pending;
  }

  /** Forget `value` (the gateway refused it). A newer one, if one came meanwhile, is kept. */
  invalidate(value: string, secret: string = value): void {
    if (this.successor !== undefined) {
      this.successor.invalidate(value, secret);
      return;
    }
    if (this.slot.cached?.value === value) this.slot.cached = undefined;
    this.options.secrets.retire(secret);
  }

  /**
   * `next` takes over the cached token and any fetch in flight (unless it has its own), and this
   * cache asks for no token of its own again: the two never take the account's session from each other.
   */
  handOverTo(next: TokenCache): void {
    if (next === this) return;
    if (next.slot.cached === undefined && next.slot.pending === undefined) next.slot = this.slot;
    this.successor = next;
  }

  private now(): number {
    return this.options.clock.now().getTime();
  }

  private async fetchInto(slot: Slot): Promise<string> {
    this.fetches += 1;
    const previous = slot.cached?.secret;
    if (this.options.dropOnRenew) slot.cached = undefined;
    const startedAt = this.now();
    const issued = await this.options.fetch();
    this.options.secrets.replace(previous, issued.secret, { lifetimeMs: issued.lifetimeMs });
    const askedAt = issued.askedAt ?? startedAt;
    slot.cached = { value: issued.value, secret: issued.secret, renewAt: askedAt + Math.max(0, issued.lifetimeMs - this.options.marginMs) };
    return issued.value;
  }
}

/** Where a request gets its token value and gives back a refused one. */
export interface TokenSource {
  token(): Promise<string>;
  invalidate(value: string): void;
}

export type AuthorizedResult<R> =
  | { kind: 'answer'; response: R }
  | { kind: 'token_failed'; error: TokenError }
  /** the gateway refused a freshly obtained token too */
  | { kind: 'unauthorized'; response: R };

/**
 * Sends with a token; if the answer says the token is no good, drops it, gets one new token (shared
 * with any concurrent caller) and sends the same request once more. TransportErrors are thrown.
 */
export async function withToken<R>(tokens: TokenSource, send: (token: string) => Promise<R>, isRefusal: (response: R) => boolean): Promise<AuthorizedResult<R>> {
  const token = async (): Promise<string | TokenError> => {
    try {
      return await tokens.token();
    } catch (error) {
      if (error instanceof TokenError) return error;
      throw error;
    }
  };
  const first = await token();
  if (first instanceof TokenError) return { kind: 'token_failed', error: first };
  const response = await send(first);
  if (!isRefusal(response)) return { kind: 'answer', response };
  tokens.invalidate(first);
  const second = await token();
  if (second instanceof TokenError) return { kind: 'token_failed', error: second };
  const retried = await send(second);
  return isRefusal(retried) ? { kind: 'unauthorized', response: retried } : { kind: 'answer', response: retried };
}
