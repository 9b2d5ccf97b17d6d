// Known-secrets redaction: the registry of secret values (known-secrets.ts), the vault that feeds it
// (vault-secrets.ts), the token managers that feed it, and the loggers that blank every registered
// value wherever it appears (message, error message and stack, nested fields).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Logger } from '../../main/core/ports';
import { silentLogger } from '../../main/core/ports';
import { createMemoryVault } from '../../main/credentials/memory-vault';
import type { HttpClient, JsonResponse } from '../../main/gateways/http';
import { PtsTokenManager } from '../../main/gateways/pts/auth';
import { StorepayTokenManager } from '../../main/gateways/storepay/auth';
import { UmfTokenManager } from '../../main/gateways/umf/auth';
import { createFileLogger } from '../../main/logging/file-logger';
import { KnownSecrets, MIN_SECRET_LENGTH, processSecrets } from '../../main/logging/known-secrets';
import { REDACTED, redact, redactString } from '../../main/logging/redact';
import { rememberVaultSecrets } from '../../main/logging/vault-secrets';

// Not JWT-shaped, not in a field named like a secret: only the registry can catch these.
const HEX_TOKEN = '9f3c1a7be2d4405c8a61f0e3b7d29c54';
const CLIENT_SECRET = 'Qm9vdHN0cmFwLXNlY3JldC0x';
const PEM = [
  '-----BEGIN PRIVATE KEY-----',
  'MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7VJTUt9Us8cKj',
  'MzEfYyjiWA4R4/M2bS1GB4t7NXp98C3SC6dVMvDuictGeurT8jNbvJZHtCSuYEvu',
  '-----END PRIVATE KEY-----',
  '',
].join('\n');

let now = Date.parse('2025-03-04T05:06:07.089Z');
const clock = { now: () => new Date(now) };

beforeEach(() => {
  now = Date.parse('2025-03-04T05:06:07.089Z');
  processSecrets.clear();
});
afterEach(() => processSecrets.clear());

