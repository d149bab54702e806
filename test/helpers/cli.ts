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

/** The passphrase test runs seal their files with: CI has no keychain, and successive runs share files. */
export const TEST_PASSPHRASE = 'fluss tests only, not a secret';

/**
 * Runs the real, built `fluss` command in a child process, with its data folder in `dataDir`, sealing
 * its files with TEST_PASSPHRASE. `env` adds or (with undefined) removes variables, e.g. to run without
 * a passphrase.
 */
export function fluss(args: string[], dataDir: string, timeoutMs = 20_000, env: Record<string, string | undefined> = {}): Promise<CliResult> {
  if (!existsSync(join(root, 'out/cli/fluss.mjs'))) throw new Error('The CLI is not built: run `npm run build:cli` (npm test does).');
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [FLUSS_BIN, ...args], {
      env: withEnv({ ...process.env, FLUSS_DATA_DIR: dataDir, NO_COLOR: '1', FLUSS_PASSPHRASE: TEST_PASSPHRASE }, env),
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

function withEnv(base: NodeJS.ProcessEnv, changes: Record<string, string | undefined>): NodeJS.ProcessEnv {
  const merged = Object.entries({ ...base, ...changes }).filter((entry): entry is [string, string] => entry[1] !== undefined);
  return Object.fromEntries(merged);
}
