/** portLock.ts on plain files: a live holder is refused by name, a stale lock is taken over, release frees it. */
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lockPort } from '../../electron/transport/noble/portLock';
import { tempDir } from '../helpers/demo';

function portFile(): string {
  const path = join(tempDir(), 'ttyFAKE0');
  writeFileSync(path, '');
  return path;
}

describe('one process per HCI UART port', () => {
  it('refuses a second claim until the first is released', () => {
    const dir = tempDir();
    const port = portFile();
    const lock = lockPort(port, dir);
    expect(() => lockPort(port, dir)).toThrow(expect.objectContaining({ code: 'ADAPTER_BUSY', message: expect.stringContaining(`${port} is busy`) as unknown }) as Error);
    lock.release();
    lockPort(port, dir).release();
  });

  it('takes over a lock whose process is gone', async () => {
    const dir = tempDir();
    const port = portFile();
    const child = spawn(process.execPath, ['-e', `require('fs').writeFileSync(${JSON.stringify(join(dir, 'pid'))}, String(process.pid))`]);
    const pid = await new Promise<number>((resolve) => child.once('exit', () => resolve(child.pid ?? 0)));
    const first = lockPort(port, dir);
    // Forge the lock as if the dead child held it.
    const { readdirSync } = await import('node:fs');
    const file = readdirSync(dir).find((name) => name.endsWith('.lock')) ?? '';
    writeFileSync(join(dir, file), JSON.stringify({ pid, port }));
    lockPort(port, dir).release();
    first.release();
  });

  it.runIf(process.platform === 'linux')('refuses a port another program has open, naming it', async () => {
    const port = portFile();
    const holder = spawn(process.execPath, ['-e', `require('fs').openSync(${JSON.stringify(port)}, 'r'); console.log('open'); setTimeout(() => {}, 30000)`], { stdio: ['ignore', 'pipe', 'ignore'] });
    try {
      await new Promise<void>((resolve) => holder.stdout.once('data', () => resolve()));
      expect(() => lockPort(port, tempDir())).toThrow(expect.objectContaining({ code: 'ADAPTER_BUSY', message: expect.stringContaining(`(node ${holder.pid ?? 0})`) as unknown }) as Error);
    } finally {
      holder.kill('SIGKILL');
    }
  });
});
