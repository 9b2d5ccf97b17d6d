// UMF's OAuth2 client_credentials token (POST /oauth/authorize, JSON body). A token lives
// `expires_in` seconds, and "if user applies a new access_token, the old one will be disabled
// immediately": so there is ONE token per client, replaced a margin before it runs out, and
// concurrent callers share one token request (the shared TokenCache, ../http/token-cache.ts), and a
// client that replaces another of the same profile is handed its token (handOverTo). A request
// refused for its token gets one new token and is sent once more (withToken). The client secret is
// known to the log redaction (main/logging/known-secrets.ts).
import { systemClock, type Clock, type Logger } from '../../core/ports';
import { processSecrets, type SecretRegistrar } from '../../logging/known-secrets';
import { TokenCache, TokenError, isRecord, isTransportError, parseJson, type HttpClient, type HttpResponse, type IssuedToken, type TokenSource } from '../http';
import type { TokenRequestWire } from './protocol';
import { RET } from './protocol';

/** The seed's lifetime, assumed when an answer carries no usable expires_in. */
export const ASSUMED_TOKEN_LIFETIME_SECONDS = 3600;

export type TokenAnswer =
  | { ok: true; token: string; expiresInSeconds: number }
  | { ok: false; kind: 'refused' | 'unavailable'; code: string; message: string };

function metaOf(value: unknown): { code: string; message: string } | undefined {
  if (!isRecord(value) || !isRecord(value.meta)) return undefined;
  const code = typeof value.meta.ret_code === 'string' ? value.meta.ret_code : undefined;
  if (code === undefined) return undefined;
  return { code, message: typeof value.meta.ret_msg === 'string' ? value.meta.ret_msg : '' };
}

/** Reads a token answer: { expires_in, access_token } (seed); errors carry a meta (ours) or a 401. */
export function readTokenAnswer(response: HttpResponse, busyCodes: ReadonlySet<string>): TokenAnswer {
  const { status } = response;
  if (status >= 500) return { ok: false, kind: 'unavailable', code: `HTTP_${status}`, message: `token request answered HTTP ${status}` };
  const parsed = parseJson(response.body);
  const value = parsed.ok ? parsed.value : undefined;
  if (isRecord(value) && status >= 200 && status < 300 && typeof value.access_token === 'string' && value.access_token.trim() !== '') {
    const raw = typeof value.expires_in === 'string' ? Number(value.expires_in) : value.expires_in;
    const expiresInSeconds = typeof raw === 'number' && Number.isFinite(raw) && raw >= 0 ? raw : ASSUMED_TOKEN_LIFETIME_SECONDS;
    return { ok: true, token: value.access_token.trim(), expiresInSeconds };
  }
  const meta = metaOf(value);
  if (meta !== undefined && meta.code !== RET.SUCCESS) {
    if (busyCodes.has(meta.code)) return { ok: false, kind: 'unavailable', code: meta.code, message: meta.message || 'UMF is busy' };
    return { ok: false, kind: 'refused', code: meta.code, message: meta.message || 'the token was refused' };
  }
  if (status === 401 || status === 403 || status === 400) {
    return { ok: false, kind: 'refused', code: RET.AUTH_FAILED, message: `token request answered HTTP ${status}` };
  }
  return { ok: false, kind: 'unavailable', code: 'UNREADABLE', message: `unreadable token answer (HTTP ${status})` };
}

export interface UmfTokenManagerOptions {
  http: HttpClient;
  /** the full token URL ({baseUrl}/oauth/authorize) */
  url: string;
  clientId: string;
  clientSecret: string;
  timeoutMs: number;
  /** replace a token this long before its expires_in runs out */
  marginMs: number;
  busyCodes: ReadonlySet<string>;
  clock?: Clock;
  logger: Logger;
  /** where the client secret and the tokens are made known to the log redaction; default the process's registry */
  secrets?: SecretRegistrar;
}

export class UmfTokenManager implements TokenSource {
  private readonly cache: TokenCache;

  constructor(private readonly options: UmfTokenManagerOptions) {
    const secrets = options.secrets ?? processSecrets;
    secrets.remember(options.clientSecret);
    // the token about to be issued disables the cached one anyway
    this.cache = new TokenCache({ fetch: () => this.fetchToken(), marginMs: options.marginMs, clock: options.clock ?? systemClock, secrets, dropOnRenew: true });
  }

  /** Token requests sent so far. */
  get requestCount(): number {
    return this.cache.fetchCount;
  }

  /** The cached token while it is fresh, else one new token shared by every concurrent caller. */
  getToken(): Promise<string> {
    return this.cache.get();
  }

  token(): Promise<string> {
    return this.getToken();
  }

  /** Forget `token` (UMF refused it). A newer token, if one came meanwhile, is kept. */
  invalidate(token: string): void {
    this.cache.invalidate(token);
  }

  /** Whether both managers ask UMF for the token of the same client (a new token of one disables the other's). */
  sameClientAs(other: UmfTokenManager): boolean {
    return other.options.url === this.options.url && other.options.clientId === this.options.clientId;
  }

  /**
   * A client of the same profile replaces this one (its settings or the store's currency changed):
   * `next` takes over the cached token and any token request in flight, and from now on this manager
   * asks for no token of its own, so the payments its client still follows never disable the new
   * client's token (nor the other way round). A manager of another client id keeps its own tokens.
   */
  handOverTo(next: UmfTokenManager): void {
    if (next === this || !this.sameClientAs(next)) return;
    this.cache.handOverTo(next.cache);
  }

  private async fetchToken(): Promise<IssuedToken> {
    const { http, url, clientId, clientSecret, timeoutMs, marginMs, logger, busyCodes } = this.options;
    const body: TokenRequestWire = { client_id: clientId, client_secret: clientSecret, grant_type: 'client_credentials' };
    let response: HttpResponse;
    try {
      response = await http.sendJson({ url, json: body, timeoutMs, operation: 'token' });
    } catch (error) {
      if (!isTransportError(error)) throw error;
      throw new TokenError('unavailable', `TOKEN_${error.kind.toUpperCase()}`, `token request failed (${error.kind}: ${error.message})`);
    }
    const answer = readTokenAnswer(response, busyCodes);
    if (!answer.ok) {
      logger.warn('umf token refused', { kind: answer.kind, code: answer.code, status: response.status });
      throw new TokenError(answer.kind, answer.code, answer.message);
    }
    logger.debug('umf token obtained', { expiresInSeconds: answer.expiresInSeconds, marginMs });
    return { value: answer.token, secret: answer.token, lifetimeMs: answer.expiresInSeconds * 1000 };
  }
}

/** UMF answered that the token is no good: HTTP 401, or a token ret_code with any status. */
export function isTokenRefusal(response: HttpResponse): boolean {
  if (response.status === 401) return true;
  const parsed = parseJson(response.body);
  const meta = parsed.ok ? metaOf(parsed.value) : undefined;
  return meta !== undefined && (meta.code === RET.TOKEN_EXPIRED || meta.code === RET.TOKEN_INVALID);
}
