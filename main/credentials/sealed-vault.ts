// Secrets too large for the platform's keychain (Windows' Credential Manager holds 2560 bytes; a
// UMF RSA-4096 private key PEM is about 3.3 KB). Such a secret is sealed with AES-256-GCM under a
// random 32-byte data key; the key goes into the keychain entry the secret would have had, the
// sealed blob into the data folder. Never plaintext on disk. A secret that fits is stored in the
// keychain as before, and any blob of that account is removed. See README.md, "Large secrets".
import { createCipheriv, createDecipheriv, randomBytes, randomUUID } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { PosError } from '../../shared/errors';
import { DEFAULT_VAULT_SERVICE, accountName, validateField, validateProfileId, validateSecret, type CredentialVault } from './vault';

/** Bytes (UTF-8) one keychain entry holds, by platform; see README.md for where the numbers come from. */
export const WINDOWS_KEYCHAIN_LIMIT = 2560;
export const OTHER_KEYCHAIN_LIMIT = 16 * 1024;

export function keychainSecretLimit(platform: NodeJS.Platform = process.platform): number {
  return platform === 'win32' ? WINDOWS_KEYCHAIN_LIMIT : OTHER_KEYCHAIN_LIMIT;
}

/** What the keychain entry of a sealed secret holds: this prefix, the blob's id, ':' and the data key (base64). */
export const SEALED_ENTRY_PREFIX = 'counter-sealed-v1:';
const BLOB_MAGIC = Buffer.from('CSS1');
const IV_BYTES = 12;
const TAG_BYTES = 16;
const KEY_BYTES = 32;
const ENTRY_PATTERN = /^counter-sealed-v1:([0-9a-f]{16}):([A-Za-z0-9+/]{43}=)$/;

export interface SealedVaultOptions {
  /** the folder for sealed blobs, inside the data folder */
  dir: string;
  /** bytes a keychain entry may hold; larger secrets are sealed. Default: keychainSecretLimit() */
  keychainLimitBytes?: number;
  /** the keychain service, bound into each blob's associated data */
  service?: string;
}

function unreadable(account: string, why: string): PosError {
  return new PosError('secret_unreadable', `The stored secret ${account} cannot be read: ${why}. Enter it again in the settings.`, { account });
}

export class SealedVault implements CredentialVault {
  readonly #inner: CredentialVault;
  readonly #dir: string;
  readonly #limit: number;
  readonly #service: string;

  constructor(inner: CredentialVault, options: SealedVaultOptions) {
    this.#inner = inner;
    this.#dir = options.dir;
    this.#limit = options.keychainLimitBytes ?? keychainSecretLimit();
    this.#service = options.service ?? DEFAULT_VAULT_SERVICE;
  }

  available() {
    return this.#inner.available();
  }

