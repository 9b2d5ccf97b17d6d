// KeytarVault against a REAL Secret Service (gnome-keyring on a D-Bus session bus).
//
// How to run it (this is what .ci/run does around the whole suite):
//
//   dbus-run-session -- bash -c 'd=$(mktemp -d) && echo -n counter-ci | XDG_DATA_HOME="$d" \
//     gnome-keyring-daemon --unlock --components=secrets --replace >/dev/null 2>&1; npm test'
//
// - dbus-run-session starts a private session bus and exports DBUS_SESSION_BUS_ADDRESS to bash.
// - gnome-keyring-daemon --unlock reads the login keyring's password from stdin, creates the keyring
//   if there is none, unlocks it, forks into the background and registers org.freedesktop.secrets on
//   that bus. Nothing it prints needs exporting: keytar (libsecret) finds the daemon over D-Bus.
//   (GNOME_KEYRING_CONTROL is for the ssh/pkcs11 components, which are not started.)
// - The password must be non-empty: `echo -n ""` makes gnome-keyring 42 skip creating the login
//   keyring and ask a (display-less) prompter instead, and every store then fails with
//   "Object does not exist at path /org/freedesktop/secrets/collection/login".
// - XDG_DATA_HOME points the daemon at a fresh, throwaway keyring folder. Without it the keyring
//   lands in ~/.local/share/keyrings and a later run with another password finds it locked
//   ("Cannot create an item in a locked collection").
// - The daemon exits when dbus-run-session closes the bus.
//
// In CI (process.env.CI set) an unavailable keychain FAILS this file: the keychain path must really
// be tested. Elsewhere, with no session bus at all, the tests are skipped with the reason.
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { KeytarVault, loadKeytar } from '../../main/credentials/keytar-vault';
import { SEALED_ENTRY_PREFIX, SealedVault, WINDOWS_KEYCHAIN_LIMIT } from '../../main/credentials/sealed-vault';
import type { CredentialVault } from '../../main/credentials/vault';
import { PosError } from '../../shared/errors';

const RUN_HINT =
  "run under: dbus-run-session -- bash -c 'd=$(mktemp -d) && echo -n counter-ci | XDG_DATA_HOME=\"$d\" " +
  "gnome-keyring-daemon --unlock --components=secrets --replace >/dev/null 2>&1; npx vitest run test/integration/keychain'";

const ciValue = (process.env.CI ?? '').trim().toLowerCase();
const inCi = ciValue !== '' && ciValue !== '0' && ciValue !== 'false';
const hasSessionBus = Boolean(process.env.DBUS_SESSION_BUS_ADDRESS);

// One service name per run, so parallel or leftover runs never see each other's entries.
const service = `Counter-test-${process.pid}-${randomUUID().slice(0, 8)}`;
const vault = new KeytarVault({ service, probeTimeoutMs: 10_000 });
const other = new KeytarVault({ service: `${service}-other` });

const availability =
  hasSessionBus || inCi
    ? await vault.available()
    : ({ ok: false, reason: 'no D-Bus session bus (DBUS_SESSION_BUS_ADDRESS is not set)' } as const);
const skipReason = availability.ok ? undefined : `keychain unavailable: ${availability.reason}; ${RUN_HINT}`;

const used: Array<[string, string]> = [];
async function store(profileId: string, field: string, secret: string, on: CredentialVault = vault): Promise<void> {
  used.push([profileId, field]);
  await on.set(profileId, field, secret);
}

