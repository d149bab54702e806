/**
 * Find by name decides on what was heard (core/findRule.ts): at once for an id, after one advertising
 * round for a name, and a same-named device heard later is still reported. The transport here is a
 * scripted air (adverts at set times), standing in for a radio at the Transport boundary.
 */
import { describe, expect, it } from 'vitest';
import { Commissioner } from '../../electron/core/commissioner';
import { decideFind, SETTLE_LIMIT_MS } from '../../electron/core/findRule';
import { isStable } from '../../electron/core/findDevice';
import type { ScannedDevice } from '../../electron/core/scanner';
import { encodeManufacturerData } from '../../electron/protocol/advertising';
import { GATE_SERVICE, INTERCOM_SERVICE } from '../../electron/protocol/gattProfile';
import type { Advertisement, Transport } from '../../electron/transport/transport';
import { memoryCredentials } from '../helpers/demo';

interface Advertiser {
  kind: 'intercom' | 'gate';
  deviceId: string;
  name: string;
  /** First report this long after the air is made, then every `intervalMs` (a scan hears what is on air then). */
  startMs: number;
  intervalMs: number;
}

function scriptedAir(advertisers: Advertiser[]): Transport {
  const createdAt = Date.now();
  let timers: NodeJS.Timeout[] = [];
  const stop = () => {
    for (const t of timers) clearTimeout(t);
    timers = [];
    return Promise.resolve();
  };
  return {
    name: 'scripted',
    startScan(onAdvertisement: (a: Advertisement) => void) {
      for (const a of advertisers) {
        const emit = () =>
          onAdvertisement({
            address: a.deviceId.replace(/(..)(?!$)/g, '$1:'),
            localName: a.name,
            rssi: -60,
            serviceUuids: [a.kind === 'gate' ? GATE_SERVICE : INTERCOM_SERVICE],
            manufacturerData: encodeManufacturerData({ kind: a.kind, claimed: true, deviceId: a.deviceId, modelCode: 1, firmware: '1.0.0' }),
            receivedAt: Date.now(),
          });
        const since = Date.now() - createdAt - a.startMs;
        const next = since < 0 ? -since : a.intervalMs - (since % a.intervalMs);
        timers.push(setTimeout(() => {
          emit();
          timers.push(setInterval(emit, a.intervalMs));
        }, next));
      }
      return Promise.resolve();
    },
    stopScan: stop,
    connect: () => Promise.reject(new Error('not used')),
    close: stop,
  };
}

const device = (over: Partial<ScannedDevice> & Pick<ScannedDevice, 'key' | 'name' | 'kind'>): ScannedDevice => ({
  address: over.key,
  deviceId: over.key,
  rssi: -60,
  firstSeen: 1000,
  lastSeen: 1000,
  ...over,
});

