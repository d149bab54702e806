/**
 * Where a device sorts in a "strongest first" list, stable under RSSI jitter (issue 10, section 3:
 * rows reordered on every small RSSI change, Front Door and Main Gate swapping 18 times in 15 s).
 *
 * The rule:
 * 1. A slow average of the device's smoothed signal takes out the jitter between adverts: the plain
 *    mean of its first 25 scan updates (about 5 s), then a moving average with weight 0.1 (a time
 *    constant of about 2 s).
 * 2. While a device is new (its first 25 updates) its sort key (`rankRssi`) is that average rounded to
 *    a dB: a first advert a few dB off must not fix its place for good.
 * 3. After that the key is anchored: it moves only when the average has moved `hysteresisDb` (6 dB)
 *    or more away from it. 6 dB is roughly twice or half the distance indoors: a device that really
 *    came closer or went away moves once; jitter of a few dB never reorders rows.
 *    The price: two devices within 6 dB of each other keep the order they settled in, which may be off
 *    by a dB or two (the first advert weighs in the settling average).
 * 4. Ties are broken by name, then key (renderer/src/store/signalOrder.ts), so equal keys never swap.
 */
export const ORDER_HYSTERESIS_DB = 6;
const AVERAGE_WEIGHT = 0.1;
const SETTLING_UPDATES = 25;

export class SignalRanker {
  private readonly state = new Map<string, { average: number; rank: number; updates: number }>();

  constructor(private readonly hysteresisDb = ORDER_HYSTERESIS_DB) {}

  /** The sort key for `key`, given its current smoothed signal. Call once per scan update. */
  rank(key: string, rssi: number): number {
    const s = this.state.get(key);
    if (!s) {
      const rank = Math.round(rssi);
      this.state.set(key, { average: rssi, rank, updates: 1 });
      return rank;
    }
    s.updates += 1;
    s.average += Math.max(AVERAGE_WEIGHT, 1 / s.updates) * (rssi - s.average);
    if (s.updates <= SETTLING_UPDATES || Math.abs(s.average - s.rank) >= this.hysteresisDb) s.rank = Math.round(s.average);
    return s.rank;
  }

  /** Drops devices no longer listed (one heard again later starts afresh). */
  keepOnly(keys: ReadonlySet<string>): void {
    for (const key of this.state.keys()) if (!keys.has(key)) this.state.delete(key);
  }
}
