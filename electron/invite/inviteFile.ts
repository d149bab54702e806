import { readFileSync, statSync } from 'node:fs';
import { FlussError } from '../protocol/errors';
import { MAX_INVITE_BYTES } from './inviteFormat';

/** Reads an invite file's text, refusing a missing, unreadable or oversized file plainly. */
export function readInviteFile(path: string): string {
  try {
    if (statSync(path).size > MAX_INVITE_BYTES) {
      throw new FlussError('INVALID_VALUE', `${path} is not a Fluss+ invite: it is far too large.`, 'Choose the invite file the owner gave you.');
    }
    return readFileSync(path, 'utf8');
  } catch (error) {
    if (error instanceof FlussError) throw error;
    const reason = (error as NodeJS.ErrnoException).code ?? 'unknown error';
    throw new FlussError('INVALID_ARGUMENT', `Could not read the invite ${path} (${reason}).`, 'Check the file name and that you can read it.', { cause: error });
  }
}
