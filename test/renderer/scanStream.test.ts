/** The renderer's side of the scan stream: snapshot, deltas, and a fresh snapshot asked for after a gap. */
import { beforeEach, describe, expect, it } from 'vitest';
import { setApi } from '../../renderer/src/api';
import { onScanDevices } from '../../renderer/src/effects/scan';
import { scannedGates, visibleDevices } from '../../renderer/src/store/scanSlice';
import { resetStore, useStore } from '../../renderer/src/store/store';
import { fakeApi, type FakeApi } from './fakeApi';
import { MAIN_GATE, scanList } from './fixtures';

let fake: FakeApi;
beforeEach(() => {
  resetStore();
  fake = fakeApi();
  setApi(fake.api);
});

const opts = { query: '', kindFilter: 'all', sortOrder: 'signal', showOthers: false } as const;

describe('scan stream in the store', () => {
  it('applies a snapshot then deltas, keeping unchanged devices as the same objects', () => {
    onScanDevices({ type: 'snapshot', seq: 3, devices: scanList(1000) });
    const before = useStore.getState().devices;
    onScanDevices({ type: 'delta', seq: 4, changed: [], signals: [{ key: 'b', rssi: -50, rankRssi: -50, lastSeen: 2000 }], removed: ['c'] });
    const after = useStore.getState().devices;
    expect(after).toHaveLength(4);
    expect(after[0]).toBe(before[0]);
    expect(after.find((d) => d.key === 'b')).toMatchObject({ rssi: -50, lastSeen: 2000 });
    expect(useStore.getState().scanSeq).toBe(4);
    expect(fake.calls.filter((c) => c.channel === 'scan.start')).toHaveLength(0);
  });

  it('asks for a snapshot when a delta is missing, and ignores deltas until it comes', async () => {
    onScanDevices({ type: 'snapshot', seq: 1, devices: scanList(1000) });
    onScanDevices({ type: 'delta', seq: 3, changed: [], signals: [], removed: ['a'] });
    onScanDevices({ type: 'delta', seq: 4, changed: [], signals: [], removed: ['b'] });
    expect(useStore.getState().devices).toHaveLength(5);
    await Promise.resolve();
    expect(fake.calls.filter((c) => c.channel === 'scan.start')).toHaveLength(1);
  });

  it('sorts by the stable rank, not the live signal', () => {
    const list = scanList(1000).map((d) => (d.key === 'b' ? { ...d, rssi: -40, rankRssi: -63 } : { ...d, rankRssi: d.rssi }));
    expect(visibleDevices(list, opts).map((d) => d.name)).toEqual(['Front Door', 'Main Gate', 'New Intercom', 'Garage']);
    expect(scannedGates(list)[0]?.deviceId).toBe(MAIN_GATE);
  });

  it('search finds a device by what its row shows and by id or MAC fragments', () => {
    const list = scanList(1000);
    const find = (query: string) => visibleDevices(list, { ...opts, query }).map((d) => d.name);
    expect(find('fluss+ gate')).toEqual(['Main Gate', 'Garage']);
    expect(find('gate')).toEqual(['Main Gate', 'Garage']);
    expect(find(MAIN_GATE.slice(0, 6).replace(/(..)(?!$)/g, '$1:'))).toContain('Main Gate');
    expect(find('FI-100')).toEqual(['Front Door']);
  });
});
