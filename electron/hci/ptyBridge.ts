/**
 * Puts a virtual controller behind a pseudo-terminal, so an unmodified host stack opens it as an HCI UART:
 * socat creates the pty (the host's end, `hci-NAME`) and relays its bytes to a Unix socket the controller
 * listens on. The socat process is started here and stopped here, by its PID.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { createServer, type Socket } from 'node:net';
import { join } from 'node:path';
import type { VirtualController } from './controller';

export interface PtyBridge {
  /** The serial port path a host opens (a symlink to /dev/pts/N). */
  readonly port: string;
  readonly pid: number;
  stop(): Promise<void>;
}

/** Whether socat is installed (Debian package `socat`). */
export function socatAvailable(): boolean {
  const result = spawnSync('socat', ['-V'], { stdio: 'ignore' });
  return result.error === undefined && result.status === 0;
}

/** Starts socat for `controller` and resolves once the pty exists and socat is connected to the controller. */
export async function attachPty(controller: VirtualController, dir: string, name: string, timeoutMs = 5000): Promise<PtyBridge> {
  const port = join(dir, `hci-${name}`);
  const socketPath = join(dir, `ctl-${name}.sock`);
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(socketPath, resolve);
  });
  const accepted = new Promise<Socket>((resolve) => server.once('connection', resolve));
  const child = spawn('socat', [`pty,raw,echo=0,link=${port}`, `UNIX-CONNECT:${socketPath}`], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-2000)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const pid = child.pid;

  const stop = async () => {
    server.close();
    if (pid !== undefined && child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const killTimer = setTimeout(() => child.kill('SIGKILL'), 1000);
      await exited;
      clearTimeout(killTimer);
    }
    rmSync(socketPath, { force: true });
  };

  try {
    if (pid === undefined) throw new Error('socat could not be started (is it installed? apt-get install -y socat)');
    const socket = await withTimeout(accepted, timeoutMs, () => `socat did not connect to the controller: ${stderr}`);
    controller.attach(socket);
    await waitForFile(port, timeoutMs);
    if (!existsSync(port)) throw new Error(`socat did not create ${port}: ${stderr}`);
  } catch (error) {
    await stop();
    throw error;
  }
  return { port, pid, stop };
}

async function waitForFile(path: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!existsSync(path) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
}

async function withTimeout<T>(promise: Promise<T>, ms: number, message: () => string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(message())), ms))),
    ]);
  } finally {
    clearTimeout(timer);
  }
}
