/**
 * One radio, many listeners. A Transport scans for one caller at a time (a second startScan replaces
 * the first), but the app keeps a live scan on screen while sessions find devices by id. This wrapper
 * runs one scan underneath and hands every advertisement to each view that is scanning; each view is
 * a Transport of its own, so the core's Scanner and findDevice use it unchanged.
 */
import type { Advertisement, Link, ScanOptions, Transport } from '../transport/transport';

type Listener = (advertisement: Advertisement) => void;

export class ScanShare {
  private readonly listeners = new Set<Listener>();
  private running = false;

  constructor(readonly base: Transport) {}

  /** A Transport whose scans come from the shared scan; connect and close go to the base transport. */
  view(): Transport {
    let current: Listener | undefined;
    const stop = (): Promise<void> => {
      if (current) this.listeners.delete(current);
      current = undefined;
      return this.settle();
    };
    return {
      name: this.base.name,
      startScan: (onAdvertisement, options: ScanOptions = {}) => {
        if (current) this.listeners.delete(current);
        const wanted = options.serviceUuids?.map((u) => u.toLowerCase()) ?? [];
        const listener: Listener = (ad) => {
          if (wanted.length === 0 || ad.serviceUuids.some((u) => wanted.includes(u.toLowerCase()))) onAdvertisement(ad);
        };
        current = listener;
        this.listeners.add(listener);
        options.signal?.addEventListener(
          'abort',
          () => {
            if (current === listener) void stop();
          },
          { once: true },
        );
        return this.settle();
      },
      stopScan: stop,
      connect: (address: string, options: { signal?: AbortSignal }): Promise<Link> => this.base.connect(address, options),
      close: () => stop(),
    };
  }

  /** How many views are scanning now (for tests and diagnostics). */
  get scanners(): number {
    return this.listeners.size;
  }

  /** Starts the base scan when the first view wants it and stops it when the last one leaves. */
  private async settle(): Promise<void> {
    if (this.listeners.size > 0 && !this.running) {
      this.running = true;
      await this.base.startScan((ad) => {
        for (const listener of [...this.listeners]) listener(ad);
      });
    } else if (this.listeners.size === 0 && this.running) {
      this.running = false;
      await this.base.stopScan();
    }
  }

  async close(): Promise<void> {
    this.listeners.clear();
    this.running = false;
    await this.base.close();
  }
}
