/**
 * Files only their owner may read (issue 9, finding 2: a store written with the default mode 0666 minus
 * umask is readable by every account on the computer). Writes are atomic (a 0600 temp file, flushed,
 * renamed over the target), so a crash leaves either the old or the new file; a file that cannot be
 * read is set aside, never overwritten; a file that held a key is overwritten before it is unlinked.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, closeSync, existsSync, fstatSync, fsyncSync, mkdirSync, openSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

export const PRIVATE_FILE_MODE = 0o600;

/** Writes `text` to `path` atomically with mode 0600, creating its folder (0700) when needed. */
export function writePrivateFile(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const temp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  const fd = openSync(temp, 'wx', PRIVATE_FILE_MODE);
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  // The umask cannot widen 0600, but a temp file left by another tool could have been created wider.
  chmodSync(temp, PRIVATE_FILE_MODE);
  renameSync(temp, path);
}

/** Moves an unreadable file to `<path>.corrupt-<time>` and returns that path. */
export function setAside(path: string): string {
  const target = `${path}.corrupt-${new Date().toISOString().replace(/[:.]/g, '-')}`;
  renameSync(path, target);
  return target;
}

/**
 * Removes a file that held key material: overwritten with random bytes and flushed first, so the key
 * does not linger in the freed blocks of a simple file system. (Copy-on-write and journaling file
 * systems may keep old blocks anyway; that is why the key now lives in the keychain, not in a file.)
 */
export function removeKeyFile(path: string): void {
  if (!existsSync(path)) return;
  const fd = openSync(path, 'r+');
  try {
    const size = fstatSync(fd).size;
    writeSync(fd, randomBytes(Math.max(size, 64)), 0, Math.max(size, 64), 0);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  unlinkSync(path);
}
