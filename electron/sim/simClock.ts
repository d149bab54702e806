import type { Clock } from '../firmware/types';

/** Wall-clock time moved forward by a persisted offset, so a technician can fast-forward a simulated site. */
export class SimClock implements Clock {
  constructor(
    private offsetMs: number,
    private readonly wall: () => number = Date.now,
  ) {}

  now(): number {
    return this.wall() + this.offsetMs;
  }

  get offset(): number {
    return this.offsetMs;
  }

  advance(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError('the simulated clock only moves forward');
    this.offsetMs += Math.round(ms);
  }
}
