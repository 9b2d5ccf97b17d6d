// The credential vault port: where gateway secrets (API passwords, tokens, private keys) are kept.
// Core and the IPC layer depend on this interface only; keytar-vault.ts stores in the OS keychain,
// memory-vault.ts keeps secrets in memory for tests. Secrets never leave the main process: the
// renderer may ask `has`, never `get` (see README.md).
import { PosError } from '../../shared/errors';

export type VaultAvailability = { ok: true } | { ok: false; reason: string };

export interface CredentialVault {
  /** Whether secrets can be stored and read right now; `reason` says why not, in English, for logs and support. */
  available(): Promise<VaultAvailability>;
  /** Stores (or replaces) one secret. Refuses an empty secret. */
  set(profileId: string, field: string, secret: string): Promise<void>;
  /** The stored secret, or undefined when none is stored. Main process only: never send it to the renderer. */
  get(profileId: string, field: string): Promise<string | undefined>;
  /** Whether a secret is stored, without revealing it. */
  has(profileId: string, field: string): Promise<boolean>;
  /** Removes one secret; removing an absent one is not an error. */
  delete(profileId: string, field: string): Promise<void>;
  /** Removes every listed field of a profile (e.g. when the profile itself is deleted). */
  deleteProfile(profileId: string, fields: readonly string[]): Promise<void>;
}

/** The keychain service name every Counter secret is filed under. */
export const DEFAULT_VAULT_SERVICE = 'Counter';

export const MAX_PROFILE_ID_LENGTH = 64;
export const MAX_FIELD_LENGTH = 64;
export const MAX_SERVICE_LENGTH = 128;
/** Generous: an RSA-4096 private key in PEM is about 3.3 KB. Windows' Credential Manager holds 2560 bytes. */
export const MAX_SECRET_LENGTH = 16 * 1024;

const NAME_PATTERN = /^[A-Za-z0-9_-]+$/;

function checkName(value: unknown, parameter: string, max: number): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > max || !NAME_PATTERN.test(value)) {
    throw new PosError('invalid_input', `${parameter} must be 1 to ${max} letters, digits, '-' or '_'`, { parameter });
  }
  return value;
}

export function validateProfileId(profileId: unknown): string {
  return checkName(profileId, 'profileId', MAX_PROFILE_ID_LENGTH);
}

export function validateField(field: unknown): string {
  return checkName(field, 'field', MAX_FIELD_LENGTH);
}

/** Checks a secret's shape. Error messages describe the problem, never the value. */
export function validateSecret(secret: unknown): string {
  if (typeof secret !== 'string') {
    throw new PosError('invalid_input', 'secret must be a string', { parameter: 'secret' });
  }
  if (secret.length === 0) {
    throw new PosError('invalid_input', 'secret must not be empty', { parameter: 'secret' });
  }
  if (secret.length > MAX_SECRET_LENGTH) {
    throw new PosError('invalid_input', `secret must be at most ${MAX_SECRET_LENGTH} characters`, { parameter: 'secret' });
  }
  // The native keychain APIs take C strings: a NUL would silently cut the stored secret short.
  if (secret.includes('\0')) {
    throw new PosError('invalid_input', 'secret must not contain a NUL character', { parameter: 'secret' });
  }
  return secret;
}

/** The service name itself: printable, no control characters, bounded. */
export function validateService(service: unknown): string {
  if (
    typeof service !== 'string' ||
    service.trim().length === 0 ||
    service.length > MAX_SERVICE_LENGTH ||
    // eslint-disable-next-line no-control-regex
    /[\u0000-\u001f\u007f]/.test(service)
  ) {
    throw new PosError('invalid_input', `vault service name must be 1 to ${MAX_SERVICE_LENGTH} printable characters`, {
      parameter: 'service',
    });
  }
  return service;
}

/**
 * The keychain account for one profile's field: `${profileId}:${field}`. Neither part may contain ':',
 * so one profile can never name another profile's account.
 */
export function accountName(profileId: string, field: string): string {
  return `${validateProfileId(profileId)}:${validateField(field)}`;
}

/** The error every vault method throws when the secure store cannot be used. There is no fallback. */
export function keychainUnavailable(reason: string): PosError {
  return new PosError('keychain_unavailable', `The secure credential store is not available: ${reason}`, { reason });
}
