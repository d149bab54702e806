/**
 * Issue 8, item 8: the radio in its own process. RadioTransport forks radioProcess.ts (noble on the
 * central's virtual controller); the demo site is hosted by bleno on virtual controllers. The radio
 * process is killed in the middle of an operation, and hung (SIGSTOP): each time the operation fails
 * saying what happened, the app's process carries on, a new radio process starts within 10 s, and a new
 * session works on it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Commissioner } from '../../electron/core/commissioner';
import { chainCredentials } from '../../electron/core/credentials';
import { CENTRAL_ADDRESS } from '../../electron/hci/controllerSet';
import { forkRadio } from '../../electron/radio/radioChild';
import { RADIO_STOPPED, RadioTransport, type RadioStatus } from '../../electron/radio/radioTransport';
import { SimSite } from '../../electron/sim/simSite';
import { siteCredentials } from '../../electron/sim/siteCredentials';
import { demoSite, memoryCredentials } from '../helpers/demo';
import { HciRig, realStackAvailable, TEST_AIR } from '../helpers/hciHarness';
import { SIMULATED_SITE_TRUST } from '../../electron/protocol/trustAnchors';

const run = realStackAvailable();
const site = demoSite();
let rig: HciRig;
let radio: RadioTransport;
let commissioner: Commissioner;
const statuses: RadioStatus[] = [];

const alive = (pid: number | undefined) => {
  if (pid === undefined) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe.runIf(run)('the radio in its own process', () => {
  beforeAll(async () => {
    rig = new HciRig(TEST_AIR);
    const sim = new SimSite({ site, gateAnswerTimeoutMs: 300 });
    await Promise.all(sim.peripherals().map((endpoint, i) => rig.host(endpoint, `dev${i}`)));
    const central = await rig.controller('central', CENTRAL_ADDRESS);
    radio = new RadioTransport({ name: 'noble (radio process)', spawn: () => forkRadio({ hciUart: central }), pingMs: 300, hangMs: 1_500, onStatus: (s) => statuses.push(s) });
    commissioner = new Commissioner(radio, chainCredentials(memoryCredentials(), siteCredentials(site)), SIMULATED_SITE_TRUST);
  }, 30_000);
  afterAll(async () => {
    await radio.close();
    await rig.close();
  });

  it('scans, connects and runs a session through the radio process', async () => {
    const codes = await commissioner.withIntercom('Front Door', {}, (session) => session.listCodes());
    expect(Array.isArray(codes)).toBe(true);
    expect(alive(radio.pid)).toBe(true);
    expect(radio.pid).not.toBe(process.pid);
  }, 20_000);

  it('killed mid-operation: the operation says the Bluetooth service stopped, and a new radio serves the next session within 10 s', async () => {
    const before = radio.generation;
    const killed = radio.pid;
    const failure = await commissioner
      .withIntercom('Front Door', {}, async (session) => {
        await session.listCodes();
        process.kill(killed ?? 0, 'SIGKILL');
        return session.createCode('0123456789abcdef0123456789abcdef');
      })
      .then(
        () => undefined,
        (error: unknown) => error,
      );
    expect(failure).toMatchObject({ message: expect.stringMatching(/Bluetooth service stopped/) as unknown });
    expect(statuses).toContainEqual({ state: 'restarting', message: RADIO_STOPPED });
    const stoppedAt = Date.now();
    // The next session opens on a new radio process (the first call after the restart may still race it).
    await expect
      .poll(async () => commissioner.withIntercom('Front Door', {}, (session) => session.listCodes()).then(() => true, () => false), { timeout: 10_000, interval: 250 })
      .toBe(true);
    expect(Date.now() - stoppedAt).toBeLessThan(10_000);
    expect(radio.generation).toBeGreaterThan(before);
    expect(radio.pid).not.toBe(killed);
    expect(statuses.at(-1)).toEqual({ state: 'running' });
  }, 30_000);

  it('hung (SIGSTOP): the missing pings end it, and a new radio serves the next session', async () => {
    await commissioner.readInfo('Front Door');
    const before = radio.generation;
    const hung = radio.pid ?? 0;
    process.kill(hung, 'SIGSTOP');
    await expect.poll(() => alive(hung), { timeout: 10_000 }).toBe(false);
    await expect
      .poll(async () => commissioner.readInfo('Front Door').then(() => true, () => false), { timeout: 10_000, interval: 250 })
      .toBe(true);
    expect(radio.generation).toBeGreaterThan(before);
  }, 30_000);
});
