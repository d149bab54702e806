/** The soak's memory measure: medians of the first and the latest samples, with constant bookkeeping. */
import { describe, expect, it } from 'vitest';
import { growthPct, MemoryTrend } from './memorySamples';

const mb = (n: number) => n * 1024 * 1024;
const at = (heapMb: number, rssMb = 100) => ({ heapUsed: mb(heapMb), rss: mb(rssMb) });

describe('MemoryTrend', () => {
  it('compares the median of the first window with the median of the last, so one odd sample moves neither', () => {
    const trend = new MemoryTrend(3);
    for (const heap of [20, 35, 21, 22, 22, 23, 24, 60, 24]) trend.add(at(heap));
    const { warm, end } = trend.ends();
    expect(warm.heapUsed).toBe(mb(21));
    expect(end.heapUsed).toBe(mb(24));
    expect(growthPct(warm.heapUsed, end.heapUsed)).toBeCloseTo((24 / 21 - 1) * 100);
  });

  it('keeps no more samples than its window, however long the soak', () => {
    const trend = new MemoryTrend(4);
    for (let i = 0; i < 1000; i++) trend.add(at(20 + (i % 2)));
    expect(trend.size).toBe(4);
  });

  it('with fewer samples than a window, both ends are the median of what there is (an even count averages the middle two)', () => {
    const trend = new MemoryTrend(10);
    trend.add(at(10, 100));
    trend.add(at(12, 104));
    expect(trend.ends()).toEqual({ warm: at(11, 102), end: at(11, 102) });
  });
});
