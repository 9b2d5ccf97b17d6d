// In-memory vaults for tests: one that works (same validation as the keychain one) and one that is
// never available, for exercising the "no secure store on this computer" path.
import {
  accountName,
  keychainUnavailable,
  validateField,
  validateProfileId,
  validateSecret,
  type CredentialVault,
  type VaultAvailability,
} from './vault';

export class MemoryVault implements CredentialVault {
  readonly #secrets = new Map<string, string>();

  async available(): Promise<VaultAvailability> {
    return { ok: true };
  }

  async set(profileId: string, field: string, secret: string): Promise<void> {
    const account = accountName(profileId, field);
    this.#secrets.set(account, validateSecret(secret));
  }

  async get(profileId: string, field: string): Promise<string | undefined> {
    return this.#secrets.get(accountName(profileId, field));
  }

  async has(profileId: string, field: string): Promise<boolean> {
    return this.#secrets.has(accountName(profileId, field));
  }

  async delete(profileId: string, field: string): Promise<void> {
    this.#secrets.delete(accountName(profileId, field));
  }

  async deleteProfile(profileId: string, fields: readonly string[]): Promise<void> {
    validateProfileId(profileId);
    const accounts = fields.map((field) => accountName(profileId, field));
    for (const account of accounts) this.#secrets.delete(account);
  }

  /** Test helper: how many secrets are held (never which ones). */
  get size(): number {
    return this.#secrets.size;
  }
}

/** A vault that is never available: every call but `available()` throws PosError 'keychain_unavailable'. */
export class UnavailableVault implements CredentialVault {
  constructor(readonly reason = 'no secure credential store on this computer') {}

  async available(): Promise<VaultAvailability> {
    return { ok: false, reason: this.reason };
  }

  async set(profileId: string, field: string, secret: string): Promise<void> {
    accountName(profileId, field);
    validateSecret(secret);
    throw keychainUnavailable(this.reason);
  }

  async get(profileId: string, field: string): Promise<string | undefined> {
    accountName(profileId, field);
    throw keychainUnavailable(this.reason);
  }

  async has(profileId: string, field: string): Promise<boolean> {
    accountName(profileId, field);
    throw keychainUnavailable(this.reason);
  }

  async delete(profileId: string, field: string): Promise<void> {
    accountName(profileId, field);
    throw keychainUnavailable(this.reason);
  }

  async deleteProfile(profileId: string, fields: readonly string[]): Promise<void> {
    validateProfileId(profileId);
    fields.forEach(validateField);
    throw keychainUnavailable(this.reason);
  }
}

export function createMemoryVault(): MemoryVault {
  return new MemoryVault();
}

export function createUnavailableVault(reason?: string): UnavailableVault {
  return new UnavailableVault(reason);
}
