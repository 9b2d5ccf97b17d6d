// PTS access tokens (the PTS "Access Token" document). For EVERY token: a fresh random code from /merchant/random_code
// (it lives 30 s and is used once), then /merchant/token with sha256(random_code + user_id + safecode).
// The token is kept in the shared TokenCache (../http/token-cache.ts) until its expires_in minus a
// margin, one fetch for every concurrent caller; a code that got too old before it could be used is
// dropped and a new one fetched. The safecode is known to the log redaction (main/logging/known-secrets.ts).
import { systemClock, type Clock, type Logger } from '../../core/ports';
import { processSecrets, type SecretRegistrar } from '../../logging/known-secrets';
import { TokenCache, TokenError, isRecord, isTransportError, type HttpClient, type IssuedToken, type JsonResponse, type TokenSource } from '../http';
import { ptsHash } from './hash';
import { PTS_CODES, PTS_RANDOM_CODE_LIFETIME_MS, type PtsRandomCodeRequest, type PtsTokenRequest } from './protocol';

export interface PtsTokenManagerOptions {
  http: HttpClient;
  randomCodeUrl: string;
  tokenUrl: string;
  /** a plain setting (the PTS "Access Token" document: "Merchant identification") */
  userId: string;
  /** a secret (keychain) */
  safecode: string;
  /** time limit of each of the two requests */
  timeoutMs: number;
  /** how long a random code lives; default 30 s (the PTS "Access Token" document) */
  codeLifetimeMs?: number;
  /** a code is not used once it is older than its lifetime minus this; default 5 s */
  codeMarginMs?: number;
  /** a token is replaced this long before its expires_in ends */
  tokenMarginMs: number;
  /** used when an answer has no readable expires_in */
  fallbackExpiresInMs: number;
  clock?: Clock;
  logger: Logger;
  /** names for the log lines; default ptsRandomCode / ptsToken */
  operations?: { randomCode: string; token: string };
  /** where the safecode and the tokens are made known to the log redaction; default the process's registry */
  secrets?: SecretRegistrar;
}

/** At most this many random codes per token fetch (a slow or refused code gets one more try). */
const MAX_CODES_PER_FETCH = 3;

type Read = { ok: true; data: Record<string, unknown> } | { ok: false; error: TokenError };

