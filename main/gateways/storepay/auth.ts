// Storepay authorization, two schemes behind one interface (StorepayAuth: the Authorization header value):
// - password (the store gateway document, "GET API TOKEN": user + password -> token, said to expire in
//   about a minute): one token cached for an assumed lifetime minus a margin, sent as "Bearer <token>";
// - pts (the PTS document, ../pts/auth.ts): a fresh random code + sha256 hash per token, cached until
//   expires_in minus a margin, sent as "<token_type> <access_token>".
// Both keep their token in the shared TokenCache (../http/token-cache.ts: single-flight, one retry on
// 401). The password is known to the log redaction (main/logging/known-secrets.ts).
import { systemClock, type Clock, type Logger } from '../../core/ports';
import { processSecrets, type SecretRegistrar } from '../../logging/known-secrets';
import { TokenCache, TokenError, isTransportError, transportReason, type HttpClient, type JsonResponse, type TokenSource } from '../http';
import { readTokenAnswer, tokenBody } from './mapping';

/** What the client needs from an auth scheme. Both schemes throw TokenError only. */
export interface StorepayAuth extends TokenSource {
  /** token requests sent so far (diagnostics) */
  readonly requestCount: number;
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

const BEARER = 'Bearer ';

export class StorepayTokenManager implements StorepayAuth {
  private readonly cache: TokenCache;

  constructor(private readonly options: TokenManagerOptions) {
    const secrets = options.secrets ?? processSecrets;
    secrets.remember(options.password);
    this.cache = new TokenCache({ fetch: () => this.fetchToken(), marginMs: options.marginMs, clock: options.clock ?? systemClock, secrets });
  }

  /** Token requests sent so far. */
  get requestCount(): number {
    return this.cache.fetchCount;
  }

  /** A token believed valid: the cached one, or a fresh one shared by every concurrent caller. */
  getToken(): Promise<string> {
    return this.cache.get();
  }

  /** "Bearer <token>", as in the document. */
  async token(): Promise<string> {
    return `${BEARER}${await this.getToken()}`;
  }

  /** Forget `token` (or "Bearer <token>"): the gateway refused it. A newer token, if one came meanwhile, is kept. */
  invalidate(token: string): void {
    this.cache.invalidate(token.startsWith(BEARER) ? token.slice(BEARER.length) : token);
  }

  private async fetchToken() {
    const { http, url, user, password, timeoutMs, lifetimeMs, marginMs, logger } = this.options;
    let response: JsonResponse;
    try {
      response = await http.sendJson({ url, json: tokenBody(user, password), timeoutMs, operation: 'token' });
    } catch (error) {
      if (!isTransportError(error)) throw error;
      throw new TokenError('unavailable', `TOKEN_${error.kind.toUpperCase()}`, `token request failed (${transportReason(error)})`);
    }
    const answer = readTokenAnswer(response);
    if (!answer.ok) {
      logger.warn('storepay token refused', { kind: answer.kind, code: answer.code, status: response.status });
      throw new TokenError(answer.kind, answer.code, answer.message);
    }
    logger.debug('storepay token obtained', { lifetimeMs, marginMs });
    return { value: answer.token, secret: answer.token, lifetimeMs };
  }
}
