import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
export const FLUSS_BIN = join(root, 'resources/bin/fluss.mjs');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
  json: () => unknown;
}

/** Runs the real, built `fluss` command in a child process, with its data folder in `dataDir` (and `env` added). */
export function fluss(args: string[], dataDir: string, timeoutMs = 20_000, env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  if (!existsSync(join(root, 'out/cli/fluss.mjs'))) throw new Error('The CLI is not built: run `npm run build:cli` (npm test does).');
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [FLUSS_BIN, ...args], {
      env: { ...process.env, FLUSS_DATA_DIR: dataDir, NO_COLOR: '1', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`fluss ${args.join(' ')} did not exit within ${timeoutMs} ms\nstderr: ${stderr}`));
    }, timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, json: () => JSON.parse(stdout) as unknown });
    });
  });
}