describe('the find rule', () => {
  const frontDoor = device({ key: 'f1a000000001', name: 'Front Door', kind: 'intercom' });
  const mainGate = device({ key: 'f16000000001', name: 'Main Gate', kind: 'gate' });

  it('takes an id on its first report, and refuses an id of the other kind at once', () => {
    expect(decideFind([frontDoor], 'f1a000000001', 'intercom', 0)).toMatchObject({ status: 'found', device: frontDoor });
    expect(decideFind([frontDoor], 'F1:A0:00:00:00:01', 'intercom', 0)).toMatchObject({ status: 'found' });
    const refused = decideFind([frontDoor], 'f1a000000001', 'gate', 0);
    expect(refused.status === 'refused' && refused.error.message).toMatch(/is an intercom, not a gate/);
  });

  it('keeps listening on a name until some Fluss+ device was heard twice (one advertising round)', () => {
    expect(decideFind([frontDoor, mainGate], 'front door', 'intercom', 50).status).toBe('listening');
    const gateAgain = { ...mainGate, lastSeen: 1100 };
    expect(decideFind([frontDoor, gateAgain], 'front door', 'intercom', 100)).toMatchObject({ status: 'found', device: frontDoor });
    // A stack that reports each device once settles at the limit.
    expect(decideFind([frontDoor], 'Front Door', 'intercom', SETTLE_LIMIT_MS)).toMatchObject({ status: 'found' });
  });

  it('refuses two devices of that name as soon as both are heard', () => {
    const twin = device({ key: 'f1a000000009', name: 'front door', kind: 'intercom' });
    const decision = decideFind([frontDoor, twin], 'Front Door', 'intercom', 0);
    expect(decision.status === 'refused' && decision.error.message).toMatch(/More than one intercom is called "Front Door": f1a000000001, f1a000000009/);
  });

  it('refuses a name heard only on the other kind once the scan has settled', () => {
    expect(decideFind([mainGate], 'Main Gate', 'intercom', 10).status).toBe('listening');
    const decision = decideFind([{ ...mainGate, lastSeen: 1100 }], 'Main Gate', 'intercom', 100);
    expect(decision.status === 'refused' && decision.error.message).toMatch(/"Main Gate" is a gate, not an intercom/);
  });

  it('prefers the intercom to a phone of the same name when any kind will do', () => {
    const phone = device({ key: '5c:e9:1e:4a:10:02', name: 'Front Door', kind: 'other', deviceId: undefined });
    expect(decideFind([phone, { ...frontDoor, lastSeen: 1100 }], 'Front Door', undefined, 100)).toMatchObject({ status: 'found', device: { key: frontDoor.key } });
  });

  it('calls a scan stable once every device was heard again after the newest appeared', () => {
    const a = device({ key: 'a', name: 'A', kind: 'gate', firstSeen: 0, lastSeen: 250 });
    const b = device({ key: 'b', name: 'B', kind: 'gate', firstSeen: 90, lastSeen: 90 });
    expect(isStable([])).toBe(false);
    expect(isStable([a, b])).toBe(false);
    expect(isStable([a, { ...b, lastSeen: 190 }])).toBe(true);
  });
});

describe('find by name on the air', () => {
  const intercom = { kind: 'intercom', deviceId: 'f1a000000001', name: 'Front Door', startMs: 5, intervalMs: 40 } as const;
  const gate = { kind: 'gate', deviceId: 'f16000000001', name: 'Main Gate', startMs: 15, intervalMs: 40 } as const;

  it('resolves a unique name after one round, and reports a same-named device heard later', async () => {
    const lateTwin = { kind: 'intercom', deviceId: 'f1a000000009', name: 'Front Door', startMs: 400, intervalMs: 40 } as const;
    const commissioner = new Commissioner(scriptedAir([intercom, gate, lateTwin]), memoryCredentials());
    expect((await commissioner.find('Front Door', 'intercom')).deviceId).toBe('f1a000000001');
    await new Promise((resolve) => setTimeout(resolve, 450));
    // A later scan of the same run hears the second "Front Door": the earlier choice is no longer safe.
    await expect(commissioner.find('Main Gate', 'gate')).rejects.toThrow(/More than one intercom is called "Front Door": f1a000000001, f1a000000009/);
  });

  it('refuses two same-named devices heard in the same round', async () => {
    const twin = { kind: 'intercom', deviceId: 'f1a000000009', name: 'Front Door', startMs: 20, intervalMs: 40 } as const;
    const commissioner = new Commissioner(scriptedAir([intercom, twin, gate]), memoryCredentials());
    await expect(commissioner.find('Front Door', 'intercom')).rejects.toThrow(/More than one intercom is called "Front Door"/);
  });

  it('names the gates it heard while finding the intercom', async () => {
    const commissioner = new Commissioner(scriptedAir([intercom, gate]), memoryCredentials());
    await commissioner.find('Front Door', 'intercom');
    expect(commissioner.heard.get('f16000000001')?.name).toBe('Main Gate');
  });
});
