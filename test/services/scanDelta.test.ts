/** The scan stream as changes (issue 10, section 3): what main sends, and the merge every window uses. */
import { describe, expect, it } from 'vitest';
import type { ScanChange, ScannedDeviceView } from '../../electron/ipc/contract';
import { applyScanChange } from '../../electron/ipc/scanChange';
import { ScanDeltaTracker } from '../../electron/services/scanDelta';

const gate = (n: number, rssi = -70, lastSeen = 10_000, extra: Partial<ScannedDeviceView> = {}): ScannedDeviceView => ({
  key: `f16${String(n).padStart(9, '0')}`,
  kind: 'gate',
  deviceId: `f16${String(n).padStart(9, '0')}`,
  name: `Gate ${n}`,
  rssi,
  rankRssi: -70,
  lastSeen,
  ...extra,
});

function fold(changes: ScanChange[]): ScannedDeviceView[] {
  let devices: ScannedDeviceView[] = [];
  let seq: number | null = null;
  for (const change of changes) {
    const merged = applyScanChange(devices, seq, change);
    if (merged.status !== 'merged') throw new Error('out of sequence');
    devices = merged.devices;
    seq = merged.seq;
  }
  return devices;
}

describe('ScanDeltaTracker', () => {
  it('sends a snapshot, then only what changed on screen', () => {
    const t = new ScanDeltaTracker();
    const first = [gate(1), gate(2)];
    expect(t.snapshot(first)).toEqual({ type: 'snapshot', seq: 1, devices: first });
    // Jitter under 2 dB and a last-heard time 200 ms later: nothing to send.
    expect(t.delta([gate(1, -71, 10_200), gate(2, -69, 10_200)], 10_200)).toBeUndefined();
    // A new device in full; a signal 2 dB away as a signal update; nothing for the steady one.
    const next = t.delta([gate(1, -72, 10_400), gate(2, -69.5, 10_400), gate(3)], 10_400);
    expect(next).toEqual({
      type: 'delta',
      seq: 2,
      changed: [gate(3)],
      signals: [{ key: gate(1).key, rssi: -72, rankRssi: -70, lastSeen: 10_400 }],
      removed: [],
    });
  });

  it('sends a renamed or claimed device in full, and the key of one aged out', () => {
    const t = new ScanDeltaTracker();
    t.snapshot([gate(1), gate(2)]);
    const renamed = gate(1, -70, 10_000, { name: 'Back Gate' });
    expect(t.delta([renamed], 10_000)).toMatchObject({ changed: [renamed], signals: [], removed: [gate(2).key] });
  });

  it('refreshes last-heard every 3 s for a device heard all along, and exactly once it goes quiet', () => {
    const t = new ScanDeltaTracker();
    t.snapshot([gate(1, -70, 0)]);
    expect(t.delta([gate(1, -70, 2900)], 2900)).toBeUndefined();
    expect(t.delta([gate(1, -70, 3000)], 3000)).toMatchObject({ signals: [{ lastSeen: 3000 }] });
    // Heard at 4000, then silent: at 5500 (1.5 s of silence) the window learns the true time.
    expect(t.delta([gate(1, -70, 4000)], 4000)).toBeUndefined();
    expect(t.delta([gate(1, -70, 4000)], 5500)).toMatchObject({ signals: [{ lastSeen: 4000 }] });
    expect(t.delta([gate(1, -70, 4000)], 6500)).toBeUndefined();
  });

  it('sends a change of place in the order at once', () => {
    const t = new ScanDeltaTracker();
    t.snapshot([gate(1, -70)]);
    expect(t.delta([gate(1, -70.5, 10_000, { rankRssi: -64 })], 10_000)).toMatchObject({ signals: [{ rankRssi: -64 }] });
  });

  it('keeps a window that folds the stream in step with the scanner, with far fewer bytes than full lists', () => {
    const t = new ScanDeltaTracker();
    let current = Array.from({ length: 1000 }, (_, i) => gate(i, -60 - (i % 40), 0));
    const sent: ScanChange[] = [t.snapshot(current)];
    let fullBytes = 0;
    // 10 s of updates every 200 ms: every device heard each time, its signal wandering ±1.5 dB.
    for (let now = 200; now <= 10_000; now += 200) {
      current = current.map((d, i) => ({ ...d, rssi: -60 - (i % 40) + Math.sin(now / 300 + i) * 1.5, lastSeen: now }));
      const change = t.delta(current, now);
      if (change) sent.push(change);
      fullBytes += JSON.stringify(current).length;
    }
    const window = fold(sent);
    expect(window.map((d) => d.key)).toEqual(current.map((d) => d.key));
    for (const [i, d] of window.entries()) {
      expect(Math.abs(d.rssi - (current[i]?.rssi ?? 0))).toBeLessThan(2);
      expect((current[i]?.lastSeen ?? 0) - d.lastSeen).toBeLessThan(3000);
    }
    const deltaBytes = sent.slice(1).reduce((n, c) => n + JSON.stringify(c).length, 0);
    expect(deltaBytes).toBeLessThan(fullBytes / 10);
  });
});

describe('applyScanChange', () => {
  it('keeps unchanged devices as the same objects, in place, and appends new ones', () => {
    const a = gate(1);
    const b = gate(2);
    const merged = applyScanChange([a, b], 4, { type: 'delta', seq: 5, changed: [gate(3)], signals: [{ key: b.key, rssi: -50, rankRssi: -50, lastSeen: 1 }], removed: [] });
    expect(merged.status).toBe('merged');
    if (merged.status !== 'merged') return;
    expect(merged.devices[0]).toBe(a);
    expect(merged.devices[1]).toMatchObject({ key: b.key, rssi: -50 });
    expect(merged.devices.map((d) => d.name)).toEqual(['Gate 1', 'Gate 2', 'Gate 3']);
  });

  it('asks for a snapshot when a delta comes out of sequence or before any snapshot', () => {
    const delta: ScanChange = { type: 'delta', seq: 7, changed: [], signals: [], removed: [] };
    expect(applyScanChange([], 5, delta)).toEqual({ status: 'resync' });
    expect(applyScanChange([], null, delta)).toEqual({ status: 'resync' });
    expect(applyScanChange([gate(1)], 5, { type: 'snapshot', seq: 9, devices: [gate(2)] })).toEqual({ status: 'merged', seq: 9, devices: [gate(2)] });
  });

  it('ignores signals for devices it does not hold and drops removed ones', () => {
    const merged = applyScanChange([gate(1), gate(2)], 1, { type: 'delta', seq: 2, changed: [], signals: [{ key: 'nope', rssi: -1, rankRssi: -1, lastSeen: 1 }], removed: [gate(1).key] });
    expect(merged).toMatchObject({ status: 'merged', devices: [gate(2)] });
  });
});
