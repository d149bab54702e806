/**
 * A set of virtual controllers on one virtual air, each behind its own socat pty: one per device to host
 * and one for the central (the app or the CLI), plus plain beacons. What `fluss sim hci` runs, and what the
 * tests start through it. Every socat is started and stopped here, by its PID.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { VirtualAir, type AirOptions, type Beacon } from './air';
import { VirtualController } from './controller';
import { attachPty, type PtyBridge } from './ptyBridge';

/** The central's controller address (the technician's laptop). */
export const CENTRAL_ADDRESS = 'c0:ff:ee:00:00:01';

export interface ControllerSpec {
  /** Used in the pty's name: hci-NAME. */
  name: string;
  address: string;
  rssi: number;
}

export interface ControllerSet {
  readonly dir: string;
  readonly air: VirtualAir;
  /** The central's port: what the app and `fluss --hci-uart` open. */
  readonly central: string;
  /** One port per device spec, in order. */
  readonly ports: string[];
  /** PIDs of the socat processes. */
  readonly pids: number[];
  /** The device controllers, in the order of `ports`. */
  readonly devices: VirtualController[];
  close(): Promise<void>;
}

export async function startControllerSet(devices: ControllerSpec[], beacons: Beacon[], options: { air?: AirOptions; dir?: string } = {}): Promise<ControllerSet> {
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'fluss-hci-'));
  const air = new VirtualAir(options.air);
  const controllers: VirtualController[] = [];
  const bridges: PtyBridge[] = [];
  const close = async () => {
    await Promise.all(bridges.map((b) => b.stop()));
    for (const controller of controllers) controller.close();
    air.close();
    if (options.dir === undefined) rmSync(dir, { recursive: true, force: true });
  };
  const attach = async (spec: ControllerSpec) => {
    const controller = new VirtualController(air, { address: spec.address, rssi: spec.rssi });
    controllers.push(controller);
    const bridge = await attachPty(controller, dir, spec.name);
    bridges.push(bridge);
    return bridge.port;
  };
  try {
    const ports = await Promise.all(devices.map(attach));
    const deviceControllers = [...controllers];
    const central = await attach({ name: 'central', address: CENTRAL_ADDRESS, rssi: -60 });
    for (const beacon of beacons) air.addBeacon(beacon);
    return { dir, air, central, ports, pids: bridges.map((b) => b.pid), devices: deviceControllers, close };
  } catch (error) {
    await close();
    throw error;
  }
}
