// SealedVault over an in-memory keychain with a simulated small size limit: what is sealed, what
// is left on disk, and that a changed, swapped or orphaned blob is a typed error, never wrong text.
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MemoryVault } from '../../main/credentials/memory-vault';
import { keychainSecretLimit, SEALED_ENTRY_PREFIX, SealedVault } from '../../main/credentials/sealed-vault';
import { KnownSecrets } from '../../main/logging/known-secrets';
import { rememberVaultSecrets } from '../../main/logging/vault-secrets';

const LIMIT = 64;
const large = `-----BEGIN PRIVATE KEY-----\n${'MIIJQgIBADANBgkqhkiG9w0BAQEFAASC'.repeat(4)}\n-----END PRIVATE KEY-----\n`;
let dir: string;
let keychain: MemoryVault;
let vault: SealedVault;

beforeEach(() => {
  dir = join(mkdtempSync(join(tmpdir(), 'counter-sealed-')), 'sealed-secrets');
  keychain = new MemoryVault();
  vault = new SealedVault(keychain, { dir, keychainLimitBytes: LIMIT });
});
afterEach(() => rmSync(join(dir, '..'), { recursive: true, force: true }));

const blobs = () => {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
};

describe('SealedVault', () => {
  it('keeps a secret that fits in the keychain itself, and seals one that does not', async () => {
    await vault.set('umf-main', 'clientSecret', 'short-secret');
    expect(await keychain.get('umf-main', 'clientSecret')).toBe('short-secret');
    expect(blobs()).toEqual([]);

    await vault.set('umf-main', 'privateKey', large);
    const entry = (await keychain.get('umf-main', 'privateKey'))!;
    expect(entry.startsWith(SEALED_ENTRY_PREFIX)).toBe(true);
    expect(Buffer.byteLength(entry)).toBeLessThanOrEqual(LIMIT * 2);
    expect(blobs()).toHaveLength(1);
    const file = join(dir, blobs()[0]!);
    expect(readFileSync(file).includes('MIIJQgIBADANBgkqhkiG9w0BAQEFAASC')).toBe(false);
    if (process.platform !== 'win32') {
      expect(statSync(file).mode & 0o777).toBe(0o600);
      expect(statSync(dir).mode & 0o777).toBe(0o700);
    }
    expect(await vault.get('umf-main', 'privateKey')).toBe(large);
    expect(await vault.has('umf-main', 'privateKey')).toBe(true);
  });

  it('a replaced secret leaves one blob, a small replacement none, and delete removes key and blob', async () => {
    await vault.set('umf-main', 'privateKey', large);
    await vault.set('umf-main', 'privateKey', `${large}x`);
    expect(blobs()).toHaveLength(1);
    expect(await vault.get('umf-main', 'privateKey')).toBe(`${large}x`);
    await vault.set('umf-main', 'privateKey', 'now-a-small-one');
    expect(blobs()).toEqual([]);
    expect(await vault.get('umf-main', 'privateKey')).toBe('now-a-small-one');

    await vault.set('umf-main', 'privateKey', large);
    await vault.delete('umf-main', 'privateKey');
    expect(blobs()).toEqual([]);
    expect(await keychain.has('umf-main', 'privateKey')).toBe(false);
    expect(await vault.get('umf-main', 'privateKey')).toBeUndefined();

    await vault.set('umf-2', 'privateKey', large);
    await vault.deleteProfile('umf-2', ['privateKey', 'clientSecret']);
    expect(blobs()).toEqual([]);
  });

  it('a changed blob, a missing blob, a missing key or a swapped blob is secret_unreadable', async () => {
    await vault.set('a', 'privateKey', large);
    const [name] = blobs();
    const file = join(dir, name!);
    const original = readFileSync(file);
    const changed = Buffer.from(original);
    changed[changed.length - 1] = changed[changed.length - 1]! ^ 1;
    writeFileSync(file, changed);
    await expect(vault.get('a', 'privateKey')).rejects.toMatchObject({ code: 'secret_unreadable', message: expect.stringMatching(/a:privateKey cannot be read: its sealed file was changed/) });

    rmSync(file);
    await expect(vault.get('a', 'privateKey')).rejects.toMatchObject({ code: 'secret_unreadable', message: expect.stringContaining('missing from the data folder') });

    writeFileSync(file, original);
    expect(await vault.get('a', 'privateKey')).toBe(large);
    await keychain.delete('a', 'privateKey');
    await expect(vault.get('a', 'privateKey')).rejects.toMatchObject({ code: 'secret_unreadable', message: expect.stringContaining('key is missing from the keychain') });

    // b's blob replaced by a's (same key copied too): the associated data names another profile
    await vault.set('a', 'privateKey', large);
    await vault.set('b', 'privateKey', `${large}b`);
    const aEntry = (await keychain.get('a', 'privateKey'))!;
    const aBlob = blobs().find((n) => n.startsWith(Buffer.from('a:privateKey').toString('hex')))!;
    const bBlob = blobs().find((n) => n.startsWith(Buffer.from('b:privateKey').toString('hex')))!;
    const [, aId] = /:([0-9a-f]{16}):/.exec(aEntry)!;
    await keychain.set('b', 'privateKey', aEntry);
    rmSync(join(dir, bBlob));
    writeFileSync(join(dir, bBlob.replace(/\.[0-9a-f]{16}\.sealed$/, `.${aId}.sealed`)), readFileSync(join(dir, aBlob)));
    await expect(vault.get('b', 'privateKey')).rejects.toMatchObject({ code: 'secret_unreadable' });
  });

  it('the log redaction learns the unsealed value, not the keychain entry', async () => {
    const known = new KnownSecrets();
    const logged = rememberVaultSecrets(new SealedVault(keychain, { dir, keychainLimitBytes: LIMIT }), known);
    await vault.set('umf-main', 'privateKey', large);
    expect(await logged.get('umf-main', 'privateKey')).toBe(large);
    expect(known.scrub(`signing with ${large.split('\n')[1]} failed`)).toBe('signing with [redacted] failed');
  });

  it('refuses a secret that looks like a sealed entry, and takes the limit from the platform', async () => {
    await expect(vault.set('a', 'password', `${SEALED_ENTRY_PREFIX}x`)).rejects.toMatchObject({ code: 'invalid_input' });
    expect(keychainSecretLimit('win32')).toBe(2560);
    expect(keychainSecretLimit('linux')).toBe(16384);
    expect(keychainSecretLimit('darwin')).toBe(16384);
  });
});
