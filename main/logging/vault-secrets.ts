// A CredentialVault that tells the known-secrets registry about every secret it hands out or is
// given (gateway passwords, safecodes, API tokens, private key PEMs, client secrets), so no logger
// writes one, whatever text it turns up in. A secret replaced or deleted is retired (forgotten after
// the registry's grace period).
import type { CredentialVault } from '../credentials/vault';
import { processSecrets, type SecretRegistrar } from './known-secrets';

export function rememberVaultSecrets(vault: CredentialVault, secrets: SecretRegistrar = processSecrets): CredentialVault {
  /** profileId + field -> the value last seen, to retire it when it changes */
  const seen = new Map<string, string>();
  const note = (profileId: string, field: string, value: string | undefined): void => {
    const key = JSON.stringify([profileId, field]);
    const previous = seen.get(key);
    if (value !== undefined) {
      secrets.remember(value);
      seen.set(key, value);
    } else seen.delete(key);
    // two profiles may share a credential: it stays known while any of them still holds it
    if (previous !== undefined && previous !== value && ![...seen.values()].includes(previous)) secrets.retire(previous);
  };
  return {
    available: () => vault.available(),
    async set(profileId, field, secret) {
      // known before it goes anywhere: a failing keychain must not echo it into a log
      if (typeof secret === 'string') secrets.remember(secret);
      await vault.set(profileId, field, secret);
      note(profileId, field, secret);
    },
    async get(profileId, field) {
      const secret = await vault.get(profileId, field);
      if (secret !== undefined) note(profileId, field, secret);
      return secret;
    },
    has: (profileId, field) => vault.has(profileId, field),
    async delete(profileId, field) {
      await vault.delete(profileId, field);
      note(profileId, field, undefined);
    },
    async deleteProfile(profileId, fields) {
      await vault.deleteProfile(profileId, fields);
      for (const field of fields) note(profileId, field, undefined);
    },
  };
}
