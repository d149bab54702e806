/**
 * A lock beside a file, for read-modify-write by several processes (issue 8, item 6: the browser host,
 * the CLI and `fluss sim serve` share one simulated-site state file). The lock is `<path>.lock`, made with
 * O_EXCL and holding the owner's PID and the time; a lock whose process is gone, or that is older than
 * STALE_MS (a process that hung while holding it), is stale and taken over. Synchronous, because the
 * simulated devices write their flash synchronously after each change; it is held for milliseconds.
 */
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, statSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { FlussError } from '../protocol/errors';

/** A holder that has not let go in this long is presumed hung. */
const STALE_MS = 10_000;
/** How long to wait for a live holder before giving up. */
const WAIT_MS = 5_000;
const POLL_MS = 5;

const sleeper = new Int32Array(new SharedArrayBuffer(4));

/** Runs `work` while holding `<path>.lock`; throws IO_ERROR if another live process holds it for too long. */
export function withFileLock<T>(path: string, work: () => T): T {
  const lock = `${path}.lock`;
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const deadline = Date.now() + WAIT_MS;
  for (;;) {
    if (tryTake(lock)) break;
    if (isStale(lock)) {
      rmSync(lock, { force: true });
      continue;
    }
    if (Date.now() > deadline) {
      throw new FlussError('IO_ERROR', `${path} is locked by another process.`, `Wait for the other fluss command or host to finish; if none is running, delete ${lock}.`);
    }
    Atomics.wait(sleeper, 0, 0, POLL_MS);
  }
  try {
    return work();
  } finally {
    // Only our own lock is removed: one taken over as stale by another process is theirs now.
    if (holderOf(lock)?.pid === process.pid) rmSync(lock, { force: true });
  }
}

function tryTake(lock: string): boolean {
  try {
    const fd = openSync(lock, 'wx', 0o600);
    try {
      writeSync(fd, JSON.stringify({ pid: process.pid, at: Date.now() }));
    } finally {
      closeSync(fd);
    }
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw new FlussError('IO_ERROR', `Cannot create ${lock}.`, 'Check the folder exists and is writable.', { cause: error });
  }
}

function holderOf(lock: string): { pid: number; at: number } | undefined {
  try {
    const parsed = JSON.parse(readFileSync(lock, 'utf8')) as { pid?: unknown; at?: unknown };
    return typeof parsed.pid === 'number' && typeof parsed.at === 'number' ? { pid: parsed.pid, at: parsed.at } : undefined;
  } catch {
    return undefined;
  }
}

function isStale(lock: string): boolean {
  const holder = holderOf(lock);
  // Unreadable: being written this instant, or torn by a crash (then it stays unreadable for a while).
  if (!holder) return ageMs(lock) > 1_000;
  if (Date.now() - holder.at > STALE_MS) return true;
  if (holder.pid === process.pid) return false;
  try {
    process.kill(holder.pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== 'EPERM';
  }
}

function ageMs(lock: string): number {
  try {
    return Date.now() - statSync(lock).mtimeMs;
  } catch {
    return 0;
  }
}
