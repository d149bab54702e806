/**
 * The operations the agreement test and the bench count and time, and how each side counts them: the
 * simulator by its links' own counters, the real stacks by the virtual controller's counters on the air.
 * Run in this order on a fresh transport, the first is first contact and the rest find the GATT cache warm;
 * the test-fires count the gate's link (Front Door's Entry Device, Main Gate, for both legs), first contact
 * with the gate and then known.
 */
import type { Commissioner } from '../../electron/core/commissioner';
import type { VirtualAir } from '../../electron/hci/air';
import type { Link, Transport } from '../../electron/transport/transport';
import { FRONT_DOOR, MAIN_GATE } from './demo';

export interface OpCounts {
  pdus: number;
  exchanges: number;
  requests: number;
  commands: number;
  notifications: number;
}

export interface RadioOp {
  name: string;
  /** Whose links are counted: the intercom's unless said. */
  address?: string;
  run(commissioner: Commissioner): Promise<unknown>;
}

export const INTERCOM_ADDRESS = FRONT_DOOR.replace(/(..)(?!$)/g, '$1:');
export const GATE_ADDRESS = MAIN_GATE.replace(/(..)(?!$)/g, '$1:');

async function testFirePasses(c: Commissioner): Promise<void> {
  const report = await c.testFire(FRONT_DOOR, {});
  if (!report.passed) throw new Error(`test-fire failed: ${JSON.stringify(report.steps.find((s) => s.status === 'failed'))}`);
}

export const RADIO_OPS: RadioOp[] = [
  { name: 'connect + settings.get, first contact', run: (c) => c.withIntercom(FRONT_DOOR, {}, (s) => s.getSettings()) },
  { name: 'connect + settings.get, known device', run: (c) => c.withIntercom(FRONT_DOOR, {}, (s) => s.getSettings()) },
  { name: 'settings save (get, set, read-back)', run: (c) => c.saveSettings(FRONT_DOOR, { maxUsers: 25 }) },
  { name: 'connect + codes.list', run: (c) => c.withIntercom(FRONT_DOOR, {}, (s) => s.listCodes()) },
  { name: "test-fire, the gate's own, first contact", address: GATE_ADDRESS, run: testFirePasses },
  { name: "test-fire, the gate's own, known gate", address: GATE_ADDRESS, run: testFirePasses },
];

/** Wraps a transport so every link it opens is kept: their counters are the simulator's figures. */
export function recordingTransport(inner: Transport): Transport & { links: Link[] } {
  const links: Link[] = [];
  return {
    links,
    name: inner.name,
    startScan: (listener, options) => inner.startScan(listener, options),
    stopScan: () => inner.stopScan(),
    connect: async (address, options) => {
      const link = await inner.connect(address, options);
      links.push(link);
      return link;
    },
    close: () => inner.close(),
  };
}

/** Counts of the links to `address` among `links` (the simulator's view). */
export function linkCounts(links: Link[], address: string): OpCounts {
  return links
    .filter((l) => l.address === address)
    .map((l) => l.stats())
    .reduce<OpCounts>(
      (sum, s) => ({
        pdus: sum.pdus + s.pdusOut + s.pdusIn,
        exchanges: sum.exchanges + s.exchanges,
        requests: sum.requests + s.requests,
        commands: sum.commands + s.commands,
        notifications: sum.notifications + s.notifications,
      }),
      zero(),
    );
}

/** Counts of the air's links to `address` from index `from` on (the virtual controller's view). */
export function airCounts(air: VirtualAir, address: string, from: number): OpCounts {
  return air
    .linkStats(address)
    .slice(from)
    .reduce<OpCounts>(
      (sum, s) => ({
        pdus: sum.pdus + s.attPdusOut + s.attPdusIn,
        exchanges: sum.exchanges + s.att.exchanges,
        requests: sum.requests + s.att.requests,
        commands: sum.commands + s.att.commands,
        notifications: sum.notifications + s.att.notifications,
      }),
      zero(),
    );
}

function zero(): OpCounts {
  return { pdus: 0, exchanges: 0, requests: 0, commands: 0, notifications: 0 };
}
