import type { DeviceEvent } from '../protocol/messages';
import { bounded } from './deadline';

/**
 * Records a session's events from the moment it is created, so a wait can be satisfied by an event that
 * arrived before the wait began (a device notifies its events before it answers the request).
 */
export class EventRecorder {
  private readonly events: DeviceEvent[] = [];
  private readonly waiters = new Set<() => void>();
  readonly stop: () => void;

  constructor(subscribe: (listener: (event: DeviceEvent) => void) => () => void) {
    this.stop = subscribe((event) => {
      this.events.push(event);
      for (const wake of this.waiters) wake();
    });
  }

  /** A point in the record: `waitFor(..., since)` ignores every event recorded before it. */
  mark(): number {
    return this.events.length;
  }

  /**
   * Resolves with the first recorded event (from `since` on, a mark) matching `predicate`, or rejects with
   * TIMEOUT naming `what`.
   */
  waitFor(what: string, predicate: (event: DeviceEvent) => boolean, timeoutMs: number, signal?: AbortSignal, since = 0): Promise<DeviceEvent> {
    return bounded(what, timeoutMs, signal, (inner) => {
      return new Promise<DeviceEvent>((resolve) => {
        const check = () => {
          const found = this.events.slice(since).find(predicate);
          if (!found) return;
          this.waiters.delete(check);
          resolve(found);
        };
        this.waiters.add(check);
        inner.addEventListener('abort', () => this.waiters.delete(check), { once: true });
        check();
      });
    });
  }
}
