import { describe, expect, it } from 'vitest';
import { Scanner } from '../../electron/core/scanner';
import { encodeManufacturerData } from '../../electron/protocol/advertising';
import { GATE_SERVICE } from '../../electron/protocol/gattProfile';
import type { Transport } from '../../electron/transport/transport';

const idleTransport: Transport = {
  name: 'test',
  startScan: () => Promise.resolve(),
  stopScan: () => Promise.resolve(),
  connect: () => Promise.reject(new Error('not used')),
  close: () => Promise.resolve(),
};

const gateAdvert = (rssi: number, at: number) => ({
  address: 'f1:60:00:00:00:01',
  localName: 'Main Gate',
  serviceUuids: [GATE_SERVICE],
  manufacturerData: encodeManufacturerData({ kind: 'gate', claimed: true, deviceId: 'f16000000001', modelCode: 2, firmware: '2.1.0' }),
  rssi,
  receivedAt: at,
});

describe('Scanner', () => {
  it('keeps one entry per device and smooths its signal', () => {
    const scanner = new Scanner(idleTransport, { smoothing: 0.5 });
    scanner.observe(gateAdvert(-60, 1));
    scanner.observe(gateAdvert(-80, 2));
    const devices = scanner.devices();
    expect(devices).toHaveLength(1);
    expect(devices[0]).toMatchObject({ kind: 'gate', deviceId: 'f16000000001', name: 'Main Gate', rssi: -70, firstSeen: 1, lastSeen: 2 });
    void scanner.stop();
  });

  it('classifies an advertiser without the Fluss+ service as other, even with a look-alike payload', () => {
    const scanner = new Scanner(idleTransport);
    scanner.observe({ ...gateAdvert(-50, 1), serviceUuids: [] });
    expect(scanner.devices()[0]?.kind).toBe('other');
    void scanner.stop();
  });

  it('ages out devices that stop advertising, and reports changes coalesced', async () => {
    let now = 0;
    const scanner = new Scanner(idleTransport, { staleAfterMs: 1000, coalesceMs: 10, now: () => now });
    const reports: number[] = [];
    scanner.onChange((devices) => reports.push(devices.length));
    await scanner.start();
    for (let i = 0; i < 50; i++) scanner.observe(gateAdvert(-60, 0));
    await new Promise((r) => setTimeout(r, 30));
    expect(reports).toEqual([1]);
    now = 5000;
    await new Promise((r) => setTimeout(r, 300));
    expect(scanner.devices()).toEqual([]);
    expect(reports.at(-1)).toBe(0);
    await scanner.stop();
  });
});
