/** A stable "strongest first" order (issue 10, section 3): jitter never reorders; a real move does, once. */
import { describe, expect, it } from 'vitest';
import type { ScannedDeviceView } from '../../electron/ipc/contract';
import { ORDER_HYSTERESIS_DB, SignalRanker } from '../../electron/services/signalRank';
import { bySignal } from '../../renderer/src/store/signalOrder';

/** Deterministic noise in [-1, 1) (a linear congruential generator). */
function noise(seed: number): () => number {
  let x = seed;
  return () => {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    return (x / 2 ** 31) * 2 - 1;
  };
}

describe('SignalRanker', () => {
  it('keeps a device in place while its signal jitters by a few dB', () => {
    const ranker = new SignalRanker();
    const jitter = noise(7);
    const ranks = new Set<number>();
    for (let i = 0; i < 25; i++) ranker.rank('a', -70 + jitter() * 4); // its first 5 s: settling
    for (let i = 0; i < 500; i++) ranks.add(ranker.rank('a', -70 + jitter() * 4));
    expect(ranks.size).toBe(1);
  });

  it('moves a device that really came closer, once', () => {
    const ranker = new SignalRanker();
    const seen: number[] = [];
    for (let i = 0; i < 50; i++) seen.push(ranker.rank('a', -80));
    for (let i = 0; i < 100; i++) seen.push(ranker.rank('a', -60));
    const changes = seen.filter((r, i) => i > 0 && r !== seen[i - 1]);
    expect(seen[49]).toBe(-80);
    expect(changes.length).toBeGreaterThanOrEqual(1);
    expect(changes.length).toBeLessThanOrEqual(4); // by steps of at least ORDER_HYSTERESIS_DB
    expect(Math.abs((seen.at(-1) ?? 0) + 60)).toBeLessThanOrEqual(ORDER_HYSTERESIS_DB);
  });

  it('never swaps Front Door and Main Gate (5 dB apart) under ±3 dB of jitter', () => {
    const ranker = new SignalRanker();
    const jitter = noise(11);
    const view = (key: string, name: string, mean: number): ScannedDeviceView => {
      const rssi = mean + jitter() * 3;
      return { key, kind: 'gate', name, rssi, rankRssi: ranker.rank(key, rssi), lastSeen: 0 };
    };
    const orders = new Set<string>();
    for (let i = 0; i < 1000; i++) {
      const list = [view('b', 'Main Gate', -63), view('a', 'Front Door', -58)].sort(bySignal);
      orders.add(list.map((d) => d.name).join(','));
    }
    expect([...orders]).toEqual(['Front Door,Main Gate']);
  });

  it('breaks ties by name, so equal signals never swap', () => {
    const a: ScannedDeviceView = { key: 'x', kind: 'gate', name: 'Alpha', rssi: -61, rankRssi: -70, lastSeen: 0 };
    const b: ScannedDeviceView = { key: 'y', kind: 'gate', name: 'Beta', rssi: -79, rankRssi: -70, lastSeen: 0 };
    expect([b, a].sort(bySignal).map((d) => d.name)).toEqual(['Alpha', 'Beta']);
  });

  it('does not let a first advert a few dB off fix a device above a stronger one', () => {
    const ranker = new SignalRanker();
    const jitter = noise(3);
    // The first advert of a -65 dBm gate came in 7 dB strong; Front Door is at -58 dBm.
    ranker.rank('gate', -58);
    ranker.rank('door', -58);
    let gate = 0;
    let door = 0;
    for (let i = 0; i < 60; i++) {
      gate = ranker.rank('gate', -65 + jitter());
      door = ranker.rank('door', -58 + jitter());
    }
    expect(door).toBeGreaterThan(gate);
  });

  it('forgets devices that are gone', () => {
    const ranker = new SignalRanker();
    ranker.rank('a', -80);
    ranker.keepOnly(new Set());
    expect(ranker.rank('a', -50)).toBe(-50);
  });
});
