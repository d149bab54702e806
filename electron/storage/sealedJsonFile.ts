/**
 * A JSON file whose secret part is sealed with AES-256-GCM under a key kept in a sibling `.key` file
 * (mode 0600), standing in for a device's secure element or the OS keychain. Code digits and keys
 * therefore never sit in a plaintext file. Writes are atomic (temp file + rename), so a crash leaves
 * either the old or the new file; a file that cannot be read back is set aside, never overwritten.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';
import { FlussError } from '../protocol/errors';

const envelopeSchema = z.strictObject({
  format: z.literal('fluss-sealed-v1'),
  plain: z.unknown(),
  sealed: z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/),
});

export interface SealedContent {
  plain: unknown;
  secret: unknown;
}

export type LoadOutcome<T> =
  | { status: 'missing' }
  | { status: 'loaded'; value: T }
  /** The file was unreadable; it now sits at `setAsidePath` and the caller starts fresh. */
  | { status: 'set-aside'; setAsidePath: string; reason: string };

export class SealedJsonFile {
  constructor(readonly path: string) {}

  private get keyPath(): string {
    return `${this.path}.key`;
  }

  /**
   * Reads, unseals and parses the file. `parse` validates the content and throws when its structure is
   * wrong; then, as for any unreadable file, the file is set aside and the caller starts fresh.
   */
  load<T>(parse: (content: SealedContent) => T): LoadOutcome<T> {
    if (!existsSync(this.path)) return { status: 'missing' };
    try {
      const envelope = envelopeSchema.parse(JSON.parse(readFileSync(this.path, 'utf8')));
      const key = this.readKey();
      if (!key) throw new Error('its key file is missing');
      const secret: unknown = JSON.parse(open(key, Buffer.from(envelope.sealed, 'base64')));
      return { status: 'loaded', value: parse({ plain: envelope.plain, secret }) };
    } catch (error) {
      const reason = error instanceof z.ZodError ? 'its content has an unexpected structure' : error instanceof Error ? error.message.slice(0, 200) : 'unreadable';
      return { status: 'set-aside', setAsidePath: this.setAside(), reason };
    }
  }

  save(content: SealedContent): void {
    try {
      mkdirSync(dirname(this.path), { recursive: true });
      const key = this.readKey() ?? this.createKey();
      const sealed = seal(key, JSON.stringify(content.secret)).toString('base64');
      const text = JSON.stringify({ format: 'fluss-sealed-v1', plain: content.plain, sealed }, null, 2);
      const temp = `${this.path}.${process.pid}.tmp`;
      writeFileSync(temp, text, { mode: 0o600 });
      renameSync(temp, this.path);
    } catch (error) {
      throw new FlussError('IO_ERROR', `Cannot write ${this.path}.`, 'Check the folder exists and is writable.', { cause: error });
    }
  }

  private setAside(): string {
    const target = `${this.path}.corrupt-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    renameSync(this.path, target);
    return target;
  }

  private readKey(): Buffer | undefined {
    if (!existsSync(this.keyPath)) return undefined;
    const key = Buffer.from(readFileSync(this.keyPath, 'utf8').trim(), 'base64');
    return key.length === 32 ? key : undefined;
  }

  private createKey(): Buffer {
    const key = randomBytes(32);
    writeFileSync(this.keyPath, key.toString('base64'), { mode: 0o600 });
    chmodSync(this.keyPath, 0o600);
    return key;
  }
}

function seal(key: Buffer, text: string): Buffer {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const body = Buffer.concat([cipher.update(text, 'utf8'), cipher.final()]);
  return Buffer.concat([iv, body, cipher.getAuthTag()]);
}

function open(key: Buffer, blob: Buffer): string {
  if (blob.length < 28) throw new Error('sealed part is truncated');
  const decipher = createDecipheriv('aes-256-gcm', key, blob.subarray(0, 12));
  decipher.setAuthTag(blob.subarray(blob.length - 16));
  return Buffer.concat([decipher.update(blob.subarray(12, blob.length - 16)), decipher.final()]).toString('utf8');
}
