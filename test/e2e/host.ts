/**
 * Starts the browser host (`npm run web -- --port 0 --sim [site] --sim-state <tmp>`) and reads the
 * `http://` line it prints. It builds nothing: `npm run build` must have run first.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Host {
  url: string;
  pid: number;
  /** The folder holding the host's state files (state.json, state.json.prefs.json, ...). */
  stateDir: string;
  stop: () => Promise<void>;
}

const START_TIMEOUT_MS = 45_000;

/**
 * `secondInstallationOf`: this host uses that host's simulated site (its state file) with keys of its own
 * (`--sim-keys`), as a second computer near the same intercoms would; give both the same FLUSS_PASSPHRASE,
 * so the state is kept in a file both can open.
 */
export async function startHost(options: { site?: string; port?: number; env?: Record<string, string>; secondInstallationOf?: Host } = {}): Promise<Host> {
  const dir = mkdtempSync(join(tmpdir(), 'fluss-e2e-'));
  const state = options.secondInstallationOf ? ['--sim-state', join(options.secondInstallationOf.stateDir, 'state.json'), '--sim-keys', join(dir, 'keys.json')] : ['--sim-state', join(dir, 'state.json')];
  const args = ['run', 'web', '--', '--port', String(options.port ?? 0), '--sim', ...(options.site ? [options.site] : []), ...state];
  // Own process group, so stop() ends npm, tsx and node together and nothing else.
  const child: ChildProcess = spawn('npm', args, { cwd: process.cwd(), detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...options.env } });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`The browser host printed no http:// line within ${START_TIMEOUT_MS / 1000} s:\n${output}`)), START_TIMEOUT_MS);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const line = output.split('\n').find((l) => l.startsWith('http://'));
      if (line) {
        clearTimeout(timer);
        resolve(line.trim());
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`The browser host exited (code ${String(code)}) before printing its address. Did \`npm run build\` run?\n${output}`));
    });
  });
  const pid = child.pid ?? 0;
  return {
    url,
    pid,
    stateDir: dir,
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise<void>((r) => child.once('exit', () => r()));
        try {
          process.kill(-pid, 'SIGTERM');
        } catch {
          // already gone
        }
        await Promise.race([exited, new Promise((r) => setTimeout(r, 3000))]);
        try {
          process.kill(-pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
