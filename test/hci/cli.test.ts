/**
 * The engine issue's CLI commands as real child processes over the real stacks: `fluss sim hci` (the
 * machinery behind `npm run sim:hci`) starts the virtual controllers and `fluss sim serve` on them, and
 * each `fluss --hci-uart <central> --sim ...` opens noble on the central's pty. Every process started
 * here is stopped by its PID in afterAll.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fluss, FLUSS_BIN, TEST_PASSPHRASE } from '../helpers/cli';
import { tempDir } from '../helpers/demo';
import { realStackAvailable } from '../helpers/hciHarness';

const run = realStackAvailable();
const dataDir = tempDir();
const state = join(dataDir, 'bench-state.json');
let bench: ChildProcess | undefined;
let central = '';
let pids: number[] = [];
let benchOutput = '';

/** Starts `fluss sim hci` and resolves with its stdout once it has printed the central's port. */
function startBench(): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [FLUSS_BIN, '--sim-state', state, 'sim', 'hci'], {
      env: { ...process.env, FLUSS_DATA_DIR: dataDir, FLUSS_PASSPHRASE: TEST_PASSPHRASE },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    bench = child;
    const timer = setTimeout(() => reject(new Error(`fluss sim hci did not start in time:\n${benchOutput}`)), 25_000);
    child.stderr.on('data', (chunk: Buffer) => (benchOutput += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      benchOutput += chunk.toString();
      const port = /HCI UART for the app: (\S+)/.exec(benchOutput)?.[1];
      const listed = /PIDs: fluss sim serve (\d+); socat ([\d ]+)/.exec(benchOutput);
      if (port && listed) {
        clearTimeout(timer);
        central = port;
        pids = [Number(listed[1]), ...(listed[2] ?? '').trim().split(/\s+/).map(Number)];
        resolve();
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`fluss sim hci exited (${code ?? 'signal'}):\n${benchOutput}`));
    });
  });
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

const running = (child: ChildProcess) => child.exitCode === null && child.signalCode === null;

async function stopBench(): Promise<void> {
  const child = bench;
  if (child?.pid !== undefined && running(child)) {
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 8_000))]);
    if (running(child)) child.kill('SIGKILL');
  }
  // Whatever did not stop with it is stopped by its PID.
  for (const pid of pids) if (alive(pid)) process.kill(pid, 'SIGKILL');
}

const hci = (...args: string[]) => fluss(['--hci-uart', central, '--sim', ...args], dataDir, 30_000);

describe.runIf(run)('fluss over --hci-uart against `fluss sim serve` on virtual controllers', () => {
  beforeAll(async () => {
    // The served site runs 13 h ahead (as after `fluss sim advance 13h`): codes expire on that clock.
    const advanced = await fluss(['--sim', '--sim-state', state, 'sim', 'advance', '13h'], dataDir);
    expect(advanced.code, advanced.stderr).toBe(0);
    await startBench();
  }, 45_000);
  afterAll(async () => {
    await stopBench();
    expect(pids.filter(alive)).toEqual([]);
  }, 15_000);

  it('scan --json classifies the served demo site and its other advertisers', async () => {
    const result = await hci('--json', 'scan', '--all', '--seconds', '1');
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/Bluetooth: HCI over UART on .*hci-central/);
    const { devices } = result.json() as { devices: { kind: string; name: string; claimed?: boolean }[] };
    expect(devices.filter((d) => d.kind === 'intercom').map((d) => d.name).sort()).toEqual(['Front Door', 'New Intercom']);
    expect(devices.filter((d) => d.kind === 'gate').map((d) => d.name).sort()).toEqual(['Garage', 'Main Gate', 'Side Gate']);
    expect(devices.filter((d) => d.kind === 'other').length).toBe(4);
    const flussOnly = await hci('--json', 'scan');
    expect(flussOnly.code, flussOnly.stderr).toBe(0);
    expect((flussOnly.json() as { devices: { kind: string }[] }).devices.map((d) => d.kind).sort()).toEqual(['gate', 'gate', 'gate', 'intercom', 'intercom']);
  });

  it('settings set saves and reads back; settings get in a later run sees it; a shared user is refused', async () => {
    const set = await hci('--json', 'settings', 'set', 'Front Door', '--exit', 'Garage', '--max-users', '25', '--duration', '6');
    expect(set.code, set.stderr).toBe(0);
    expect(set.stderr).toMatch(/Reading back/);
    expect(set.json()).toMatchObject({ settings: { entryDevice: 'f16000000001', exitDevice: 'f16000000002', maxUsers: 25, inviteDurationHours: 6 } });
    const get = await hci('settings', 'get', 'Front Door');
    expect(get.code, get.stderr).toBe(0);
    expect(get.stdout).toMatch(/Max Users\s+25/);
    expect(get.stdout).toMatch(/Invite Duration\s+6 hours/);
    const refused = await hci('--role', 'shared', 'settings', 'set', 'Front Door', '--duration', '2');
    expect(refused.code).toBe(4);
    expect(refused.stderr).toMatch(/owner/i);
  });

  it('test-fire passes end to end with the intercom and the gates connected', async () => {
    const result = await hci('test-fire', 'Front Door');
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/✓ Enter the code: Entry Device opens \(\d+ ms\)/);
    expect(result.stdout).toMatch(/Test-fire passed in \d+ ms/);
  });

  it('time left on a code follows the served site\'s simulated clock, not the wall clock', async () => {
    const created = await hci('--sim-state', state, '--json', 'codes', 'create', 'Front Door');
    expect(created.code, created.stderr).toBe(0);
    const { code } = created.json() as { code: { codeId: string; createdAt: number; expiresAt: number } };
    const listed = await hci('--sim-state', state, 'codes', 'list', 'Front Door');
    expect(listed.code, listed.stderr).toBe(0);
    const row = listed.stdout.split('\n').find((line) => line.startsWith(code.codeId)) ?? '';
    const [, hours, minutes] = /(\d+) h (\d+) min/.exec(row) ?? [];
    // The Invite Duration, give or take the minute the commands took; 13 h more if the wall clock were used.
    const leftMin = Number(hours) * 60 + Number(minutes);
    const durationMin = (code.expiresAt - code.createdAt) / 60_000;
    expect(leftMin, row).toBeGreaterThanOrEqual(durationMin - 2);
    expect(leftMin, row).toBeLessThanOrEqual(durationMin);
    expect((await hci('codes', 'revoke', 'Front Door', code.codeId)).code).toBe(0);
  });

  it('doctor passes on the virtual controller and names the binding', async () => {
    const result = await fluss(['--json', '--hci-uart', central, 'doctor', '--timeout', '5'], dataDir);
    expect(result.code, result.stderr).toBe(0);
    const report = result.json() as { passed: boolean; checks: { id: string; status: string; detail: string }[] };
    expect(report.passed).toBe(true);
    expect(report.checks.find((c) => c.id === 'binding')?.detail).toMatch(/HCI over UART on .*hci-central \(--hci-uart\)/);
    expect(report.checks.find((c) => c.id === 'adapter')?.status).toBe('pass');
  });
});
