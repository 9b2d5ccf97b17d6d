// Storepay authorization, two schemes behind one interface (StorepayAuth: the Authorization header value):
// - password (seed 003, "GET API TOKEN": user + password -> token, said to expire in about a minute):
//   one token cached for an assumed lifetime minus a margin, sent as "Bearer <token>";
// - pts (seed 002, ../pts/auth.ts): a fresh random code + sha256 hash per token, cached until
//   expires_in minus a margin, sent as "<token_type> <access_token>".
// Concurrent callers share one token fetch (single-flight); a request the gateway answers 401 gets
// one refresh and one retry (withToken). The password and every token obtained are known to the log
// redaction (main/logging/known-secrets.ts); a replaced or refused token is retired there.
import { systemClock, type Clock, type Logger } from '../../core/ports';
import { processSecrets, type SecretRegistrar } from '../../logging/known-secrets';
import { isTransportError, type HttpClient, type JsonResponse } from '../http';
import { PtsAuthError, PtsTokenManager, type PtsTokenManagerOptions } from '../pts/auth';
import { readTokenAnswer, tokenBody, transportReason } from './mapping';

/** What the client needs from an auth scheme. Both schemes throw StorepayTokenError only. */
export interface StorepayAuth {
  /** the Authorization header value for the next request (cached, or fetched once for every caller) */
  authorization(): Promise<string>;
  /** drop this value: the gateway refused it */
  invalidate(authorization: string): void;
  /** token requests sent so far (diagnostics) */
  readonly requestCount: number;
}

export class StorepayTokenError extends Error {
  override readonly name = 'StorepayTokenError';
  /** refused: the gateway turned the credentials down (definite); unavailable: no usable answer */
  readonly kind: 'refused' | 'unavailable';
  readonly code: string;

  constructor(kind: 'refused' | 'unavailable', code: string, message: string) {
    super(message);
    this.kind = kind;
    this.code = code;
  }
}

export interface TokenManagerOptions {
  http: HttpClient;
  /** the full token URL */
  url: string;
  user: string;
  password: string;
  timeoutMs: number;
  /** how long a token is assumed to live */
  lifetimeMs: number;
  /** replace it this long before that; lifetime <= margin means a new token for every request */
  marginMs: number;
  clock?: Clock;
  logger: Logger;
  /** where the password and the tokens are made known to the log redaction; default the process's registry */
  secrets?: SecretRegistrar;
}

export class StorepayTokenManager implements StorepayAuth {
  private cached: { token: string; renewAt: number } | undefined;
  private pending: Promise<string> | undefined;
  private sent = 0;
  private readonly clock: Clock;
  private readonly secrets: SecretRegistrar;

  constructor(private readonly options: TokenManagerOptions) {
    this.clock = options.clock ?? systemClock;
    this.secrets = options.secrets ?? processSecrets;
    this.secrets.remember(options.password);
  }

  /** Token requests sent so far. */
  get requestCount(): number {
    return this.sent;
  }

  /** A token believed valid: the cached one, or a fresh one shared by every concurrent caller. */
  getToken(): Promise<string> {
    const cached = this.cached;
    if (cached !== undefined && this.clock.now().getTime() < cached.renewAt) return Promise.resolve(cached.token);
    if (this.pending === undefined) {
      this.pending = this.fetchToken().finally(() => {
        this.pending = undefined;
      });
    }
    return this.pending;
  }

  /** "Bearer <token>", as in the seed. */
  async authorization(): Promise<string> {
    return `Bearer ${await this.getToken()}`;
  }

  /** Forget `token` (or "Bearer <token>"): the gateway refused it. A newer token, if one came meanwhile, is kept. */
  invalidate(token: string): void {
    const bare = token.startsWith('Bearer ') ? token.slice('Bearer '.length) : token;
    if (this.cached?.token === bare) this.cached = undefined;
    this.secrets.retire(bare);
  }

  private async fetchToken(): Promise<string> {
    const { http, url, user, password, timeoutMs, lifetimeMs, marginMs, logger } = this.options;
    this.sent += 1;
    const askedAt = this.clock.now().getTime(); // the lifetime counts from before the request
    let response: JsonResponse;
    try {
      response = await http.sendJson({ url, json: tokenBody(user, password), timeoutMs, operation: 'token' });
    } catch (error) {
      if (!isTransportError(error)) throw error;
      throw new StorepayTokenError('unavailable', `TOKEN_${error.kind.toUpperCase()}`, `token request failed (${transportReason(error)})`);
    }
    const answer = readTokenAnswer(response);
    if (!answer.ok) {
      logger.warn('storepay token refused', { kind: answer.kind, code: answer.code, status: response.status });
      throw new StorepayTokenError(answer.kind, answer.code, answer.message);
    }
    this.secrets.replace(this.cached?.token, answer.token, { lifetimeMs });
    this.cached = { token: answer.token, renewAt: askedAt + Math.max(0, lifetimeMs - marginMs) };
    logger.debug('storepay token obtained', { lifetimeMs, marginMs });
    return answer.token;
  }
}

/** The pts scheme as a StorepayAuth: PtsAuthError becomes StorepayTokenError. */
export class StorepayPtsAuth implements StorepayAuth {
  readonly manager: PtsTokenManager;

  constructor(options: PtsTokenManagerOptions) {
    this.manager = new PtsTokenManager(options);
  }

  get requestCount(): number {
    return this.manager.tokenRequestCount;
  }

  async authorization(): Promise<string> {
    try {
      return await this.manager.authorization();
    } catch (error) {
      if (error instanceof PtsAuthError) throw new StorepayTokenError(error.kind, error.code, error.message);
      throw error;
    }
  }

  invalidate(authorization: string): void {
    this.manager.invalidate(authorization);
  }
}

export type AuthorizedResult =
  | { kind: 'answer'; response: JsonResponse }
  | { kind: 'token_failed'; error: StorepayTokenError }
  /** the gateway refused a freshly obtained token too */
  | { kind: 'unauthorized'; response: JsonResponse };

/**
 * Sends with an Authorization value; if the answer says the token is no good, drops it, gets one new token and sends
 * the same request once more. Transport errors are thrown (TransportError) for the caller to map.
 */
export async function withToken(
  tokens: StorepayAuth,
  send: (authorization: string) => Promise<JsonResponse>,
  isRejected: (response: JsonResponse) => boolean,
): Promise<AuthorizedResult> {
  const token = async (): Promise<string | StorepayTokenError> => {
    try {
      return await tokens.authorization();
    } catch (error) {
      if (error instanceof StorepayTokenError) return error;
      throw error;
    }
  };
  const first = await token();
  if (first instanceof StorepayTokenError) return { kind: 'token_failed', error: first };
  const response = await send(first);
  if (!isRejected(response)) return { kind: 'answer', response };
  tokens.invalidate(first);
  const second = await token();
  if (second instanceof StorepayTokenError) return { kind: 'token_failed', error: second };
  const retried = await send(second);
  return isRejected(retried) ? { kind: 'unauthorized', response: retried } : { kind: 'answer', response: retried };
}
