/**
 * Issue 8, item 2, over the real stacks: the demo site is served by `fluss sim serve` (bleno) in a child
 * process on virtual controllers, and the app's engine talks to it through noble. The child is killed in
 * the middle of a session; its controllers go down with it (a UART controller whose host's port closes
 * resets), so noble's controller reports Disconnection Complete with reason 0x08 once the supervision
 * timeout noble asked for runs out, and the request in flight fails in the technician's words.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Commissioner } from '../../electron/core/commissioner';
import { chainCredentials } from '../../electron/core/credentials';
import { DEMO_SITE } from '../../electron/sim/demoSite';
import { siteCredentials } from '../../electron/sim/siteCredentials';
import { parseSite } from '../../electron/sim/siteFile';
import { deviceAddress } from '../../electron/sim/siteHost';
import type { NobleTransport } from '../../electron/transport/nobleTransport';
import { FLUSS_BIN, TEST_PASSPHRASE } from '../helpers/cli';
import { memoryCredentials, tempDir } from '../helpers/demo';
import { HciRig, realStackAvailable, TEST_AIR } from '../helpers/hciHarness';
import { SIMULATED_SITE_TRUST } from '../../electron/protocol/trustAnchors';

const run = realStackAvailable();
const site = parseSite(structuredClone(DEMO_SITE));
const dataDir = tempDir();
/** What the app promises: a lost device is shown lost within 6 s. */
const PROMISED_MS = 6_000;
let rig: HciRig;
let ports: string[] = [];
let serve: ChildProcess | undefined;
let transport: NobleTransport;

/** Starts `fluss sim serve` on the device ports and resolves once it serves. */
function startServe(): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const args = [FLUSS_BIN, '--sim', '--sim-state', join(dataDir, 'state.json'), 'sim', 'serve', ...ports.flatMap((p) => ['--hci-uart', p])];
    const child = spawn(process.execPath, args, { env: { ...process.env, FLUSS_DATA_DIR: dataDir, FLUSS_PASSPHRASE: TEST_PASSPHRASE }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    const timer = setTimeout(() => reject(new Error(`fluss sim serve did not start:\n${stderr}`)), 20_000);
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      if (/^Serving \d+ devices/m.test(stderr)) {
        clearTimeout(timer);
        resolve(child);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`fluss sim serve exited (${code ?? 'signal'}):\n${stderr}`));
    });
  });
}

describe.runIf(run)('link supervision over noble, virtual controllers and a bleno host process', () => {
  beforeAll(async () => {
    rig = new HciRig(TEST_AIR);
    ports = await Promise.all(site.devices.map((d, i) => rig.controller(`dev${i}`, deviceAddress(d.deviceId), d.rssi)));
    serve = await startServe();
    // The virtual hardware: when the host process dies, the controllers it held go down with it.
    serve.once('exit', () => {
      for (const port of ports) rig.byPort.get(port)?.powerOff();
    });
    transport = await rig.central();
  }, 30_000);
  afterAll(async () => {
    if (serve && serve.exitCode === null && serve.signalCode === null) serve.kill('SIGKILL');
    await rig.close();
  });

  it('killing the host process mid-request ends the link with reason 0x08 and fails the request in the user\'s words', async () => {
    const commissioner = new Commissioner(transport, chainCredentials(memoryCredentials(), siteCredentials(site)), SIMULATED_SITE_TRUST);
    const outcome = await commissioner.withIntercom('Front Door', {}, async (session) => {
      await session.listCodes(); // the session works before the host dies
      const reasons: string[] = [];
      session.onDisconnect((reason) => reasons.push(reason));
      const child = serve as ChildProcess;
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGKILL');
      const started = Date.now();
      const error = await session.createCode('0123456789abcdef0123456789abcdef').then(
        () => undefined,
        (e: unknown) => e,
      );
      await exited;
      return { error, elapsed: Date.now() - started, reasons };
    });
    expect(outcome.reasons).toEqual([expect.stringMatching(/supervision timeout, HCI reason 0x08/)]);
    expect(outcome.error).toMatchObject({
      code: 'DISCONNECTED',
      message: 'Front Door stopped answering (the Bluetooth link was lost).',
      hint: 'Move closer and press Reconnect.',
    });
    expect(outcome.elapsed).toBeLessThan(PROMISED_MS);
    // Noble's own controller saw Disconnection Complete with Connection Timeout (0x08) on the central's link.
    const frontDoorLinks = rig.air.history.filter((h) => h.peripheral === deviceAddress(site.devices[0]?.deviceId ?? ''));
    expect(frontDoorLinks.at(-1)?.link.open).toBe(false);
  }, 20_000);
});