describe('KnownSecrets', () => {
  it('replaces a token: the new one known, the old one retired after the grace period', () => {
    const known = new KnownSecrets({ clock, graceMs: 1_000 });
    known.replace(undefined, HEX_TOKEN, { lifetimeMs: 60_000 });
    known.replace(HEX_TOKEN, HEX_TOKEN, { lifetimeMs: 60_000 }); // the same token again: still known
    now += 2_000;
    expect(known.has(HEX_TOKEN)).toBe(true);
    known.replace(HEX_TOKEN, CLIENT_SECRET);
    expect(known.has(HEX_TOKEN)).toBe(true); // for the grace period
    now += 1_000;
    expect(known.has(HEX_TOKEN)).toBe(false);
    expect(known.has(CLIENT_SECRET)).toBe(true);
  });

  it('blanks a registered value anywhere in a text, glued to other characters too', () => {
    const known = new KnownSecrets({ clock });
    expect(known.remember(HEX_TOKEN)).toBe(true);
    expect(known.scrub(`rejected header Authorization=x${HEX_TOKEN}y, try again`)).toBe(`rejected header Authorization=x${REDACTED}y, try again`);
    expect(known.scrub('nothing here')).toBe('nothing here');
    expect(known.has(HEX_TOKEN)).toBe(true);
  });

  it(`does not keep a value shorter than ${MIN_SECRET_LENGTH} characters (nor undefined)`, () => {
    const known = new KnownSecrets({ clock });
    expect(known.remember('pass123')).toBe(false);
    expect(known.remember('  pass123  ')).toBe(false); // the padding does not count
    expect(known.remember(undefined)).toBe(false);
    expect(known.size).toBe(0);
    expect(known.scrub('the pass123 is short, so is 1234567')).toBe('the pass123 is short, so is 1234567');
    expect(known.remember('pass1234')).toBe(true);
    expect(known.scrub('pass1234')).toBe(REDACTED);
  });

  it('keeps each line of a PEM (not its armour lines), and blanks a whole PEM as one marker', () => {
    const known = new KnownSecrets({ clock });
    known.remember(PEM);
    const body = PEM.split('\n')[1] as string;
    expect(known.scrub(`key: ${PEM}`)).toBe(`key: ${REDACTED}`);
    expect(known.scrub(`a line on its own: ${body}.`)).toBe(`a line on its own: ${REDACTED}.`);
    expect(known.scrub(PEM.replace(/\n/g, '\r\n'))).not.toContain(body);
    expect(known.scrub('-----BEGIN PRIVATE KEY-----')).toBe('-----BEGIN PRIVATE KEY-----');
  });

  it('treats registered values as plain text, not as patterns', () => {
    const known = new KnownSecrets({ clock });
    known.remember('a.b*c+d?(e)[f]{g}|h$^\\');
    expect(known.scrub('x a.b*c+d?(e)[f]{g}|h$^\\ y axbbbcd')).toBe(`x ${REDACTED} y axbbbcd`);
  });

  it('forgets a retired value after the grace period, and a value with a lifetime after lifetime + grace', () => {
    const known = new KnownSecrets({ clock, graceMs: 1_000 });
    known.remember(HEX_TOKEN);
    known.remember(CLIENT_SECRET, { lifetimeMs: 5_000 });
    known.retire(HEX_TOKEN);
    now += 999;
    expect(known.scrub(HEX_TOKEN)).toBe(REDACTED);
    now += 1;
    expect(known.scrub(HEX_TOKEN)).toBe(HEX_TOKEN);
    expect(known.has(HEX_TOKEN)).toBe(false);
    now += 4_999;
    expect(known.scrub(CLIENT_SECRET)).toBe(REDACTED);
    now += 1;
    expect(known.scrub(CLIENT_SECRET)).toBe(CLIENT_SECRET);
    expect(known.size).toBe(0);
  });

  it('keeps a value remembered again after being retired, and never shortens a value kept until retired', () => {
    const known = new KnownSecrets({ clock, graceMs: 1_000 });
    known.remember(HEX_TOKEN);
    known.retire(HEX_TOKEN);
    known.remember(HEX_TOKEN);
    known.remember(HEX_TOKEN, { lifetimeMs: 10 });
    now += 60_000;
    expect(known.has(HEX_TOKEN)).toBe(true);
  });

  it('is bounded: the retired values go first, then the least recently remembered', () => {
    const known = new KnownSecrets({ clock, maxEntries: 3 });
    known.remember('secret-0000');
    known.remember('secret-1111');
    known.remember('secret-2222');
    known.retire('secret-1111');
    known.remember('secret-3333');
    expect(known.size).toBe(3);
    expect(known.has('secret-1111')).toBe(false);
    known.remember('secret-0000'); // remembered again: now the most recent
    known.remember('secret-4444');
    expect(known.has('secret-2222')).toBe(false);
    expect(['secret-0000', 'secret-3333', 'secret-4444'].every((s) => known.has(s))).toBe(true);
    for (let i = 0; i < 1_000; i += 1) known.remember(`bulk-secret-${i}`);
    expect(known.size).toBe(3);
  });

  it('clear() forgets everything, in a registry of its own and in the process registry', () => {
    const known = new KnownSecrets({ clock });
    known.remember(HEX_TOKEN);
    known.clear();
    expect(known.scrub(HEX_TOKEN)).toBe(HEX_TOKEN);
    processSecrets.remember(HEX_TOKEN);
    processSecrets.clear();
    expect(processSecrets.size).toBe(0);
  });
});

