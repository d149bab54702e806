/**
 * A private (0600) JSON file with nothing secret in it: the browser host's preferences. It needs no
 * key, so it is kept on disk even when keys are kept in memory only. Older versions wrote it as a sealed
 * file (`fluss-sealed-v1`) with an empty secret part and a `.key` file beside it; such a file is read
 * as plain, rewritten and its `.key` file removed.
 */
import { existsSync, readFileSync } from 'node:fs';
import { z } from 'zod';
import { FlussError } from '../protocol/errors';
import { removeKeyFile, setAside, writePrivateFile } from './privateFile';
import type { LoadOutcome } from './sealedJsonFile';

const legacySchema = z.object({ format: z.literal('fluss-sealed-v1'), plain: z.unknown() });
const envelopeSchema = z.strictObject({ format: z.literal('fluss-plain-v1'), plain: z.unknown() });

export class PlainJsonFile {
  constructor(readonly path: string) {}

  /** Reads and parses the file; an unreadable one (bad JSON, or `parse` throws) is set aside. */
  load<T>(parse: (plain: unknown) => T): LoadOutcome<T> {
    if (!existsSync(this.path)) return { status: 'missing' };
    let value: T;
    let legacy = false;
    try {
      const json: unknown = JSON.parse(readFileSync(this.path, 'utf8'));
      const old = legacySchema.safeParse(json);
      legacy = old.success;
      value = parse(old.success ? old.data.plain : envelopeSchema.parse(json).plain);
    } catch (error) {
      const reason = error instanceof z.ZodError ? 'its content has an unexpected structure' : error instanceof Error ? error.message.slice(0, 200) : 'unreadable';
      return { status: 'set-aside', setAsidePath: setAside(this.path), reason };
    }
    if (legacy) {
      this.save(value);
      removeKeyFile(`${this.path}.key`);
    }
    return { status: 'loaded', value };
  }

  save(plain: unknown): void {
    try {
      writePrivateFile(this.path, JSON.stringify({ format: 'fluss-plain-v1', plain }, null, 2));
    } catch (error) {
      throw new FlussError('IO_ERROR', `Cannot write ${this.path}.`, 'Check the folder exists and is writable.', { cause: error });
    }
  }
}
