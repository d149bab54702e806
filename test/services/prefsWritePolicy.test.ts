/**
 * No preferences writes during a scan (issue 10, section 3: 4.6 writes a second with 1,000 gates):
 * the remembered-devices list is written when its membership changes, at most every few seconds, and
 * devices above the cap do not look new on every advert.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_PREFS, PrefsModel, type SeenDevice, type StoredPrefs } from '../../electron/services/prefsStore';

const gates = (n: number, lastSeen: number, from = 0): SeenDevice[] =>
  Array.from({ length: n }, (_, i) => ({ deviceId: `f16${String(from + i).padStart(9, '0')}`, kind: 'gate' as const, name: `Gate ${from + i}`, lastSeen }));

let clock = 0;
let writes: StoredPrefs[] = [];
const model = (policy: { maxDevicesSeen?: number } = {}) =>
  new PrefsModel(structuredClone(DEFAULT_PREFS), (p) => writes.push(structuredClone(p)), [], { writeIntervalMs: 5000, now: () => clock, ...policy });

beforeEach(() => {
  vi.useFakeTimers();
  clock = 1_000_000;
  writes = [];
});
afterEach(() => vi.useRealTimers());

/** Advances the fake timers and the model's clock together. */
function advance(ms: number): void {
  clock += ms;
  vi.advanceTimersByTime(ms);
}

describe('remembered devices: when the preferences are written', () => {
  it('writes the first devices heard at once, then nothing while the same 1,000 devices keep advertising', () => {
    const prefs = model();
    prefs.noteDevicesSeen(gates(1000, clock), 'Big site');
    expect(writes).toHaveLength(1);
    expect(Object.keys(writes[0]?.devicesSeen ?? {})).toHaveLength(1000);
    // 60 s of scan updates every 200 ms, last-heard times moving on.
    for (let i = 0; i < 300; i++) {
      advance(200);
      prefs.noteDevicesSeen(gates(1000, clock), 'Big site');
    }
    expect(writes).toHaveLength(1);
    // ...and the last-heard times are not lost: they go out with the next write.
    prefs.flush();
    expect(writes).toHaveLength(2);
    expect(writes[1]?.devicesSeen[gates(1, 0)[0]?.deviceId ?? '']?.lastSeen).toBe(clock);
  });

  it('gathers devices that arrive one by one into one write per interval', () => {
    const prefs = model();
    prefs.noteDevicesSeen(gates(1, clock), 'Big site');
    expect(writes).toHaveLength(1);
    for (let i = 1; i <= 20; i++) {
      advance(100);
      prefs.noteDevicesSeen(gates(1, clock, i), 'Big site'); // a new device every 100 ms
    }
    expect(writes).toHaveLength(1);
    advance(5000);
    expect(writes).toHaveLength(2);
    expect(Object.keys(writes[1]?.devicesSeen ?? {})).toHaveLength(21);
  });

  it('writes when a remembered device is renamed', () => {
    const prefs = model();
    prefs.noteDevicesSeen(gates(2, clock));
    advance(6000);
    prefs.noteDevicesSeen(gates(1, clock).map((d) => ({ ...d, name: 'Back Gate' })));
    expect(writes).toHaveLength(2);
    expect(prefs.devicesSeen().map((d) => d.name)).toContain('Back Gate');
  });

  it('does not churn when more devices advertise than it remembers: those above the cap stay out', () => {
    const prefs = model({ maxDevicesSeen: 500 });
    prefs.noteDevicesSeen(gates(1000, clock));
    expect(writes).toHaveLength(1);
    expect(Object.keys(writes[0]?.devicesSeen ?? {})).toHaveLength(500);
    for (let i = 0; i < 100; i++) {
      advance(200);
      prefs.noteDevicesSeen(gates(1000, clock));
    }
    advance(10_000);
    expect(writes).toHaveLength(1);
    expect(prefs.devicesSeen()).toHaveLength(500);
  });

  it("writes the technician's own changes at once", () => {
    const prefs = model();
    prefs.noteDevicesSeen(gates(1, clock));
    prefs.update({ technicianName: 'Ana' });
    expect(writes).toHaveLength(2);
    expect(writes[1]?.technicianName).toBe('Ana');
  });

  it('flush writes nothing when nothing is held back', () => {
    const prefs = model();
    prefs.flush();
    expect(writes).toHaveLength(0);
  });
});
