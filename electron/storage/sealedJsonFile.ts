/**
 * A JSON file whose secret part is sealed with AES-256-GCM under a key-encryption key that does NOT sit
 * beside it (issue 9, finding 2): the OS keychain's entry for the file's folder, or a key derived from
 * FLUSS_PASSPHRASE (keyProtection.ts). Without either, nothing is written and the content lives in this
 * process's memory. Files are 0600 and written atomically; a file that cannot be opened is set aside,
 * never overwritten. A file of the old format (`fluss-sealed-v1`, key in a sibling `.key` file) is
 * re-sealed under the new key on first open and its `.key` file overwritten and removed.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { z } from 'zod';
import { FlussError } from '../protocol/errors';
import { accountForFolder, KEYCHAIN_SERVICE } from './keychain';
import { defaultKeyProtection, SCRYPT_PARAMS, type KeyProtection } from './keyProtection';
import { removeKeyFile, setAside, writePrivateFile } from './privateFile';

const base64 = z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/);
const legacyEnvelopeSchema = z.strictObject({ format: z.literal('fluss-sealed-v1'), plain: z.unknown(), sealed: base64 });
const kekSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('keychain'), service: z.literal(KEYCHAIN_SERVICE), account: z.string().regex(/^folder-[0-9a-f]{32}$/) }),
  z.strictObject({
    kind: z.literal('passphrase'),
    kdf: z.literal('scrypt'),
    salt: base64,
    N: z.number().int().min(2 ** 14).max(2 ** 20),
    r: z.number().int().min(1).max(32),
    p: z.number().int().min(1).max(16),
  }),
]);
const envelopeSchema = z.strictObject({ format: z.literal('fluss-sealed-v2'), kek: kekSchema, plain: z.unknown(), sealed: base64 });
type Kek = z.infer<typeof kekSchema>;

export interface SealedContent {
  plain: unknown;
  secret: unknown;
}

export type LoadOutcome<T> =
  | { status: 'missing' }
  | { status: 'loaded'; value: T }
  /** The file was unreadable; it now sits at `setAsidePath` and the caller starts fresh. */
  | { status: 'set-aside'; setAsidePath: string; reason: string };

/** In memory-only mode the content of each "file" lives here, for the life of the process. */
const memoryFiles = new Map<string, SealedContent>();

/** Thrown inside load() for a file that cannot be opened here and must be set aside. */
class Unopenable extends Error {}

export class SealedJsonFile {
  /** How the file on disk is sealed, once read or written: a save keeps its keychain entry or salt. */
  private kek: Kek | undefined;

  constructor(
    readonly path: string,
    readonly protection: KeyProtection = defaultKeyProtection(),
  ) {}

  /**
   * Reads, unseals and parses the file. `parse` validates the content and throws when its structure is
   * wrong; then, as for any unreadable file, the file is set aside and the caller starts fresh. A file
   * that needs a passphrase or keychain this process does not have is left alone and a FlussError
   * says what to do: setting it aside would lose keys the technician still has the means to open.
   */
  load<T>(parse: (content: SealedContent) => T): LoadOutcome<T> {
    const remembered = this.protection.mode === 'memory' ? memoryFiles.get(resolve(this.path)) : undefined;
    if (remembered) return { status: 'loaded', value: parse(structuredClone(remembered)) };
    if (!existsSync(this.path)) return { status: 'missing' };
    let legacyKeyPath: string | undefined;
    let content: SealedContent;
    let value: T;
    try {
      const json: unknown = JSON.parse(readFileSync(this.path, 'utf8'));
      const legacy = legacyEnvelopeSchema.safeParse(json);
      if (legacy.success) {
        legacyKeyPath = `${this.path}.key`;
        content = { plain: legacy.data.plain, secret: JSON.parse(open(this.legacyKey(legacyKeyPath), legacy.data.sealed)) };
      } else {
        const envelope = envelopeSchema.parse(json);
        const secret = this.openWith(envelope.kek, envelope.sealed);
        this.kek = envelope.kek;
        content = { plain: envelope.plain, secret };
      }
      value = parse(content);
    } catch (error) {
      if (error instanceof FlussError) throw error;
      const reason = error instanceof z.ZodError ? 'its content has an unexpected structure' : error instanceof Error ? error.message.slice(0, 200) : 'unreadable';
      return { status: 'set-aside', setAsidePath: setAside(this.path), reason };
    }
    if (legacyKeyPath !== undefined && this.protection.mode !== 'memory') {
      // Migration: the new file is written (under the keychain or passphrase) before the old key goes.
      this.save(content);
      removeKeyFile(legacyKeyPath);
    }
    return { status: 'loaded', value };
  }

