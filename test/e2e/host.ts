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
  /** With `simConsole`: sends one fault command (`vanish Front Door`) and resolves with the host's answer. */
  sim: (command: string) => Promise<string>;
}

const START_TIMEOUT_MS = 45_000;

/**
 * `secondInstallationOf`: this host uses that host's simulated site (its state file) with keys of its own
 * (`--sim-keys`), as a second computer near the same intercoms would; give both the same FLUSS_PASSPHRASE,
 * so the state is kept in a file both can open. `simConsole`: fault commands on stdin (electron/host/simConsole.ts).
 */
export async function startHost(options: { site?: string; port?: number; env?: Record<string, string>; secondInstallationOf?: Host; simConsole?: boolean } = {}): Promise<Host> {
  const dir = mkdtempSync(join(tmpdir(), 'fluss-e2e-'));
  const state = options.secondInstallationOf ? ['--sim-state', join(options.secondInstallationOf.stateDir, 'state.json'), '--sim-keys', join(dir, 'keys.json')] : ['--sim-state', join(dir, 'state.json')];
  const args = ['run', 'web', '--', '--port', String(options.port ?? 0), '--sim', ...(options.site ? [options.site] : []), ...state, ...(options.simConsole ? ['--sim-console'] : [])];
  // Own process group, so stop() ends npm, tsx and node together and nothing else.
  const child: ChildProcess = spawn('npm', args, { cwd: process.cwd(), detached: true, stdio: [options.simConsole ? 'pipe' : 'ignore', 'pipe', 'pipe'], env: { ...process.env, ...options.env } });
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
  const sim = (command: string) =>
    new Promise<string>((resolve, reject) => {
      if (!child.stdin) return reject(new Error('The host was started without simConsole.'));
      let answer = '';
      const onData = (chunk: Buffer) => {
        answer += chunk.toString();
        const line = answer.split('\n').find((l) => l.startsWith('sim: '));
        if (line) {
          child.stdout?.off('data', onData);
          resolve(line);
        }
      };
      child.stdout?.on('data', onData);
      child.stdin.write(`${command}\n`);
    });
  return {
    sim,
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
