/**
 * One process per HCI UART port. A serial port carries one host's HCI stream: a second host on it reads
 * half the first one's events and resets the controller under it (issue 8, item 7: the second CLI run said
 * "No intercom called Front Door"). serialport's own flock does not stop a second process on a pty, so
 * the port is claimed here before noble opens it: a lock file named after the port's real path (created
 * with O_EXCL, holding the owner's PID; a lock whose process is gone is stale and taken over), and on
 * Linux a look through /proc for any other process that has the port open (minicom, another stack).
 */
import { createHash } from 'node:crypto';
import { closeSync, mkdirSync, openSync, readdirSync, readFileSync, readlinkSync, realpathSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FlussError } from '../../protocol/errors';

export interface PortLock {
  readonly port: string;
  release(): void;
}

interface Holder {
  pid: number;
  /** The holding program's name, where the system says it. */
  command?: string;
}

/** Where lock files live; shared by every fluss process of this user (FLUSS_LOCK_DIR overrides, for tests). */
export function lockDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.FLUSS_LOCK_DIR ?? join(tmpdir(), `fluss-port-locks-${process.getuid?.() ?? 'user'}`);
}

/** Claims `port` for this process, or throws ADAPTER_BUSY naming the process that has it. */
export function lockPort(port: string, dir = lockDir()): PortLock {
  const real = realPath(port);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = join(dir, `${createHash('sha256').update(real).digest('hex').slice(0, 24)}.lock`);
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      const fd = openSync(file, 'wx', 0o600);
      writeSync(fd, JSON.stringify({ pid: process.pid, port: real }));
      closeSync(fd);
      const other = otherOpener(real);
      if (other) {
        rmSync(file, { force: true });
        throw busy(port, other);
      }
      const release = () => {
        process.removeListener('exit', release);
        if (readHolder(file)?.pid === process.pid) rmSync(file, { force: true });
      };
      process.once('exit', release);
      return { port, release };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = readHolder(file);
      if (holder && alive(holder.pid)) throw busy(port, { pid: holder.pid, ...commandOf(holder.pid) });
      // Stale (its process is gone, or the file is torn): take it over.
      rmSync(file, { force: true });
    }
  }
  throw busy(port, undefined);
}

function busy(port: string, holder: Holder | undefined): FlussError {
  const who = holder === undefined ? 'another program' : `another program (${holder.command ?? 'process'} ${holder.pid})`;
  return new FlussError(
    'ADAPTER_BUSY',
    `The HCI UART port ${port} is busy: ${who} is using it.`,
    'Wait for the other fluss command or the app to finish (or stop it), then try again. One program at a time can use a Bluetooth controller.',
  );
}

function realPath(port: string): string {
  try {
    return realpathSync(port);
  } catch {
    return port;
  }
}

function readHolder(file: string): Holder | undefined {
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as unknown;
    const pid = (parsed as { pid?: unknown }).pid;
    return typeof pid === 'number' && Number.isInteger(pid) && pid > 0 ? { pid } : undefined;
  } catch {
    return undefined;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function commandOf(pid: number): { command?: string } {
  if (process.platform !== 'linux') return {};
  try {
    return { command: readFileSync(`/proc/${pid}/comm`, 'utf8').trim() };
  } catch {
    return {};
  }
}

/**
 * Linux only: another process with `real` open (its fd links point at it). Others' /proc entries may be
 * unreadable. A process that also holds a pty master (/dev/ptmx) is the far end of a pseudo-terminal (socat
 * keeps the slave open too), not a second host, and is not counted.
 */
function otherOpener(real: string): Holder | undefined {
  if (process.platform !== 'linux') return undefined;
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((name) => /^\d+$/.test(name) && Number(name) !== process.pid);
  } catch {
    return undefined;
  }
  for (const pid of pids) {
    const links = openFiles(pid);
    if (links.includes(real) && !links.some((link) => link === '/dev/ptmx' || link === '/dev/pts/ptmx')) return { pid: Number(pid), ...commandOf(Number(pid)) };
  }
  return undefined;
}

function openFiles(pid: string): string[] {
  let fds: string[];
  try {
    fds = readdirSync(`/proc/${pid}/fd`);
  } catch {
    return [];
  }
  return fds.flatMap((fd) => {
    try {
      return [readlinkSync(`/proc/${pid}/fd/${fd}`)];
    } catch {
      return []; // closed meanwhile
    }
  });
}
