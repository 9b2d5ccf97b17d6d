// UMF's OAuth2 client_credentials token (POST /oauth/authorize, JSON body). A token lives
// `expires_in` seconds, and "if user applies a new access_token, the old one will be disabled
// immediately": so there is ONE token per client, replaced a margin before it runs out, and
// concurrent callers share one token request (single-flight), and a client that replaces another of
// the same profile is handed its token (handOverTo). A request refused for its token gets
// one new token and is sent once more. The client secret and every token obtained are known to the
// log redaction (main/logging/known-secrets.ts); a replaced or refused token is retired there.
import { systemClock, type Clock, type Logger } from '../../core/ports';
import { processSecrets, type SecretRegistrar } from '../../logging/known-secrets';
import { isRecord, isTransportError, parseJson, type HttpClient, type HttpResponse } from '../http';
import type { TokenRequestWire } from './protocol';
import { RET } from './protocol';

/** The seed's lifetime, assumed when an answer carries no usable expires_in. */
export const ASSUMED_TOKEN_LIFETIME_SECONDS = 3600;

export class UmfTokenError extends Error {
  override readonly name = 'UmfTokenError';
  /** refused: UMF turned the credentials down (definite); unavailable: no usable answer */
  readonly kind: 'refused' | 'unavailable';
  readonly code: string;

  constructor(kind: 'refused' | 'unavailable', code: string, message: string) {
    super(message);
    this.kind = kind;
    this.code = code;
  }
}

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

/** The token state of one UMF client id: shared by a client and the one it hands over to. */
interface TokenSlot {
  cached: { token: string; renewAt: number } | undefined;
  pending: Promise<string> | undefined;
}

export class UmfTokenManager {
  private slot: TokenSlot = { cached: undefined, pending: undefined };
  /** the manager this one handed over to: it asks for every token from then on */
  private successor: UmfTokenManager | undefined;
  private sent = 0;
  private readonly clock: Clock;
  private readonly secrets: SecretRegistrar;

  constructor(private readonly options: UmfTokenManagerOptions) {
    this.clock = options.clock ?? systemClock;
    this.secrets = options.secrets ?? processSecrets;
    this.secrets.remember(options.clientSecret);
  }

  /** Token requests sent so far. */
  get requestCount(): number {
    return this.sent;
  }

  /** The cached token while it is fresh, else one new token shared by every concurrent caller. */
  getToken(): Promise<string> {
    if (this.successor !== undefined) return this.successor.getToken();
    const { slot } = this;
    const cached = slot.cached;
    if (cached !== undefined && this.clock.now().getTime() < cached.renewAt) return Promise.resolve(cached.token);
    if (slot.pending === undefined) {
      slot.pending = this.fetchToken(slot).finally(() => {
        slot.pending = undefined;
      });
    }
    return slot.pending;
  }

  /** Forget `token` (UMF refused it). A newer token, if one came meanwhile, is kept. */
  invalidate(token: string): void {
    if (this.successor !== undefined) {
      this.successor.invalidate(token);
      return;
    }
    if (this.slot.cached?.token === token) this.slot.cached = undefined;
    this.secrets.retire(token);
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
    if (next.slot.cached === undefined && next.slot.pending === undefined) next.slot = this.slot;
    this.successor = next;
  }

  private async fetchToken(slot: TokenSlot): Promise<string> {
    const { http, url, clientId, clientSecret, timeoutMs, marginMs, logger, busyCodes } = this.options;
    this.sent += 1;
    const previous = slot.cached?.token;
    slot.cached = undefined; // the token about to be issued disables the cached one anyway
    const askedAt = this.clock.now().getTime(); // the lifetime counts from before the request
    const body: TokenRequestWire = { client_id: clientId, client_secret: clientSecret, grant_type: 'client_credentials' };
    let response: HttpResponse;
    try {
      response = await http.sendJson({ url, json: body, timeoutMs, operation: 'token' });
    } catch (error) {
      if (!isTransportError(error)) throw error;
      throw new UmfTokenError('unavailable', `TOKEN_${error.kind.toUpperCase()}`, `token request failed (${error.kind}: ${error.message})`);
    }
    const answer = readTokenAnswer(response, busyCodes);
    if (!answer.ok) {
      logger.warn('umf token refused', { kind: answer.kind, code: answer.code, status: response.status });
      throw new UmfTokenError(answer.kind, answer.code, answer.message);
    }
    const lifetimeMs = answer.expiresInSeconds * 1000;
    this.secrets.replace(previous, answer.token, { lifetimeMs });
    slot.cached = { token: answer.token, renewAt: askedAt + Math.max(0, lifetimeMs - marginMs) };
    logger.debug('umf token obtained', { expiresInSeconds: answer.expiresInSeconds, marginMs });
    return answer.token;
  }
}

/** UMF answered that the token is no good: HTTP 401, or a token ret_code with any status. */
export function isTokenRefusal(response: HttpResponse): boolean {
  if (response.status === 401) return true;
  const parsed = parseJson(response.body);
  const meta = parsed.ok ? metaOf(parsed.value) : undefined;
  return meta !== undefined && (meta.code === RET.TOKEN_EXPIRED || meta.code === RET.TOKEN_INVALID);
}

export type AuthorizedResult =
  | { kind: 'answer'; response: HttpResponse }
  | { kind: 'token_failed'; error: UmfTokenError }
  /** UMF refused a freshly obtained token too */
  | { kind: 'unauthorized'; response: HttpResponse };

/**
 * Sends with a token; if UMF refuses the token, drops it, gets one new token (shared with any
 * concurrent caller) and sends the same request once more. TransportErrors are thrown to the caller.
 */
export async function withToken(tokens: UmfTokenManager, send: (token: string) => Promise<HttpResponse>): Promise<AuthorizedResult> {
  const token = async (): Promise<string | UmfTokenError> => {
    try {
      return await tokens.getToken();
    } catch (error) {
      if (error instanceof UmfTokenError) return error;
      throw error;
    }
  };
  const first = await token();
  if (first instanceof UmfTokenError) return { kind: 'token_failed', error: first };
  const response = await send(first);
  if (!isTokenRefusal(response)) return { kind: 'answer', response };
  tokens.invalidate(first);
  const second = await token();
  if (second instanceof UmfTokenError) return { kind: 'token_failed', error: second };
  const retried = await send(second);
  return isTokenRefusal(retried) ? { kind: 'unauthorized', response: retried } : { kind: 'answer', response: retried };
}
