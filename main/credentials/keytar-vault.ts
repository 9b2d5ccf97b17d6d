// The credential vault over the OS keychain through keytar: macOS Keychain, Windows Credential
// Manager, or the Secret Service (gnome-keyring, KWallet) on Linux.
//
// keytar is a native module (an N-API build: the same file loads in Node and in Electron), loaded
// lazily so that a machine where it is missing or cannot be loaded, or where no Secret Service
// answers, gets `available() = { ok: false, reason }` instead of a crash at start-up. When the keychain cannot be used every other method throws PosError
// 'keychain_unavailable'. There is no plaintext fallback, ever: no file, no settings entry, no env.
import { randomUUID } from 'node:crypto';
import {
  DEFAULT_VAULT_SERVICE,
  accountName,
  keychainUnavailable,
  validateField,
  validateProfileId,
  validateSecret,
  validateService,
  type CredentialVault,
  type VaultAvailability,
} from './vault';

/** The part of keytar this vault uses. */
export interface KeytarApi {
  getPassword(service: string, account: string): Promise<string | null>;
  setPassword(service: string, account: string, password: string): Promise<void>;
  deletePassword(service: string, account: string): Promise<boolean>;
}

export type KeytarLoader = () => Promise<KeytarApi>;

export interface KeytarVaultOptions {
  /** Keychain service name; 'Counter' by default. Tests use a unique one per run. */
  service?: string;
  /** How long `available()` waits for the probe round trip (a locked keyring may be prompting). */
  probeTimeoutMs?: number;
  /** How keytar is loaded; tests pass a failing loader to stand in for a missing native module. */
  load?: KeytarLoader;
}

export const DEFAULT_PROBE_TIMEOUT_MS = 20_000;

/** Loads keytar (CommonJS) with a dynamic import. Rejects when the native module cannot be loaded. */
export const loadKeytar: KeytarLoader = async () => {
  const mod = (await import('keytar')) as unknown as Partial<KeytarApi> & { default?: Partial<KeytarApi> };
  const api = mod.default ?? mod;
  if (
    typeof api.getPassword !== 'function' ||
    typeof api.setPassword !== 'function' ||
    typeof api.deletePassword !== 'function'
  ) {
    throw new Error('keytar does not export getPassword, setPassword and deletePassword');
  }
  return api as KeytarApi;
};

const MAX_REASON_LENGTH = 300;

/** An error's message for a reason string, with the secret (if one was involved) cut out. */
function describe(error: unknown, secret?: string): string {
  let message = error instanceof Error ? error.message : String(error);
  if (secret !== undefined && secret.length > 0) message = message.split(secret).join('[redacted]');
  message = message.replace(/\s+/g, ' ').trim() || 'unknown error';
  return message.length > MAX_REASON_LENGTH ? `${message.slice(0, MAX_REASON_LENGTH)}…` : message;
}

function withTimeout<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${what} did not answer within ${ms} ms (is the keyring locked?)`)), ms);
    timer.unref?.();
    work.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}

export class KeytarVault implements CredentialVault {
  readonly service: string;
  readonly #probeTimeoutMs: number;
  readonly #load: KeytarLoader;
  #loading: Promise<KeytarApi> | undefined;

  constructor(options: KeytarVaultOptions = {}) {
    this.service = validateService(options.service ?? DEFAULT_VAULT_SERVICE);
    this.#probeTimeoutMs = options.probeTimeoutMs ?? DEFAULT_PROBE_TIMEOUT_MS;
    this.#load = options.load ?? loadKeytar;
  }

  /** Probes with a set/get/delete round trip of a throwaway account. Never throws. */
  async available(): Promise<VaultAvailability> {
    let api: KeytarApi;
    try {
      api = await this.#keytar();
    } catch (error) {
      return { ok: false, reason: describe(error) };
    }
    try {
      await withTimeout(this.#roundTrip(api), this.#probeTimeoutMs, 'the keychain');
      return { ok: true };
    } catch (error) {
      return { ok: false, reason: `keychain probe failed: ${describe(error)}` };
    }
  }

  async set(profileId: string, field: string, secret: string): Promise<void> {
    const account = accountName(profileId, field);
    validateSecret(secret);
    const api = await this.#keytarOrThrow();
    try {
      await api.setPassword(this.service, account, secret);
    } catch (error) {
      throw keychainUnavailable(`storing ${account} failed: ${describe(error, secret)}`);
    }
  }

  async get(profileId: string, field: string): Promise<string | undefined> {
    const account = accountName(profileId, field);
    const api = await this.#keytarOrThrow();
    let secret: string | null;
    try {
      secret = await api.getPassword(this.service, account);
    } catch (error) {
      throw keychainUnavailable(`reading ${account} failed: ${describe(error)}`);
    }
    return secret === null || secret === '' ? undefined : secret;
  }

  async has(profileId: string, field: string): Promise<boolean> {
    return (await this.get(profileId, field)) !== undefined;
  }

  async delete(profileId: string, field: string): Promise<void> {
    const account = accountName(profileId, field);
    const api = await this.#keytarOrThrow();
    await this.#remove(api, account);
  }

  /** Tries every field even when one fails, then throws the first failure. */
  async deleteProfile(profileId: string, fields: readonly string[]): Promise<void> {
    validateProfileId(profileId);
    const accounts = fields.map((field) => `${profileId}:${validateField(field)}`);
    const api = await this.#keytarOrThrow();
    let firstFailure: unknown;
    for (const account of accounts) {
      try {
        await this.#remove(api, account);
      } catch (error) {
        firstFailure ??= error;
      }
    }
    if (firstFailure !== undefined) throw firstFailure;
  }

  async #remove(api: KeytarApi, account: string): Promise<void> {
    try {
      await api.deletePassword(this.service, account); // false = there was nothing to delete: fine
    } catch (error) {
      throw keychainUnavailable(`deleting ${account} failed: ${describe(error)}`);
    }
  }

  #keytar(): Promise<KeytarApi> {
    // A module that failed to load will not load later in this process: the failure is kept.
    this.#loading ??= this.#load().catch((error: unknown) => {
      throw new Error(`the keytar native module could not be loaded: ${describe(error)}`);
    });
    return this.#loading;
  }

  async #keytarOrThrow(): Promise<KeytarApi> {
    try {
      return await this.#keytar();
    } catch (error) {
      throw keychainUnavailable(describe(error));
    }
  }

  /** Stores, reads back and removes a random value under an account no profile can name ('/' is not allowed in ids). */
  async #roundTrip(api: KeytarApi): Promise<void> {
    const account = `probe/${randomUUID()}`;
    const value = randomUUID();
    let stored = false;
    try {
      await api.setPassword(this.service, account, value);
      stored = true;
      const readBack = await api.getPassword(this.service, account);
      if (readBack !== value) throw new Error('the keychain returned a different value than was stored');
      stored = !(await api.deletePassword(this.service, account));
      if (stored) throw new Error('the keychain did not delete the test entry');
    } finally {
      if (stored) await api.deletePassword(this.service, account).catch(() => false);
    }
  }
}

export function createKeytarVault(options?: KeytarVaultOptions): KeytarVault {
  return new KeytarVault(options);
}
