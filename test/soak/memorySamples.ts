/**
 * The soak's memory measure. One sample against one other is at the mercy of whatever happened to be in
 * flight at that instant (a link's buffers, a pending timer's closure), so the soak samples after every
 * cycle from the warm-up on and compares the median of the first `window` samples with the median of the
 * last `window`. Each sample follows two forced full collections (node --expose-gc), so heapUsed counts
 * live objects only; RSS also holds code, native buffers and pages the allocator has not returned.
 */

export interface MemorySample {
  rss: number;
  heapUsed: number;
}

/** Memory after a full collection when the process allows one (node --expose-gc), else as it stands. */
export function sample(): MemorySample {
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  gc?.();
  const { rss, heapUsed } = process.memoryUsage();
  return { rss, heapUsed };
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
};

function medianOf(samples: readonly MemorySample[]): MemorySample {
  return { rss: median(samples.map((s) => s.rss)), heapUsed: median(samples.map((s) => s.heapUsed)) };
}

/** Keeps the first and the latest `window` samples only, so the soak's own bookkeeping stays constant. */
export class MemoryTrend {
  private readonly first: MemorySample[] = [];
  private readonly latest: MemorySample[] = [];

  constructor(readonly window: number) {}

  add(next: MemorySample): void {
    if (this.first.length < this.window) this.first.push(next);
    this.latest.push(next);
    if (this.latest.length > this.window) this.latest.shift();
  }

  get size(): number {
    return this.latest.length;
  }

  /** The median of the first samples, and of the latest ones (the same samples when few were taken). */
  ends(): { warm: MemorySample; end: MemorySample } {
    return { warm: medianOf(this.first), end: medianOf(this.latest) };
  }
}

export const growthPct = (from: number, to: number) => ((to - from) / from) * 100;