describe('redact with known secrets', () => {
  it('blanks a registered value in text, nested fields, maps, arrays, error messages, stacks and causes', () => {
    const known = new KnownSecrets({ clock });
    known.remember(HEX_TOKEN);
    const error = new Error(`gateway said: unknown token ${HEX_TOKEN}`, { cause: new Error(`header was ${HEX_TOKEN}`) });
    const out = JSON.stringify(
      redact({ a: { b: [{ c: `t=${HEX_TOKEN}` }] }, m: new Map([['x', HEX_TOKEN]]), error, url: new URL(`https://gw.example/?q=${HEX_TOKEN}`) }, known),
    );
    expect(out).not.toContain(HEX_TOKEN);
    expect(out).toContain(`unknown token ${REDACTED}`);
    expect(redactString(`echo ${HEX_TOKEN}`, known)).toBe(`echo ${REDACTED}`);
    // without the registry, only the shape rules apply: the hex token gets through
    expect(redactString(`echo ${HEX_TOKEN}`)).toBe(`echo ${HEX_TOKEN}`);
  });

  it('blanks a known token before a shape rule can cut it (a digit run inside it would be masked to its last 4)', () => {
    const known = new KnownSecrets({ clock });
    const token = 'ab1234567890123456789cd';
    known.remember(token);
    expect(redactString(`token echo ${token}`, known)).toBe(`token echo ${REDACTED}`);
  });

  it('blanks a JWT glued to a letter or a digit, as well as one that starts a word', () => {
    const jwt = 'eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzI1NiJ9.c2VjcmV0cGF5bG9hZA.c2ln';
    expect(redactString(`header x${jwt} end`)).toBe(`header x${REDACTED} end`);
    expect(redactString(`token:7${jwt}`)).toBe(`token:7${REDACTED}`);
    expect(redactString(`got ${jwt}`)).toBe(`got ${REDACTED}`);
    expect(redactString('Token expired, keyJar is fine')).toBe('Token expired, keyJar is fine');
  });
});

function lines(file: string): string {
  return readFileSync(file, 'utf8');
}

describe('loggers with known secrets', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'counter-known-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('the file logger blanks a registered non-JWT token in the message, an error and a nested field', () => {
    const known = new KnownSecrets({ clock });
    known.remember(HEX_TOKEN);
    const logger = createFileLogger({ dir, clock, secrets: known });
    logger.warn(`umf answered: token ${HEX_TOKEN} is not valid`);
    logger.error('request failed', { error: new Error(`400 bad header X-Auth: ${HEX_TOKEN}`) });
    logger.info('nested', { answer: { meta: { ret_msg: [`no such token (${HEX_TOKEN})`] } } });
    logger.close();
    const text = lines(logger.file);
    expect(text).not.toContain(HEX_TOKEN);
    const records = text.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(records[0]?.msg).toBe(`umf answered: token ${REDACTED} is not valid`);
    expect(records[1]?.error).toMatchObject({ message: `400 bad header X-Auth: ${REDACTED}` });
    expect(String((records[1]?.error as { stack: string }).stack)).toContain(REDACTED);
    expect(records[2]?.answer).toEqual({ meta: { ret_msg: [`no such token (${REDACTED})`] } });
  });

  it('the file logger uses the process registry by default', () => {
    processSecrets.remember(CLIENT_SECRET);
    const logger = createFileLogger({ dir, clock });
    logger.warn(`echo ${CLIENT_SECRET}`, { note: `again ${CLIENT_SECRET}` });
    logger.error(`failed: ${CLIENT_SECRET}`, { error: new Error(CLIENT_SECRET) });
    logger.close();
    const text = lines(logger.file);
    expect(text).not.toContain(CLIENT_SECRET);
    expect(text).toContain(`failed: ${REDACTED}`);
  });

  it('a value under the minimum length is not blanked', () => {
    processSecrets.remember('short1');
    const logger = createFileLogger({ dir, clock });
    logger.info('short1 stays', { v: 'short1' });
    logger.close();
    expect(lines(logger.file)).toContain('"msg":"short1 stays","v":"short1"');
  });
});

