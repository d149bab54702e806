/**
 * NobleTransport and BlenoHost over the real stacks with a tiny peripheral of the test's own: an echo
 * device on the intercom profile. Checks the transport contract (transport.ts) on a real link.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INTERCOM_CONTROL, INTERCOM_INFO, INTERCOM_SERVICE } from '../../electron/protocol/gattProfile';
import type { CentralHandle, Peripheral, PeripheralConnection } from '../../electron/sim/peripheral';
import type { Advertisement, Link } from '../../electron/transport/transport';
import type { NobleTransport } from '../../electron/transport/nobleTransport';
import { survivors } from '../helpers/collected';
import { HciRig, realStackAvailable } from '../helpers/hciHarness';

const ECHO = 'aa:bb:cc:00:00:01';
/** Longer than one ATT_MTU, so noble must continue the read with Read Blob. */
const INFO = Buffer.alloc(300, 0).map((_, i) => i & 0xff);

/** Echoes every write back as notifications on the control characteristic, in MTU-sized pieces. */
const echo: Peripheral & { rssi: number } = {
  address: ECHO,
  rssi: -50,
  advertising: () => ({ localName: 'Echo', serviceUuids: [INTERCOM_SERVICE], manufacturerData: new Uint8Array([0xff, 0xff, 0x09]) }),
  accept: (central: CentralHandle): PeripheralConnection => ({
    read: () => Promise.resolve(new Uint8Array(INFO)),
    write: (_service, _characteristic, value) => {
      for (let i = 0; i < value.length; i += central.mtu - 3) central.notify(INTERCOM_SERVICE, INTERCOM_CONTROL, value.subarray(i, i + central.mtu - 3));
      return Promise.resolve();
    },
    setNotify: () => undefined,
    disconnected: () => undefined,
  }),
};

const run = realStackAvailable();
let rig: HciRig;
let transport: NobleTransport;

async function connect(): Promise<Link> {
  return transport.connect(ECHO, { signal: AbortSignal.timeout(5_000) });
}

describe.runIf(run)('NobleTransport <-> virtual controllers <-> BlenoHost', () => {
  beforeAll(async () => {
    rig = new HciRig();
    await rig.host(echo, 'echo');
    transport = await rig.central();
  });
  afterAll(async () => {
    await rig.close();
  });

  it('scans: advertising and scan response arrive merged, with the peripheral RSSI', async () => {
    const heard = await new Promise<Advertisement>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('nothing heard')), 3_000);
      void transport.startScan((ad) => {
        if (ad.address !== ECHO) return;
        clearTimeout(timer);
        resolve(ad);
      });
    });
    await transport.stopScan();
    expect(heard).toMatchObject({ localName: 'Echo', serviceUuids: [INTERCOM_SERVICE] });
    expect(Buffer.from(heard.manufacturerData ?? []).toString('hex')).toBe('ffff09');
    expect(Math.abs(heard.rssi - -50)).toBeLessThan(10);
  });

  it('reads long values, writes with response and delivers notifications at the MTU noble negotiated', async () => {
    const link = await connect();
    try {
      expect(link.mtu).toBeGreaterThan(23);
      expect(Buffer.from(await link.read(INTERCOM_SERVICE, INTERCOM_INFO)).equals(INFO)).toBe(true);
      const received: Buffer[] = [];
      await link.subscribe(INTERCOM_SERVICE, INTERCOM_CONTROL, (value) => received.push(Buffer.from(value)));
      const message = Buffer.alloc(link.mtu - 3, 0x41);
      await link.write(INTERCOM_SERVICE, INTERCOM_CONTROL, message);
      await expect.poll(() => Buffer.concat(received).length, { timeout: 2_000 }).toBe(message.length);
      await expect(link.write(INTERCOM_SERVICE, INTERCOM_CONTROL, Buffer.alloc(link.mtu - 2))).rejects.toMatchObject({ code: 'PROTOCOL_ERROR' });
      expect(link.stats().pdusOut).toBeGreaterThanOrEqual(3);
    } finally {
      await link.disconnect();
    }
    expect(rig.air.linkStats(ECHO).at(-1)?.attPdusIn).toBeGreaterThan(3);
  });

  it('a write without response goes out as an ATT Write Command (0x52) with no response PDU, and is delivered', async () => {
    const link = await connect();
    try {
      const received: Buffer[] = [];
      await link.subscribe(INTERCOM_SERVICE, INTERCOM_CONTROL, (value) => received.push(Buffer.from(value)));
      const before = rig.air.linkStats(ECHO).at(-1);
      await link.write(INTERCOM_SERVICE, INTERCOM_CONTROL, Buffer.from('hello'), { withoutResponse: true });
      await expect.poll(() => Buffer.concat(received).toString(), { timeout: 2_000 }).toBe('hello');
      const after = rig.air.linkStats(ECHO).at(-1);
      expect((after?.att.byOpcode['0x52'] ?? 0) - (before?.att.byOpcode['0x52'] ?? 0)).toBe(1);
      expect((after?.att.responses ?? 0) - (before?.att.responses ?? 0)).toBe(0);
      expect(link.stats().commands).toBe(1);
      // A device never scanned as Fluss+ (its manufacturer data is not): its advertised service is discovered, not cached.
      expect(link.layoutSource).toBe('discovered');
    } finally {
      await link.disconnect();
    }
  });

  it('after the link is lost, onDisconnect fires once and every operation rejects with DISCONNECTED', async () => {
    const link = await connect();
    const reasons: string[] = [];
    link.onDisconnect((reason) => reasons.push(reason));
    rig.air.loseLinks(ECHO);
    await expect(link.read(INTERCOM_SERVICE, INTERCOM_INFO)).rejects.toMatchObject({ code: 'DISCONNECTED' });
    await expect(link.write(INTERCOM_SERVICE, INTERCOM_CONTROL, Buffer.from([1]))).rejects.toMatchObject({ code: 'DISCONNECTED' });
    expect(reasons).toEqual([expect.stringMatching(/supervision timeout/)]);
    expect(link.connected).toBe(false);
    await link.disconnect();
  });

  it('an operation to a silent host is cancelled by its AbortSignal, and the link stays usable for disconnect', async () => {
    const link = await connect();
    rig.air.faults.silentHosts.add(ECHO);
    try {
      const started = Date.now();
      await expect(link.read(INTERCOM_SERVICE, INTERCOM_INFO, { signal: AbortSignal.timeout(300) })).rejects.toMatchObject({ code: 'ABORTED' });
      expect(Date.now() - started).toBeLessThan(1_000);
    } finally {
      rig.air.faults.silentHosts.delete(ECHO);
      await link.disconnect();
    }
  });

  it('releases every link it made once the link ends, whether the app closed it or it was lost', async () => {
    // Each link is made and let go inside its own call, so that only the WeakRefs remain in the test.
    const closeOne = async () => {
      const link = await connect();
      await link.read(INTERCOM_SERVICE, INTERCOM_INFO);
      await link.disconnect();
      return new WeakRef(link);
    };
    const loseOne = async () => {
      const link = await connect();
      const lost = new Promise<void>((resolve) => link.onDisconnect(() => resolve()));
      rig.air.loseLinks(ECHO);
      await lost;
      return new WeakRef(link);
    };
    const refs = [await closeOne(), await closeOne(), await loseOne()];
    expect(await survivors(refs)).toBe(0);
  });
});
