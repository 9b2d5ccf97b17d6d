// KeytarVault's honest failure paths, which a machine with a working keychain cannot show: the
// native module missing, a keychain that never answers (locked, prompting), a backend error that
// quotes the secret. The real keychain is exercised in test/integration/keychain.test.ts.
import { describe, expect, it } from 'vitest';
import { KeytarVault, type KeytarApi } from '../../main/credentials/keytar-vault';
import { rejection } from './rejection';

/** A keytar stand-in over a Map, keyed "service|account"; individual calls can be overridden. */
function fakeKeytar(overrides: Partial<KeytarApi> = {}): KeytarApi & { entries: Map<string, string> } {
  const entries = new Map<string, string>();
  return {
    entries,
    getPassword: async (service, account) => entries.get(`${service}|${account}`) ?? null,
    setPassword: async (service, account, password) => {
      entries.set(`${service}|${account}`, password);
    },
    deletePassword: async (service, account) => entries.delete(`${service}|${account}`),
    ...overrides,
  };
}

describe('KeytarVault when keytar cannot be loaded', () => {
  it('reports unavailable, throws keychain_unavailable everywhere, and tries loading only once', async () => {
    let loads = 0;
    const vault = new KeytarVault({
      load: async () => {
        loads += 1;
        throw new Error('Cannot find module keytar.node (NODE_MODULE_VERSION mismatch)');
      },
    });
    const availability = await vault.available();
    expect(availability.ok).toBe(false);
    expect(availability.ok ? '' : availability.reason).toMatch(/keytar native module could not be loaded: .*NODE_MODULE_VERSION/);

    for (const call of [
      () => vault.set('p', 'password', 'not-in-any-error'),
      () => vault.get('p', 'password'),
      () => vault.has('p', 'password'),
      () => vault.delete('p', 'password'),
      () => vault.deleteProfile('p', ['password', 'user']),
    ]) {
      const error = await rejection(call());
      expect(error.code).toBe('keychain_unavailable');
      expect(JSON.stringify({ message: error.message, stack: error.stack, details: error.details })).not.toContain(
        'not-in-any-error',
      );
    }
    expect(loads).toBe(1);
  });

  it('reports bad input as invalid_input before touching the keychain', async () => {
    let loads = 0;
    const vault = new KeytarVault({
      load: async () => {
        loads += 1;
        throw new Error('missing');
      },
    });
    expect((await rejection(vault.set('p:q', 'password', 'x'))).code).toBe('invalid_input');
    expect((await rejection(vault.set('p', 'password', ''))).code).toBe('invalid_input');
    expect((await rejection(vault.deleteProfile('p', ['ok', 'not ok']))).code).toBe('invalid_input');
    expect(loads).toBe(0);
  });
});

describe('KeytarVault over a stand-in keytar', () => {
  it('files secrets under the service name and one "profile:field" account each', async () => {
    const keytar = fakeKeytar();
    const vault = new KeytarVault({ service: 'Counter-unit', load: async () => keytar });
    await vault.set('umf-1', 'clientSecret', 'cs');
    await vault.set('umf-1', 'privateKey', 'pk');
    expect([...keytar.entries.keys()].sort()).toEqual(['Counter-unit|umf-1:clientSecret', 'Counter-unit|umf-1:privateKey']);
    await vault.deleteProfile('umf-1', ['clientSecret', 'privateKey']);
    expect(keytar.entries.size).toBe(0);
    expect(new KeytarVault().service).toBe('Counter');
  });

  it('probes with a round trip that leaves nothing behind', async () => {
    const keytar = fakeKeytar();
    const vault = new KeytarVault({ service: 'Counter-unit', load: async () => keytar });
    expect(await vault.available()).toEqual({ ok: true });
    expect(keytar.entries.size).toBe(0);
  });

  it('reports unavailable when the keychain does not answer in time (a locked keyring prompting)', async () => {
    const vault = new KeytarVault({
      probeTimeoutMs: 50,
      load: async () => fakeKeytar({ setPassword: () => new Promise<void>(() => {}) }),
    });
    const availability = await vault.available();
    expect(availability).toEqual({ ok: false, reason: expect.stringMatching(/did not answer within 50 ms/) });
  });

  it('reports unavailable when the keychain reads back something else', async () => {
    const vault = new KeytarVault({ load: async () => fakeKeytar({ getPassword: async () => 'other' }) });
    expect(await vault.available()).toEqual({ ok: false, reason: expect.stringMatching(/different value/) });
  });

  it('reports unavailable, and cleans up, when the keychain refuses', async () => {
    const keytar = fakeKeytar();
    keytar.getPassword = async () => {
      throw new Error('Cannot create an item in a locked collection');
    };
    const vault = new KeytarVault({ load: async () => keytar });
    expect(await vault.available()).toEqual({ ok: false, reason: expect.stringMatching(/locked collection/) });
    expect(keytar.entries.size).toBe(0);
  });

  it('wraps backend errors as keychain_unavailable and cuts the secret out of them', async () => {
    const vault = new KeytarVault({
      load: async () =>
        fakeKeytar({
          setPassword: async (_service, _account, password) => {
            throw new Error(`backend could not store "${password}" (secret=${password})`);
          },
          getPassword: async () => {
            throw new Error('org.freedesktop.DBus.Error.ServiceUnknown');
          },
          deletePassword: async () => {
            throw new Error('org.freedesktop.DBus.Error.ServiceUnknown');
          },
        }),
    });
    const stored = await rejection(vault.set('p', 'password', 'hunter2-very-secret'));
    expect(stored.code).toBe('keychain_unavailable');
    expect(JSON.stringify({ message: stored.message, details: stored.details, stack: stored.stack })).not.toContain(
      'hunter2-very-secret',
    );
    expect(stored.message).toContain('[redacted]');
    expect(stored.message).toContain('p:password');

    expect((await rejection(vault.get('p', 'password'))).code).toBe('keychain_unavailable');
    expect((await rejection(vault.has('p', 'password'))).code).toBe('keychain_unavailable');
    expect((await rejection(vault.delete('p', 'password'))).code).toBe('keychain_unavailable');
  });

  it('deleteProfile tries every field even when one fails, then reports the failure', async () => {
    const keytar = fakeKeytar();
    const vault = new KeytarVault({ load: async () => keytar });
    await vault.set('p', 'a', '1');
    await vault.set('p', 'b', '2');
    await vault.set('p', 'c', '3');
    const realDelete = keytar.deletePassword;
    keytar.deletePassword = async (service, account) => {
      if (account === 'p:b') throw new Error('transient');
      return realDelete(service, account);
    };
    const error = await rejection(vault.deleteProfile('p', ['a', 'b', 'c']));
    expect(error.code).toBe('keychain_unavailable');
    expect(error.message).toContain('p:b');
    expect(await vault.has('p', 'a')).toBe(false);
    expect(await vault.has('p', 'b')).toBe(true);
    expect(await vault.has('p', 'c')).toBe(false);
  });
});