describe('rememberVaultSecrets', () => {
  it('registers every secret read or stored, and retires one replaced or deleted', async () => {
    const known = new KnownSecrets({ clock, graceMs: 1_000 });
    const inner = createMemoryVault();
    await inner.set('p1', 'privateKeyPem', PEM);
    const vault = rememberVaultSecrets(inner, known);
    expect(await vault.get('p1', 'privateKeyPem')).toBe(PEM);
    expect(known.scrub(PEM.split('\n')[2] as string)).toBe(REDACTED);
    await vault.set('p1', 'clientSecret', CLIENT_SECRET);
    expect(known.has(CLIENT_SECRET)).toBe(true);
    await vault.set('p1', 'clientSecret', 'the-new-client-secret');
    await vault.delete('p1', 'privateKeyPem');
    expect(known.has(CLIENT_SECRET)).toBe(true); // for the grace period
    now += 1_000;
    expect(known.has(CLIENT_SECRET)).toBe(false);
    expect(known.scrub(PEM)).toBe(PEM);
    expect(known.has('the-new-client-secret')).toBe(true);
    expect(await vault.has('p1', 'clientSecret')).toBe(true);
  });

  it('keeps a secret two profiles share known while either still holds it', async () => {
    const known = new KnownSecrets({ clock, graceMs: 1_000 });
    const vault = rememberVaultSecrets(createMemoryVault(), known);
    await vault.set('p1', 'clientSecret', CLIENT_SECRET);
    await vault.set('p2', 'clientSecret', CLIENT_SECRET);
    await vault.delete('p1', 'clientSecret');
    now += 5_000;
    expect(known.has(CLIENT_SECRET)).toBe(true); // p2 still uses it
    await vault.set('p2', 'clientSecret', 'the-new-client-secret');
    now += 1_000;
    expect(known.has(CLIENT_SECRET)).toBe(false);
  });
});

/** An HttpClient answering each call with the next of `answers` (JSON bodies). */
function fakeHttp(answers: unknown[]): HttpClient {
  const send = async (): Promise<JsonResponse> => {
    const value = answers.shift();
    return { status: 200, headers: {}, body: JSON.stringify(value), elapsedMs: 1, json: { ok: true, value } };
  };
  return { sendJson: send, send };
}

describe('token managers register what they obtain', () => {
  const logger: Logger = silentLogger;

  it('storepay (password scheme): the password and each token; the replaced token is retired', async () => {
    const known = new KnownSecrets({ clock, graceMs: 1_000 });
    const second = 'c0ffee00c0ffee00c0ffee00';
    const http = fakeHttp([{ success: true, data: { token: HEX_TOKEN } }, { success: true, data: { token: second } }]);
    const tokens = new StorepayTokenManager({ http, url: 'http://x/t', user: 'u', password: 'storepay-password', timeoutMs: 100, lifetimeMs: 60_000, marginMs: 5_000, clock, logger, secrets: known });
    expect(known.has('storepay-password')).toBe(true);
    expect(await tokens.getToken()).toBe(HEX_TOKEN);
    expect(known.has(HEX_TOKEN)).toBe(true);
    now += 60_000;
    expect(await tokens.getToken()).toBe(second);
    expect(known.has(second)).toBe(true);
    now += 1_000;
    expect(known.has(HEX_TOKEN)).toBe(false);
    tokens.invalidate(`Bearer ${second}`);
    now += 1_000;
    expect(known.has(second)).toBe(false);
  });

  it('pts: the safecode and each access token (not its "bearer" word)', async () => {
    const known = new KnownSecrets({ clock });
    const http = fakeHttp([
      { code: '1000', data: { code: 'random-1' } },
      { code: '1000', data: { access_token: HEX_TOKEN, token_type: 'bearer', expires_in: 300 } },
    ]);
    const tokens = new PtsTokenManager({ http, randomCodeUrl: 'http://x/r', tokenUrl: 'http://x/t', userId: 'u1', safecode: 'pts-safecode-1', timeoutMs: 100, tokenMarginMs: 5_000, fallbackExpiresInMs: 60_000, clock, logger, secrets: known });
    expect(known.has('pts-safecode-1')).toBe(true);
    expect(await tokens.authorization()).toBe(`bearer ${HEX_TOKEN}`);
    expect(known.has(HEX_TOKEN)).toBe(true);
    expect(known.has('bearer')).toBe(false);
  });

  it('umf: the client secret and each token, by default in the process registry', async () => {
    const http = fakeHttp([{ access_token: HEX_TOKEN, expires_in: 3600 }]);
    const tokens = new UmfTokenManager({ http, url: 'http://x/oauth/authorize', clientId: 'c1', clientSecret: CLIENT_SECRET, timeoutMs: 100, marginMs: 5_000, busyCodes: new Set(), clock, logger });
    expect(processSecrets.has(CLIENT_SECRET)).toBe(true);
    expect(await tokens.getToken()).toBe(HEX_TOKEN);
    expect(processSecrets.has(HEX_TOKEN)).toBe(true);
  });
});
