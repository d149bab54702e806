/**
 * Issue 8, item 7: two `fluss` runs on one HCI UART port. The second used to share the port, reset the
 * controller under the first and say "No intercom called Front Door"; now it says the port is busy and
 * exits with 7, and the first run is undisturbed. Two real CLI processes over the real stacks.
 */
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CENTRAL_ADDRESS } from '../../electron/hci/controllerSet';
import { SimSite } from '../../electron/sim/simSite';
import { FLUSS_BIN, fluss, TEST_PASSPHRASE } from '../helpers/cli';
import { demoSite, tempDir } from '../helpers/demo';
import { HciRig, realStackAvailable, TEST_AIR } from '../helpers/hciHarness';

const run = realStackAvailable();
const dataDir = tempDir();
const lockDir = tempDir();
let rig: HciRig;
let central = '';

describe.runIf(run)('a busy HCI UART port', () => {
  beforeAll(async () => {
    rig = new HciRig(TEST_AIR);
    const sim = new SimSite({ site: demoSite(), gateAnswerTimeoutMs: 300 });
    await Promise.all(sim.peripherals().map((endpoint, i) => rig.host(endpoint, `dev${i}`)));
    // The central's port is left to the CLI processes: this process does not open it.
    central = await rig.controller('central', CENTRAL_ADDRESS);
  }, 30_000);
  afterAll(async () => {
    await rig.close();
  });

  it('the second run says the port is busy (exit 7) while the first keeps working', async () => {
    const env = { ...process.env, FLUSS_DATA_DIR: dataDir, FLUSS_PASSPHRASE: TEST_PASSPHRASE, FLUSS_LOCK_DIR: lockDir, NO_COLOR: '1' };
    const first = spawn(process.execPath, [FLUSS_BIN, '--hci-uart', central, '--sim', 'scan', '--watch', '--seconds', '4'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let firstOut = '';
    first.stdout.on('data', (chunk: Buffer) => (firstOut += chunk.toString()));
    first.stderr.on('data', (chunk: Buffer) => (firstOut += chunk.toString()));
    const firstExit = new Promise<number | null>((resolve) => first.once('close', resolve));
    try {
      // The first run has the port once it hears the site.
      await expect.poll(() => firstOut, { timeout: 10_000, message: firstOut }).toMatch(/Front Door/);
      const second = await fluss(['--hci-uart', central, '--sim', 'settings', 'get', 'Front Door'], dataDir, 20_000, { FLUSS_LOCK_DIR: lockDir });
      expect(second.code, second.stderr).toBe(7);
      expect(second.stderr).toMatch(/The HCI UART port .*hci-central is busy: another program \(node \d+\) is using it/);
      expect(second.stderr).not.toMatch(/No intercom/);
      expect(await firstExit).toBe(0);
      // The first run's scan was not disturbed: the gates are still heard at the end.
      expect(firstOut.slice(firstOut.lastIndexOf('Front Door'))).toMatch(/Main Gate|Garage|Side Gate/);
    } finally {
      if (first.exitCode === null && first.signalCode === null) first.kill('SIGKILL');
    }
    // Once the first run is gone, the port is free again.
    const after = await fluss(['--hci-uart', central, '--sim', 'settings', 'get', 'Front Door'], dataDir, 20_000, { FLUSS_LOCK_DIR: lockDir });
    expect(after.code, after.stderr).toBe(0);
  }, 60_000);
});