  save(content: SealedContent): void {
    if (this.protection.mode === 'memory') {
      memoryFiles.set(resolve(this.path), structuredClone(content));
      return;
    }
    try {
      const { kek, key } = this.keyForSaving();
      const sealed = seal(key, JSON.stringify(content.secret));
      writePrivateFile(this.path, JSON.stringify({ format: 'fluss-sealed-v2', kek, plain: content.plain, sealed }, null, 2));
      this.kek = kek;
    } catch (error) {
      if (error instanceof FlussError) throw error;
      throw new FlussError('IO_ERROR', `Cannot write ${this.path}.`, 'Check the folder exists and is writable.', { cause: error });
    }
  }

  private openWith(kek: Kek, sealed: string): unknown {
    const protection = this.protection;
    if (kek.kind === 'keychain') {
      if (protection.mode !== 'keychain') throw this.cannotOpen('the OS keychain', protection.mode === 'passphrase' ? 'Unset FLUSS_PASSPHRASE to open it with the keychain.' : 'Run where the keychain is available and unlocked (your desktop session).');
      const stored = reach(protection.keychain.name, () => protection.keychain.get(kek.account));
      const key = stored === undefined ? undefined : Buffer.from(stored, 'base64');
      if (key?.length !== 32) throw new Unopenable(`its key is not in ${protection.keychain.name} (a folder copied from another computer or account?)`);
      return JSON.parse(open(key, sealed));
    }
    if (protection.mode !== 'passphrase') throw this.cannotOpen('a passphrase', 'Set FLUSS_PASSPHRASE to the passphrase it was sealed with.');
    const key = protection.deriveKey(Buffer.from(kek.salt, 'base64'), kek);
    let text: string;
    try {
      text = open(key, sealed);
    } catch {
      throw new FlussError('DECRYPT_FAILED', `${this.path} does not open with this FLUSS_PASSPHRASE.`, 'Set FLUSS_PASSPHRASE to the passphrase the file was sealed with; the file is left as it was.');
    }
    return JSON.parse(text);
  }

  private cannotOpen(what: string, hint: string): FlussError {
    return new FlussError('NO_CREDENTIALS', `${this.path} is sealed with ${what}, which this program cannot use now; the file is left as it was.`, hint);
  }

  private keyForSaving(): { kek: Kek; key: Buffer } {
    const protection = this.protection;
    if (protection.mode === 'keychain') {
      const account = this.kek?.kind === 'keychain' ? this.kek.account : accountForFolder(dirname(resolve(this.path)));
      const stored = reach(protection.keychain.name, () => protection.keychain.get(account));
      let key = stored === undefined ? undefined : Buffer.from(stored, 'base64');
      if (key?.length !== 32) {
        const fresh = randomBytes(32).toString('base64');
        reach(protection.keychain.name, () => protection.keychain.set(account, fresh));
        // Read back: should another process have created the folder's KEK at the same moment, both use the one kept.
        key = Buffer.from(reach(protection.keychain.name, () => protection.keychain.get(account)) ?? fresh, 'base64');
      }
      return { kek: { kind: 'keychain', service: KEYCHAIN_SERVICE, account }, key };
    }
    if (protection.mode !== 'passphrase') throw new Error('memory-only files are never written');
    const kek = this.kek?.kind === 'passphrase' ? this.kek : { kind: 'passphrase' as const, kdf: 'scrypt' as const, salt: protection.saltForNewFile().toString('base64'), ...SCRYPT_PARAMS };
    return { kek, key: protection.deriveKey(Buffer.from(kek.salt, 'base64'), kek) };
  }

  private legacyKey(keyPath: string): Buffer {
    if (!existsSync(keyPath)) throw new Unopenable('its key file is missing');
    const key = Buffer.from(readFileSync(keyPath, 'utf8').trim(), 'base64');
    if (key.length !== 32) throw new Unopenable('its key file is damaged');
    return key;
  }
}

/** A keychain that fails now (locked, its service gone) is not a reason to set a file aside. */
function reach<T>(name: string, call: () => T): T {
  try {
    return call();
  } catch (error) {
    throw new FlussError('NO_CREDENTIALS', `Cannot reach ${name} to open or seal the keys.`, 'Unlock the keychain (or log in to the desktop session) and try again, or set FLUSS_PASSPHRASE.', { cause: error });
  }
}

function seal(key: Buffer, text: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const body = Buffer.concat([cipher.update(text, 'utf8'), cipher.final()]);
  return Buffer.concat([iv, body, cipher.getAuthTag()]).toString('base64');
}

function open(key: Buffer, sealed: string): string {
  const blob = Buffer.from(sealed, 'base64');
  if (blob.length < 28) throw new Unopenable('its sealed part is truncated');
  const decipher = createDecipheriv('aes-256-gcm', key, blob.subarray(0, 12));
  decipher.setAuthTag(blob.subarray(blob.length - 16));
  try {
    return Buffer.concat([decipher.update(blob.subarray(12, blob.length - 16)), decipher.final()]).toString('utf8');
  } catch {
    throw new Unopenable('its sealed part does not open with its key');
  }
}