describe('OS keychain through keytar (real Secret Service)', () => {
  it('is available (required in CI)', (ctx) => {
    if (!availability.ok && !inCi && !hasSessionBus) ctx.skip(skipReason);
    // In CI, or with a session bus but no working keychain, this is a failure with the reason.
    expect(availability, skipReason).toEqual({ ok: true });
  });

  describe('with the keychain', () => {
    beforeEach((ctx) => {
      if (!availability.ok) ctx.skip(skipReason);
    });

    afterAll(async () => {
      if (!availability.ok) return;
      for (const [profileId, field] of used) {
        await vault.delete(profileId, field);
        await other.delete(profileId, field);
      }
      // Nothing may be left under the run's service names, probe entries included.
      const keytar = (await loadKeytar()) as unknown as { findCredentials(s: string): Promise<unknown[]> };
      expect(await keytar.findCredentials(service)).toEqual([]);
      expect(await keytar.findCredentials(other.service)).toEqual([]);
    });

    it('stores, reads, reports and deletes a secret', async () => {
      expect(await vault.has('seed3-main', 'password')).toBe(false);
      expect(await vault.get('seed3-main', 'password')).toBeUndefined();

      await store('seed3-main', 'password', 'pa55-word');
      expect(await vault.has('seed3-main', 'password')).toBe(true);
      expect(await vault.get('seed3-main', 'password')).toBe('pa55-word');

      await store('seed3-main', 'password', 'rotated');
      expect(await vault.get('seed3-main', 'password')).toBe('rotated');

      await vault.delete('seed3-main', 'password');
      expect(await vault.has('seed3-main', 'password')).toBe(false);
      expect(await vault.get('seed3-main', 'password')).toBeUndefined();
      await vault.delete('seed3-main', 'password'); // already absent: no error
    });

    it('keeps unicode and a PEM-sized secret exactly', async () => {
      const pem = `-----BEGIN PRIVATE KEY-----\n${'MIIEvQIBADANBgkqhkiG9w0BAQEFAASC'.repeat(100)}\n-----END PRIVATE KEY-----\n`;
      await store('umf-main', 'privateKey', pem);
      await store('umf-main', 'clientSecret', ' 密码 ü 🔑 ');
      expect(await vault.get('umf-main', 'privateKey')).toBe(pem);
      expect(await vault.get('umf-main', 'clientSecret')).toBe(' 密码 ü 🔑 ');
    });

    it('keeps profiles, fields and service names apart', async () => {
      await store('a', 'password', 'pa');
      await store('b', 'password', 'pb');
      await store('a', 'password', 'other-service', other);
      expect(await vault.get('a', 'password')).toBe('pa');
      expect(await vault.get('b', 'password')).toBe('pb');
      expect(await other.get('a', 'password')).toBe('other-service');
      expect(await other.has('b', 'password')).toBe(false);
      expect(await vault.has('a', 'user')).toBe(false);
    });

    it('deleteProfile removes every given field and nothing else', async () => {
      await store('pts-1', 'userId', 'u');
      await store('pts-1', 'safecode', 's');
      await store('pts-1', 'kept', 'k');
      await vault.deleteProfile('pts-1', ['userId', 'safecode', 'neverStored']);
      expect(await vault.has('pts-1', 'userId')).toBe(false);
      expect(await vault.has('pts-1', 'safecode')).toBe(false);
      expect(await vault.get('pts-1', 'kept')).toBe('k');
    });

    it('refuses bad input without touching the keychain', async () => {
      const error = await vault.set('a:b', 'password', 'x').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(PosError);
      expect((error as PosError).code).toBe('invalid_input');
      const empty = await vault.set('a', 'password', '').catch((e: unknown) => e);
      expect((empty as PosError).code).toBe('invalid_input');
    });

    it('keeps a freshly generated RSA-4096 private key: in the keychain as it fits here, sealed under a Windows-sized limit', async () => {
      const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 4096 });
      const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
      expect(Buffer.byteLength(pem)).toBeGreaterThan(WINDOWS_KEYCHAIN_LIMIT);
      const dir = mkdtempSync(join(tmpdir(), 'counter-sealed-'));
      const keytar = await loadKeytar();
      try {
        const asHere = new SealedVault(vault, { dir, service });
        await store('umf-4096', 'privateKey', pem, asHere);
        expect(await keytar.getPassword(service, 'umf-4096:privateKey')).toBe(pem);
        expect(readdirSync(dir)).toEqual([]);

        const asWindows = new SealedVault(vault, { dir, service, keychainLimitBytes: WINDOWS_KEYCHAIN_LIMIT });
        await store('umf-4096', 'privateKey', pem, asWindows);
        const entry = (await keytar.getPassword(service, 'umf-4096:privateKey'))!;
        expect(entry.startsWith(SEALED_ENTRY_PREFIX)).toBe(true);
        expect(Buffer.byteLength(entry)).toBeLessThan(WINDOWS_KEYCHAIN_LIMIT);
        const [blob] = readdirSync(dir);
        const sealed = readFileSync(join(dir, blob!));
        for (const line of pem.split('\n').slice(1, -2)) expect(sealed.includes(line)).toBe(false);
        expect(await asWindows.get('umf-4096', 'privateKey')).toBe(pem);

        await asWindows.delete('umf-4096', 'privateKey');
        expect(await keytar.getPassword(service, 'umf-4096:privateKey')).toBeNull();
        expect(readdirSync(dir)).toEqual([]);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });

    it('answers a second probe too, leaving no probe entries', async () => {
      expect(await vault.available()).toEqual({ ok: true });
    });
  });
});
