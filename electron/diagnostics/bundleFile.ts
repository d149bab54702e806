/**
 * Writing a bundle to the file the technician chose: a .zip name, never over an existing file unless
 * asked, atomically (a temp file renamed), with an error that says what to do when the folder is not
 * writable.
 */
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { FlussError } from '../protocol/errors';

/** Checks where the bundle goes before anything is gathered. */
export function prepareBundlePath(file: string, options: { replace?: boolean } = {}): string {
  const path = resolve(file);
  if (!path.toLowerCase().endsWith('.zip')) throw new FlussError('INVALID_ARGUMENT', `${file} does not end in .zip.`, 'Give --out a file name such as diagnostics.zip.');
  if (existsSync(path) && statSync(path).isDirectory()) throw new FlussError('INVALID_ARGUMENT', `${path} is a folder.`, 'Give --out a file name such as diagnostics.zip.');
  if (existsSync(path) && options.replace !== true) throw new FlussError('INVALID_ARGUMENT', `${path} already exists; it was left as it was.`, 'Choose another file name, or add --replace to overwrite it.');
  try {
    mkdirSync(dirname(path), { recursive: true });
  } catch (error) {
    throw new FlussError('IO_ERROR', `Cannot make the folder ${dirname(path)}.`, 'Choose a folder you can write to.', { cause: error });
  }
  return path;
}

export function writeBundleFile(path: string, bytes: Uint8Array): void {
  const temp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    const fd = openSync(temp, 'wx', 0o600);
    try {
      writeSync(fd, bytes);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, path);
  } catch (error) {
    try {
      unlinkSync(temp);
    } catch {
      // never made
    }
    throw new FlussError('IO_ERROR', `Cannot write ${path}.`, 'Choose a folder you can write to and save again.', { cause: error });
  }
}
