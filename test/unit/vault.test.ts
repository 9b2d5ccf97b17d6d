// The vault port's rules, on the in-memory vaults: what is stored, what is refused, and that an
// unavailable vault refuses to store anything (there is no plaintext fallback).
import { describe, expect, it } from 'vitest';
import { createMemoryVault, createUnavailableVault } from '../../main/credentials/memory-vault';
import {
  MAX_FIELD_LENGTH,
  MAX_PROFILE_ID_LENGTH,
  MAX_SECRET_LENGTH,
  accountName,
  validateService,
  type CredentialVault,
} from '../../main/credentials/vault';
import { PosError } from '../../shared/errors';
import { rejection } from './rejection';

const badNames: unknown[] = [
  '',
  'a:b', // would let one profile name another's account
  'a b',
  'a/b',
  'a.b',
  'é',
  'a\nb',
  'x'.repeat(65),
  undefined,
  null,
  42,
];

describe('memory vault', () => {
  it('is available', async () => {
    expect(await createMemoryVault().available()).toEqual({ ok: true });
  });

  it('stores, reads, reports and deletes a secret', async () => {
    const vault = createMemoryVault();
    expect(await vault.has('umf-main', 'clientSecret')).toBe(false);
    expect(await vault.get('umf-main', 'clientSecret')).toBeUndefined();

    await vault.set('umf-main', 'clientSecret', 's3cr3t');
    expect(await vault.has('umf-main', 'clientSecret')).toBe(true);
    expect(await vault.get('umf-main', 'clientSecret')).toBe('s3cr3t');

    await vault.set('umf-main', 'clientSecret', 'rotated');
    expect(await vault.get('umf-main', 'clientSecret')).toBe('rotated');

    await vault.delete('umf-main', 'clientSecret');
    expect(await vault.has('umf-main', 'clientSecret')).toBe(false);
    await vault.delete('umf-main', 'clientSecret'); // absent: no error
  });

  it('keeps profiles and fields apart', async () => {
    const vault = createMemoryVault();
    await vault.set('a', 'password', 'pa');
    await vault.set('b', 'password', 'pb');
    await vault.set('a', 'safecode', 'sa');
    expect(await vault.get('a', 'password')).toBe('pa');
    expect(await vault.get('b', 'password')).toBe('pb');
    expect(await vault.get('a', 'safecode')).toBe('sa');
    expect(await vault.has('b', 'safecode')).toBe(false);
  });

  it('keeps unicode and long secrets exactly', async () => {
    const vault = createMemoryVault();
    const pem = `-----BEGIN PRIVATE KEY-----\n${'A'.repeat(3200)}\n-----END PRIVATE KEY-----\n`;
    await vault.set('p', 'privateKey', pem);
    await vault.set('p', 'password', ' 密码 ü 🔑 ');
    expect(await vault.get('p', 'privateKey')).toBe(pem);
    expect(await vault.get('p', 'password')).toBe(' 密码 ü 🔑 ');
  });

  it('deleteProfile removes every given field and nothing else', async () => {
    const vault = createMemoryVault();
    await vault.set('seed3', 'user', 'u');
    await vault.set('seed3', 'password', 'p');
    await vault.set('seed3', 'other', 'o');
    await vault.set('seed3x', 'password', 'kept');
    await vault.deleteProfile('seed3', ['user', 'password', 'neverStored']);
    expect(await vault.has('seed3', 'user')).toBe(false);
    expect(await vault.has('seed3', 'password')).toBe(false);
    expect(await vault.has('seed3', 'other')).toBe(true);
    expect(await vault.get('seed3x', 'password')).toBe('kept');
    expect(vault.size).toBe(2);
  });

  it('deleteProfile validates every field before deleting any', async () => {
    const vault = createMemoryVault();
    await vault.set('p', 'user', 'u');
    const error = await rejection(vault.deleteProfile('p', ['user', 'bad:field']));
    expect(error.code).toBe('invalid_input');
    expect(await vault.has('p', 'user')).toBe(true);
    expect((await rejection(vault.deleteProfile('bad id', []))).code).toBe('invalid_input');
  });

  it.each(badNames)('refuses profile id %j', async (profileId) => {
    const vault = createMemoryVault();
    const id = profileId as string;
    for (const call of [
      () => vault.set(id, 'password', 'x'),
      () => vault.get(id, 'password'),
      () => vault.has(id, 'password'),
      () => vault.delete(id, 'password'),
      () => vault.deleteProfile(id, ['password']),
    ]) {
      const error = await rejection(call());
      expect(error.code).toBe('invalid_input');
      expect(error.details).toEqual({ parameter: 'profileId' });
    }
    expect(vault.size).toBe(0);
  });

  it.each(badNames)('refuses field %j', async (field) => {
    const vault = createMemoryVault();
    const name = field as string;
    for (const call of [
      () => vault.set('p', name, 'x'),
      () => vault.get('p', name),
      () => vault.has('p', name),
      () => vault.delete('p', name),
      () => vault.deleteProfile('p', [name]),
    ]) {
      const error = await rejection(call());
      expect(error.code).toBe('invalid_input');
      expect(error.details).toEqual({ parameter: 'field' });
    }
    expect(vault.size).toBe(0);
  });

  it('accepts ids and fields at the length bound', async () => {
    const vault = createMemoryVault();
    const id = 'P'.repeat(MAX_PROFILE_ID_LENGTH);
    const field = 'f'.repeat(MAX_FIELD_LENGTH);
    await vault.set(id, field, 'x');
    expect(await vault.get(id, field)).toBe('x');
    expect(accountName('umf_1-A', 'client_secret')).toBe('umf_1-A:client_secret');
  });

  it('refuses an empty, oversized, NUL-carrying or non-string secret without echoing it', async () => {
    const vault = createMemoryVault();
    const secrets: unknown[] = ['', 'x'.repeat(MAX_SECRET_LENGTH + 1), 'abc\0hidden-tail', undefined, 12345];
    for (const secret of secrets) {
      const error = await rejection(vault.set('p', 'password', secret as string));
      expect(error.code).toBe('invalid_input');
      expect(error.details).toEqual({ parameter: 'secret' });
      expect(error.message).not.toContain('hidden-tail');
    }
    expect(vault.size).toBe(0);
    await vault.set('p', 'password', 'x'.repeat(MAX_SECRET_LENGTH));
    expect(await vault.has('p', 'password')).toBe(true);
  });

  it('validates the service name', () => {
    expect(validateService('Counter')).toBe('Counter');
    for (const bad of ['', '   ', 'a\nb', 'x'.repeat(129)]) {
      expect(() => validateService(bad)).toThrow(PosError);
    }
  });
});

describe('unavailable vault', () => {
  const vault: CredentialVault = createUnavailableVault('no Secret Service on this test machine');

  it('says so, with the reason', async () => {
    expect(await vault.available()).toEqual({ ok: false, reason: 'no Secret Service on this test machine' });
    expect(await createUnavailableVault().available()).toMatchObject({ ok: false, reason: expect.any(String) });
  });

  it('refuses to store, read or delete, with keychain_unavailable and no secret in the error', async () => {
    const calls = [
      () => vault.set('p', 'password', 'do-not-echo-me'),
      () => vault.get('p', 'password'),
      () => vault.has('p', 'password'),
      () => vault.delete('p', 'password'),
      () => vault.deleteProfile('p', ['password']),
    ];
    for (const call of calls) {
      const error = await rejection(call());
      expect(error.code).toBe('keychain_unavailable');
      expect(error.message).toContain('no Secret Service on this test machine');
      expect(JSON.stringify(error.toData())).not.toContain('do-not-echo-me');
    }
  });

  it('still reports bad input as invalid_input', async () => {
    expect((await rejection(vault.set('bad id', 'password', 'x'))).code).toBe('invalid_input');
    expect((await rejection(vault.set('p', 'password', ''))).code).toBe('invalid_input');
  });
});
