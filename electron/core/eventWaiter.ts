import type { DeviceEvent } from '../protocol/messages';
import { bounded } from './deadline';
import { linkLostError } from './linkWords';

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

/** What `orLinkLost` needs of a session: whether its link is up, and word when it drops. */
interface Watched {
  readonly connected: boolean;
  readonly label: string;
  onDisconnect(listener: (reason: string) => void): () => void;
}

/**
 * `wait`, or DISCONNECTED in the technician's words as soon as `session`'s link drops: a wait for an
 * event that can no longer come ends at once, not at its timeout.
 */
export function orLinkLost<T>(session: Watched, wait: Promise<T>): Promise<T> {
  let off = (): void => undefined;
  const lost = new Promise<never>((_, reject) => {
    if (!session.connected) reject(linkLostError(session.label));
    else off = session.onDisconnect((reason) => reject(linkLostError(session.label, { reason })));
  });
  return Promise.race([wait, lost]).finally(() => off());
}