function text(value: unknown): string | undefined {
  if (typeof value === 'string' && value.trim() !== '') return value.trim();
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

/** The PTS envelope: code "1000" with data is accepted; anything else is an error of some kind. */
export function readPtsAnswer(response: JsonResponse, what: string): Read {
  const { status } = response;
  const unavailable = (code: string, message: string): Read => ({ ok: false, error: new TokenError('unavailable', code, message) });
  const refused = (code: string, message: string): Read => ({ ok: false, error: new TokenError('refused', code, message) });
  if (status >= 500) return unavailable(`HTTP_${status}`, `${what} answered HTTP ${status}`);
  const value = response.json.ok ? response.json.value : undefined;
  if (!isRecord(value)) {
    if (status === 401 || status === 403) return refused('AUTH_FAILED', `${what} answered HTTP ${status}`);
    return unavailable('UNREADABLE', `unreadable ${what} answer (HTTP ${status})`);
  }
  const code = text(value.code);
  const message = text(value.message) ?? '';
  if (code === PTS_CODES.ACCEPTED && isRecord(value.data) && status >= 200 && status < 300) return { ok: true, data: value.data };
  if (code === undefined || code === PTS_CODES.ACCEPTED) {
    if (status === 401 || status === 403) return refused('AUTH_FAILED', `${what} answered HTTP ${status}`);
    return unavailable('UNREADABLE', `no usable ${what} answer (HTTP ${status})`);
  }
  // "5xxx" codes are the server's trouble; any other code is a refusal of what we sent
  if (code.startsWith('5')) return unavailable(`PTS_${code}`, message || `${what} failed (${code})`);
  return refused(`PTS_${code}`, message || `${what} refused (${code})`);
}

export class PtsTokenManager implements TokenSource {
  private readonly cache: TokenCache;
  private codes = 0;
  private tokens = 0;
  private readonly clock: Clock;
  private readonly codeLifetimeMs: number;
  private readonly codeMarginMs: number;

  constructor(private readonly options: PtsTokenManagerOptions) {
    this.clock = options.clock ?? systemClock;
    this.codeLifetimeMs = options.codeLifetimeMs ?? PTS_RANDOM_CODE_LIFETIME_MS;
    this.codeMarginMs = Math.min(options.codeMarginMs ?? 5_000, this.codeLifetimeMs / 2);
    const secrets = options.secrets ?? processSecrets;
    secrets.remember(options.safecode);
    this.cache = new TokenCache({ fetch: () => this.fetchToken(), marginMs: options.tokenMarginMs, clock: this.clock, secrets });
  }

  /** Random-code requests sent so far. */
  get randomCodeRequestCount(): number {
    return this.codes;
  }

  /** Token requests sent so far. */
  get tokenRequestCount(): number {
    return this.tokens;
  }

  /** The same, as storepay's client counts them. */
  get requestCount(): number {
    return this.tokens;
  }

  /** The Authorization header value: `<token_type> <access_token>`, cached or freshly fetched. */
  authorization(): Promise<string> {
    return this.cache.get();
  }

  token(): Promise<string> {
    return this.authorization();
  }

  /** Forget `authorization` (the gateway refused it). A newer one, if one came meanwhile, is kept. */
  invalidate(authorization: string): void {
    this.cache.invalidate(authorization, authorization.slice(authorization.indexOf(' ') + 1));
  }

  private now(): number {
    return this.clock.now().getTime();
  }

  private async post(url: string, json: PtsRandomCodeRequest | PtsTokenRequest, operation: string, what: string): Promise<Read> {
    let response: JsonResponse;
    try {
      response = await this.options.http.sendJson({ url, json, timeoutMs: this.options.timeoutMs, operation });
    } catch (error) {
      if (!isTransportError(error)) throw error;
      return { ok: false, error: new TokenError('unavailable', `TOKEN_${error.kind.toUpperCase()}`, `${what} failed (${error.kind}: ${error.message})`) };
    }
    return readPtsAnswer(response, what);
  }

  /** A fresh random code, and when it was asked for (its 30 s count from before the request). */
  private async randomCode(): Promise<{ code: string; askedAt: number }> {
    this.codes += 1;
    const askedAt = this.now();
    const operation = this.options.operations?.randomCode ?? 'ptsRandomCode';
    const read = await this.post(this.options.randomCodeUrl, { user_id: this.options.userId }, operation, 'random code request');
    if (!read.ok) throw read.error;
    const code = typeof read.data.code === 'string' ? read.data.code.trim() : '';
    if (code === '') throw new TokenError('unavailable', 'NO_RANDOM_CODE', 'no random code in the answer');
    return { code, askedAt };
  }

  private async fetchToken(): Promise<IssuedToken> {
    const { userId, safecode, logger } = this.options;
    const operation = this.options.operations?.token ?? 'ptsToken';
    let last: TokenError | undefined;
    for (let attempt = 1; attempt <= MAX_CODES_PER_FETCH; attempt += 1) {
      const { code, askedAt } = await this.randomCode();
      const age = this.now() - askedAt;
      if (age > this.codeLifetimeMs - this.codeMarginMs) {
        // never send a code that may have died on the way: get another one
        logger.warn('pts random code too old to use; fetching a new one', { ageMs: age, lifetimeMs: this.codeLifetimeMs });
        last = new TokenError('unavailable', 'RANDOM_CODE_TOO_OLD', `the random code was ${age} ms old before it could be used`);
        continue;
      }
      this.tokens += 1;
      const tokenAskedAt = this.now(); // expires_in counts from before the request
      const read = await this.post(this.options.tokenUrl, { user_id: userId, hash: ptsHash(code, userId, safecode) }, operation, 'token request');
      if (!read.ok) {
        // a code the server calls expired or used (clock trouble, a race): one more try with a new one
        if (read.error.code === `PTS_${PTS_CODES.RANDOM_CODE_INVALID}` && attempt < MAX_CODES_PER_FETCH - 1) {
          logger.warn('pts random code refused; fetching a new one', { code: read.error.code });
          last = read.error;
          continue;
        }
        logger.warn('pts token refused', { kind: read.error.kind, code: read.error.code });
        throw read.error;
      }
      const accessToken = typeof read.data.access_token === 'string' ? read.data.access_token.trim() : '';
      if (accessToken === '') throw new TokenError('unavailable', 'NO_TOKEN', 'no access_token in the answer');
      const expiresInMs = expiresIn(read.data.expires_in) ?? this.options.fallbackExpiresInMs;
      const authorization = `${tokenType(read.data.token_type)} ${accessToken}`;
      logger.debug('pts token obtained', { expiresInMs, marginMs: this.options.tokenMarginMs });
      return { value: authorization, secret: accessToken, lifetimeMs: expiresInMs, askedAt: tokenAskedAt };
    }
    throw last ?? new TokenError('unavailable', 'NO_TOKEN', 'no token');
  }
}

/** expires_in in ms: a positive number of seconds, or its decimal text. */
function expiresIn(value: unknown): number | undefined {
  const seconds = typeof value === 'number' ? value : typeof value === 'string' && /^\d+(?:\.\d+)?$/.test(value.trim()) ? Number(value) : NaN;
  return Number.isFinite(seconds) && seconds > 0 ? Math.round(seconds * 1000) : undefined;
}

/**
 * The scheme word of the Authorization header. Sent as the gateway wrote it (the PTS "Access Token" document concatenates
 * token_type + " " + access_token, and its example's token_type is "bearer"); "Bearer" when absent.
 */
export function tokenType(value: unknown): string {
  return typeof value === 'string' && /^[A-Za-z][A-Za-z0-9!#$%&'*+.^_`|~-]*$/.test(value.trim()) ? value.trim() : 'Bearer';
}
