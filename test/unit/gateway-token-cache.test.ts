// The one token cache of the gateway clients: lifetime minus margin, one fetch for concurrent
// callers, handover of an account's session, and the one-retry-on-refusal rule.
import { describe, expect, it } from 'vitest';
import { TokenCache, TokenError, withToken, type IssuedToken } from '../../main/gateways/http/token-cache';
import { KnownSecrets } from '../../main/logging/known-secrets';

function setup(options: { marginMs?: number; dropOnRenew?: boolean; lifetimeMs?: number } = {}) {
  let now = 1_000_000;
  let issued = 0;
  const clock = { now: () => new Date(now) };
  const secrets = new KnownSecrets({ clock, graceMs: 0 });
  const fetch = async (): Promise<IssuedToken> => {
    await Promise.resolve();
    issued += 1;
    const value = `token-number-${issued}`;
    return { value, secret: value, lifetimeMs: options.lifetimeMs ?? 60_000 };
  };
  const cache = new TokenCache({ fetch, marginMs: options.marginMs ?? 10_000, clock, secrets, dropOnRenew: options.dropOnRenew ?? false });
  return { cache, secrets, advance: (ms: number) => (now += ms), issued: () => issued };
}

describe('TokenCache', () => {
  it('keeps a token until its lifetime minus the margin, then fetches a new one', async () => {
    const { cache, advance, issued } = setup();
    expect(await cache.get()).toBe('token-number-1');
    advance(49_999);
    expect(await cache.get()).toBe('token-number-1');
    advance(1);
    expect(await cache.get()).toBe('token-number-2');
    expect(issued()).toBe(2);
    expect(cache.fetchCount).toBe(2);
  });

  it('a lifetime not above the margin means a new token for every request', async () => {
    const { cache } = setup({ lifetimeMs: 5_000 });
    expect(await cache.get()).toBe('token-number-1');
    expect(await cache.get()).toBe('token-number-2');
  });

  it('concurrent callers share one fetch', async () => {
    const { cache, issued } = setup();
    const all = await Promise.all([cache.get(), cache.get(), cache.get()]);
    expect(new Set(all)).toEqual(new Set(['token-number-1']));
    expect(issued()).toBe(1);
  });

  it('an invalidated token is dropped and retired from the log redaction; a newer one is kept', async () => {
    const { cache, secrets } = setup();
    const first = await cache.get();
    expect(secrets.has(first)).toBe(true);
    cache.invalidate(first);
    expect(secrets.has(first)).toBe(false);
    const second = await cache.get();
    expect(second).toBe('token-number-2');
    cache.invalidate(first);
    expect(await cache.get()).toBe(second);
  });

  it('hands its token over: the old cache asks for none of its own again', async () => {
    const old = setup();
    const next = setup();
    expect(await old.cache.get()).toBe('token-number-1');
    old.cache.handOverTo(next.cache);
    expect(await next.cache.get()).toBe('token-number-1');
    old.advance(60_000);
    next.advance(60_000);
    expect(await old.cache.get()).toBe('token-number-1');
    expect(old.issued()).toBe(1);
    expect(next.issued()).toBe(1);
  });

  it('a fetch that fails leaves no token and lets the next caller fetch again', async () => {
    let calls = 0;
    const clock = { now: () => new Date(0) };
    const cache = new TokenCache({
      fetch: async () => {
        calls += 1;
        if (calls === 1) throw new TokenError('unavailable', 'HTTP_500', 'token request answered HTTP 500');
        return { value: 'token-after-failure', secret: 'token-after-failure', lifetimeMs: 60_000 };
      },
      marginMs: 0,
      clock,
      secrets: new KnownSecrets({ clock }),
    });
    await expect(cache.get()).rejects.toBeInstanceOf(TokenError);
    expect(await cache.get()).toBe('token-after-failure');
  });
});

describe('withToken', () => {
  const source = (values: (string | TokenError)[]) => {
    const invalidated: string[] = [];
    return {
      invalidated,
      token: async () => {
        const next = values.shift();
        if (next instanceof TokenError || next === undefined) throw next ?? new Error('no more tokens');
        return next;
      },
      invalidate: (value: string) => void invalidated.push(value),
    };
  };

  it('a refused token is dropped, and the same request sent once more with a new one', async () => {
    const tokens = source(['a-token-one', 'a-token-two']);
    const sent: string[] = [];
    const result = await withToken(tokens, async (token) => (sent.push(token), token === 'a-token-one' ? 401 : 200), (status) => status === 401);
    expect(result).toEqual({ kind: 'answer', response: 200 });
    expect(sent).toEqual(['a-token-one', 'a-token-two']);
    expect(tokens.invalidated).toEqual(['a-token-one']);
  });

  it('a second refusal is final: unauthorized, never a third send', async () => {
    const tokens = source(['a-token-one', 'a-token-two', 'a-token-three']);
    let sends = 0;
    const result = await withToken(tokens, async () => (sends += 1, 401), (status) => status === 401);
    expect(result).toEqual({ kind: 'unauthorized', response: 401 });
    expect(sends).toBe(2);
  });

  it('no token: token_failed, nothing sent', async () => {
    const refused = new TokenError('refused', 'AUTH_FAILED', 'wrong password');
    let sends = 0;
    const result = await withToken(source([refused]), async () => (sends += 1, 200), () => false);
    expect(result).toEqual({ kind: 'token_failed', error: refused });
    expect(sends).toBe(0);
  });
});
