/**
 * Test rig for the real stacks: a virtual air, one virtual controller per host, each behind a socat pty.
 * noble (through the app's NobleTransport) and bleno (hosting the site's devices) open those ptys as HCI
 * UARTs, all in this process. Every socat the rig starts is stopped by its PID in `close()`, and its temp
 * dir is removed.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Commissioner } from '../../electron/core/commissioner';
import { chainCredentials } from '../../electron/core/credentials';
import { encodeAdStructures } from '../../electron/hci/adStructures';
import { VirtualAir, type AirOptions } from '../../electron/hci/air';
import { VirtualController } from '../../electron/hci/controller';
import { attachPty, socatAvailable, type PtyBridge } from '../../electron/hci/ptyBridge';
import { BlenoHost } from '../../electron/sim/blenoHost';
import type { Peripheral } from '../../electron/sim/peripheral';
import { SimSite } from '../../electron/sim/simSite';
import { siteCredentials } from '../../electron/sim/siteCredentials';
import type { Site } from '../../electron/sim/siteFile';
import { GattCacheFile, type GattCache } from '../../electron/transport/gattCache';
import { NobleTransport } from '../../electron/transport/nobleTransport';
import { memoryCredentials } from './demo';
import { SIMULATED_SITE_TRUST } from '../../electron/protocol/trustAnchors';

/** The technician's laptop: the central's controller address. */
export const CENTRAL_ADDRESS = 'c0:ff:ee:00:00:01';

/**
 * Whether the real-stack tests can run. Without socat they must fail under CI (the suite is part of
 * `.ci/run`), and elsewhere they are skipped with the reason printed.
 */
export function realStackAvailable(): boolean {
  if (socatAvailable()) return true;
  if (process.env.CI) throw new Error('socat is missing: the HCI integration tests need it (apt-get install -y socat).');
  console.warn('Skipping the HCI integration tests: socat is not installed (apt-get install -y socat).');
  return false;
}

/** The default air of the tests: quick adverts, the shortest connection interval noble asks for. */
export const TEST_AIR: AirOptions = { advertisingIntervalMs: 40, connectionIntervalMs: 7.5, rssiNoiseDb: 2 };

export class HciRig {
  readonly dir = mkdtempSync(join(tmpdir(), 'fluss-hci-'));
  readonly air: VirtualAir;
  private readonly controllers: VirtualController[] = [];
  /** Each controller by the port its host opens. */
  readonly byPort = new Map<string, VirtualController>();
  private readonly bridges: PtyBridge[] = [];
  private readonly hosts: BlenoHost[] = [];
  private readonly transports: NobleTransport[] = [];
  private readonly killOnExit = () => {
    for (const bridge of this.bridges) {
      try {
        process.kill(bridge.pid);
      } catch {
        // already gone
      }
    }
  };

  constructor(options: AirOptions = TEST_AIR) {
    this.air = new VirtualAir(options);
    // noble, each bleno and each serial port add their own 'exit' handler: a site rig has a dozen, by design.
    process.setMaxListeners(Math.max(process.getMaxListeners(), 40));
    process.once('exit', this.killOnExit);
  }

  /** A controller on the air with its pty; returns the port a host opens. */
  async controller(name: string, address: string, rssi = -60): Promise<string> {
    const controller = new VirtualController(this.air, { address, rssi });
    this.controllers.push(controller);
    const bridge = await attachPty(controller, this.dir, name);
    this.bridges.push(bridge);
    this.byPort.set(bridge.port, controller);
    return bridge.port;
  }

  /** Hosts `peripheral` on bleno, on a controller of its own whose address is the peripheral's. */
  async host(peripheral: Peripheral & { rssi?: number }, name: string): Promise<BlenoHost> {
    const port = await this.controller(name, peripheral.address, peripheral.rssi ?? -60);
    const host = await BlenoHost.start(peripheral, { hciUart: port });
    this.hosts.push(host);
    return host;
  }

  /** The app's transport on the central's controller; its GATT cache is a file in the rig's temp dir. */
  async central(options: { gattCache?: GattCache | false } = {}): Promise<NobleTransport> {
    const port = await this.controller('central', CENTRAL_ADDRESS);
    const gattCache = options.gattCache ?? new GattCacheFile(join(this.dir, 'gatt-cache.json'));
    const transport = new NobleTransport({ hciUart: port, operationTimeoutMs: 10_000, gattCache });
    this.transports.push(transport);
    return transport;
  }

  /** Stops every stack, every socat (by PID) and the air, then removes the temp dir. */
  async close(): Promise<void> {
    await Promise.all(this.transports.map((t) => t.close().catch(() => undefined)));
    for (const host of this.hosts) host.stop();
    await Promise.all(this.bridges.map((b) => b.stop()));
    for (const controller of this.controllers) controller.close();
    this.air.close();
    process.removeListener('exit', this.killOnExit);
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/**
 * The site's devices on the real stacks, each on its own bleno and controller, plus its other advertisers,
 * and a central controller whose port a noble of the test's own (openSiteOverHci) or a CLI process opens.
 */
export async function serveSiteOverHci(site: Site, options: { air?: AirOptions; gateAnswerTimeoutMs?: number } = {}) {
  const rig = new HciRig(options.air ?? TEST_AIR);
  try {
    const sim = new SimSite({ site, gateAnswerTimeoutMs: options.gateAnswerTimeoutMs ?? 300 });
    const hosts = await Promise.all(sim.peripherals().map((endpoint, i) => rig.host(endpoint, `dev${i}`)));
    for (const other of site.others) {
      const manufacturerData = other.manufacturerData === undefined ? undefined : new Uint8Array(Buffer.from(other.manufacturerData, 'hex'));
      rig.air.addBeacon({
        address: other.address,
        rssi: other.rssi,
        data: encodeAdStructures({ serviceUuids: other.serviceUuids, ...(manufacturerData ? { manufacturerData } : {}) }),
        ...(other.name === undefined ? {} : { scanResponse: encodeAdStructures({ localName: other.name }) }),
      });
    }
    return { rig, sim, hosts };
  } catch (error) {
    await rig.close();
    throw error;
  }
}

/** The whole site over the real stacks, with the app's NobleTransport and a Commissioner on the central. */
export async function openSiteOverHci(site: Site, options: { air?: AirOptions; gateAnswerTimeoutMs?: number; gattCache?: GattCache | false } = {}) {
  const { rig, sim, hosts } = await serveSiteOverHci(site, options);
  try {
    const transport = await rig.central(options.gattCache === undefined ? {} : { gattCache: options.gattCache });
    const local = memoryCredentials();
    const commissioner = new Commissioner(transport, chainCredentials(local, siteCredentials(site)), SIMULATED_SITE_TRUST);
    return { rig, sim, hosts, transport, commissioner, local };
  } catch (error) {
    await rig.close();
    throw error;
  }
}
