/**
 * Issue 8, item 6: one simulated site, two real processes. A long-running host process (the browser
 * host's engine on `--sim-state F`) and `fluss --sim --sim-state F` CLI runs change the same intercom;
 * no change is lost: not when the host saves next, and not when the host stops.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { fluss, TEST_PASSPHRASE } from '../helpers/cli';
import { tempDir } from '../helpers/demo';

const dataDir = tempDir();
const state = join(dataDir, 'site-state.json');
const script = fileURLToPath(new URL('./fixtures/siteHostProcess.ts', import.meta.url));
let host: ChildProcessWithoutNullStreams | undefined;
let replies: unknown[] = [];

function startHost(): Promise<void> {
  const child = spawn(process.execPath, ['--import', 'tsx', script, state], {
    env: { ...process.env, FLUSS_DATA_DIR: dataDir, FLUSS_PASSPHRASE: TEST_PASSPHRASE },
  });
  host = child;
  replies = [];
  createInterface({ input: child.stdout }).on('line', (line) => replies.push(JSON.parse(line)));
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return expect.poll(() => replies.length, { timeout: 15_000, message: stderr }).toBe(1).then(() => undefined);
}

async function ask(command: string): Promise<{ ok: boolean; value?: unknown; error?: string }> {
  const before = replies.length;
  host?.stdin.write(`${command}\n`);
  await expect.poll(() => replies.length, { timeout: 15_000 }).toBeGreaterThan(before);
  return replies[before] as { ok: boolean; value?: unknown; error?: string };
}

const cli = async (...args: string[]) => {
  const result = await fluss(['--sim', '--sim-state', state, '--json', ...args], dataDir);
  expect(result.code, result.stderr).toBe(0);
  return result.json();
};
/** Code ids from the CLI's `codes list --json` ({ codes }) or the host's listCodes() (an array). */
const codeIds = (listed: unknown) => (Array.isArray(listed) ? (listed as { codeId: string }[]) : (listed as { codes: { codeId: string }[] }).codes).map((c) => c.codeId);

afterAll(() => {
  if (host && host.exitCode === null) host.kill('SIGKILL');
});

describe('one simulated site, a host process and CLI runs on one state file', () => {
  it('a CLI change survives the host changing the same device, and the host stopping', async () => {
    await startHost();
    const first = ((await cli('codes', 'create', 'Front Door')) as { code: { codeId: string } }).code.codeId;

    // The host's next save is of the same intercom: it takes up the CLI's code first, and keeps it.
    const saved = await ask('settings 25');
    expect(saved, saved.error).toMatchObject({ ok: true });
    const hostView = await ask('codes');
    expect(codeIds(hostView.value)).toContain(first);
    expect(codeIds(await cli('codes', 'list', 'Front Door'))).toContain(first);
    expect(await cli('settings', 'get', 'Front Door')).toMatchObject({ settings: { maxUsers: 25 } });

    // A change made while the host runs, then the host stops (and writes its state on the way out).
    const second = ((await cli('codes', 'create', 'Front Door')) as { code: { codeId: string } }).code.codeId;
    expect(await ask('stop')).toMatchObject({ ok: true, value: 'stopped' });
    const after = codeIds(await cli('codes', 'list', 'Front Door'));
    expect(after).toEqual(expect.arrayContaining([first, second]));
    expect(await cli('settings', 'get', 'Front Door')).toMatchObject({ settings: { maxUsers: 25 } });
  }, 90_000);
});
