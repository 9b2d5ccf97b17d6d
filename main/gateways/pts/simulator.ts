// The PTS side of a simulator (the PTS "Access Token" document): random codes that live 30 s and are used once, and tokens
// for a verified hash. The host simulator routes the two paths here and keeps the issued tokens.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { ptsHash } from './hash';
import { PTS_CODES, PTS_RANDOM_CODE_LIFETIME_MS } from './protocol';

export interface PtsAnswer {
  status: number;
  body: unknown;
}

export interface PtsAuthorityOptions {
  userId: string;
  safecode: string;
  now: () => number;
  /** makes a token that lives `expiresInSeconds`, and returns it */
  issueToken: (expiresInSeconds: number) => string;
  /** expires_in of the tokens issued (read at each issue) */
  expiresInSeconds: () => number;
  codeLifetimeMs?: number;
}

const accepted = (data: unknown): PtsAnswer => ({ status: 200, body: { code: PTS_CODES.ACCEPTED, message: 'Accepted', data } });
const refusal = (status: number, code: string, message: string): PtsAnswer => ({ status, body: { code, message, data: null } });

// the seed's user_id is a String, but its PHP example sends the number 1: both are taken
const userId = z.union([z.string().min(1).max(128), z.number().int().nonnegative()]);
const codeRequest = z.object({ user_id: userId });
const tokenRequest = z.object({ user_id: userId, hash: z.string().regex(/^[0-9a-fA-F]{64}$/, '64 hex digits') });

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** 32 letters and digits, like the seed's "VL4hrMLmM3THd2iQDNOoa45cGZhx2zH7". */
function newRandomCode(): string {
  return Array.from(randomBytes(32), (b) => ALPHANUMERIC[b % ALPHANUMERIC.length]).join('');
}

function paramError(error: z.ZodError): PtsAnswer {
  const issue = error.issues[0];
  const where = issue && issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
  return refusal(400, PTS_CODES.PARAM_ERROR, `${where}${issue?.message ?? 'invalid request'}`);
}

export class PtsAuthority {
  /** code -> its user, when it dies (ms since epoch), whether a token request used it */
  private readonly codes = new Map<string, { userId: string; diesAt: number; used: boolean }>();
  private readonly lifetimeMs: number;

  constructor(private readonly options: PtsAuthorityOptions) {
    this.lifetimeMs = options.codeLifetimeMs ?? PTS_RANDOM_CODE_LIFETIME_MS;
  }

  /** Random codes handed out and not yet used or expired (for tests). */
  get liveCodes(): number {
    const now = this.options.now();
    return [...this.codes.values()].filter((c) => !c.used && c.diesAt > now).length;
  }

  randomCode(body: Record<string, unknown>): PtsAnswer {
    const parsed = codeRequest.safeParse(body);
    if (!parsed.success) return paramError(parsed.error);
    const user = String(parsed.data.user_id);
    if (user !== this.options.userId) return refusal(401, PTS_CODES.UNKNOWN_USER, 'unknown user_id');
    const now = this.options.now();
    this.forgetOld(now);
    const code = newRandomCode();
    this.codes.set(code, { userId: user, diesAt: now + this.lifetimeMs, used: false });
    return accepted({ code });
  }

  token(body: Record<string, unknown>): PtsAnswer {
    const parsed = tokenRequest.safeParse(body);
    if (!parsed.success) return paramError(parsed.error);
    const user = String(parsed.data.user_id);
    if (user !== this.options.userId) return refusal(401, PTS_CODES.UNKNOWN_USER, 'unknown user_id');
    const now = this.options.now();
    const hash = parsed.data.hash.toLowerCase();
    this.forgetOld(now);
    // the hash names its code only through SHA-256: try each code of this user we remember
    const matched = [...this.codes.entries()].find(
      ([code, entry]) => entry.userId === user && timingSafeEqual(Buffer.from(ptsHash(code, user, this.options.safecode), 'utf8'), Buffer.from(hash, 'utf8')),
    )?.[1];
    // a wrong safecode, or a code never issued (or long forgotten)
    if (matched === undefined) return refusal(401, PTS_CODES.HASH_MISMATCH, 'the hash matches no random code of this user');
    if (matched.used) return refusal(401, PTS_CODES.RANDOM_CODE_INVALID, 'the random code was already used');
    matched.used = true; // used once, whatever happens next
    if (matched.diesAt <= now) return refusal(401, PTS_CODES.RANDOM_CODE_INVALID, 'the random code has expired');
    const expiresIn = this.options.expiresInSeconds();
    const accessToken = this.options.issueToken(expiresIn);
    return accepted({ access_token: accessToken, token_type: 'bearer', expires_in: expiresIn });
  }

  /** Codes are remembered one more lifetime after they die, to say "expired" or "used" precisely. */
  private forgetOld(now: number): void {
    for (const [code, entry] of this.codes) if (entry.diesAt + this.lifetimeMs <= now) this.codes.delete(code);
  }

  reset(): void {
    this.codes.clear();
  }
}