  async set(profileId: string, field: string, secret: string): Promise<void> {
    const account = accountName(profileId, field);
    validateSecret(secret);
    if (secret.startsWith(SEALED_ENTRY_PREFIX)) {
      throw new PosError('invalid_input', `secret must not start with ${SEALED_ENTRY_PREFIX}`, { parameter: 'secret' });
    }
    if (Buffer.byteLength(secret, 'utf8') <= this.#limit) {
      await this.#inner.set(profileId, field, secret);
      await this.#removeBlobs(account);
      return;
    }
    const id = randomBytes(8).toString('hex');
    const key = randomBytes(KEY_BYTES);
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    cipher.setAAD(this.#associatedData(profileId, field, id));
    const sealed = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
    const file = this.#blobPath(account, id);
    await this.#writeAtomically(file, Buffer.concat([BLOB_MAGIC, iv, cipher.getAuthTag(), sealed]));
    try {
      await this.#inner.set(profileId, field, `${SEALED_ENTRY_PREFIX}${id}:${key.toString('base64')}`);
    } catch (error) {
      await fs.rm(file, { force: true }); // the previous entry and its blob stay as they were
      throw error;
    }
    await this.#removeBlobs(account, id);
  }

  async get(profileId: string, field: string): Promise<string | undefined> {
    const account = accountName(profileId, field);
    const entry = await this.#inner.get(profileId, field);
    if (entry === undefined) {
      if ((await this.#blobsOf(account)).length > 0) throw unreadable(account, 'its key is missing from the keychain');
      return undefined;
    }
    if (!entry.startsWith(SEALED_ENTRY_PREFIX)) return entry;
    const match = ENTRY_PATTERN.exec(entry);
    if (!match) throw unreadable(account, 'its keychain entry is damaged');
    const [, id, keyText] = match as unknown as [string, string, string];
    let blob: Buffer;
    try {
      blob = await fs.readFile(this.#blobPath(account, id));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw unreadable(account, 'its sealed file is missing from the data folder');
      throw error;
    }
    const head = BLOB_MAGIC.length + IV_BYTES + TAG_BYTES;
    if (blob.length < head || !blob.subarray(0, BLOB_MAGIC.length).equals(BLOB_MAGIC)) throw unreadable(account, 'its sealed file is damaged');
    try {
      const decipher = createDecipheriv('aes-256-gcm', Buffer.from(keyText, 'base64'), blob.subarray(BLOB_MAGIC.length, BLOB_MAGIC.length + IV_BYTES));
      decipher.setAAD(this.#associatedData(profileId, field, id));
      decipher.setAuthTag(blob.subarray(BLOB_MAGIC.length + IV_BYTES, head));
      return Buffer.concat([decipher.update(blob.subarray(head)), decipher.final()]).toString('utf8');
    } catch {
      throw unreadable(account, 'its sealed file was changed or belongs to another secret');
    }
  }

  has(profileId: string, field: string): Promise<boolean> {
    return this.#inner.has(profileId, field);
  }

  /** The key first: a blob left behind without its key is ciphertext nobody can open. */
  async delete(profileId: string, field: string): Promise<void> {
    const account = accountName(profileId, field);
    await this.#inner.delete(profileId, field);
    await this.#removeBlobs(account);
  }

  async deleteProfile(profileId: string, fields: readonly string[]): Promise<void> {
    validateProfileId(profileId);
    for (const field of fields) validateField(field);
    await this.#inner.deleteProfile(profileId, fields);
    for (const field of fields) await this.#removeBlobs(accountName(profileId, field));
  }

  #associatedData(profileId: string, field: string, id: string): Buffer {
    return Buffer.from(['counter-sealed-v1', this.#service, profileId, field, id].join('\0'), 'utf8');
  }

  /** hex of the account: file names stay distinct on case-insensitive file systems */
  #prefix(account: string): string {
    return `${Buffer.from(account, 'utf8').toString('hex')}.`;
  }

  #blobPath(account: string, id: string): string {
    return path.join(this.#dir, `${this.#prefix(account)}${id}.sealed`);
  }

  async #blobsOf(account: string): Promise<string[]> {
    let names: string[];
    try {
      names = await fs.readdir(this.#dir);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    const prefix = this.#prefix(account);
    return names.filter((name) => name.startsWith(prefix) && name.endsWith('.sealed'));
  }

  async #removeBlobs(account: string, keepId?: string): Promise<void> {
    const keep = keepId === undefined ? undefined : `${this.#prefix(account)}${keepId}.sealed`;
    for (const name of await this.#blobsOf(account)) {
      if (name !== keep) await fs.rm(path.join(this.#dir, name), { force: true });
    }
  }

  /** A temporary file (0600) written and flushed, then renamed over the target, then the folder flushed. */
  async #writeAtomically(file: string, content: Buffer): Promise<void> {
    await fs.mkdir(this.#dir, { recursive: true, mode: 0o700 });
    const temporary = `${file}.${randomUUID()}.tmp`;
    const handle = await fs.open(temporary, 'wx', 0o600);
    try {
      await handle.writeFile(content);
      await handle.sync();
    } finally {
      await handle.close();
    }
    try {
      await fs.rename(temporary, file);
    } catch (error) {
      await fs.rm(temporary, { force: true });
      throw error;
    }
    try {
      const folder = await fs.open(this.#dir, 'r');
      await folder.sync().finally(() => folder.close());
    } catch {
      // folders cannot be opened for flushing on Windows; the rename itself is atomic there
    }
  }
}

/** The keychain vault with large secrets sealed into `dir`. */
export function sealLargeSecrets(inner: CredentialVault, options: SealedVaultOptions): SealedVault {
  return new SealedVault(inner, options);
}
