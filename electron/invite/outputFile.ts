import { accessSync, constants, statSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { FlussError } from '../protocol/errors';

/**
 * Writes an invite or its QR code where the owner asked, readable by the owner only (the invite holds a
 * sealed key and a name). A folder that is missing or not writable is said plainly.
 */
export function writeInviteOutput(path: string, data: string | Uint8Array): void {
  try {
    writeFileSync(path, data, { mode: 0o600 });
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? 'unknown error';
    throw new FlussError('IO_ERROR', `Could not write ${path} (${reason}).`, 'Choose a folder that exists and that you can write to.', { cause: error });
  }
}

/** Checks, before anything changes on a device, that `path` can be written (its folder exists and is writable). */
export function checkWritable(path: string): void {
  try {
    const folder = dirname(resolve(path));
    if (!statSync(folder).isDirectory()) throw Object.assign(new Error(`${folder} is not a folder`), { code: 'ENOTDIR' });
    accessSync(folder, constants.W_OK);
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? 'unknown error';
    throw new FlussError('IO_ERROR', `Cannot write ${path} (${reason}): nothing was changed.`, 'Choose a folder that exists and that you can write to.', { cause: error });
  }
}
