/**
 * Keeps one authenticated session alive across dropped links: when a job finds the link down (or had
 * to end a session after a timeout), it asks for a reconnect, which waits with backoff, opens a fresh
 * link and runs the handshake again. A new session never reuses the old session's keys or counters.
 */
import { FlussError } from '../protocol/errors';
import { abortableSleep } from '../transport/abortableSleep';
import type { OperationOptions } from './deadline';
import type { DeviceSession } from './deviceSession';

/** Waits before reconnect attempts 1, 2, 3: give a device that rebooted or a busy radio a moment. */
export const RECONNECT_BACKOFF_MS = [0, 250, 1000] as const;

export class SessionKeeper<S extends DeviceSession> {
  private current: S;

  constructor(
    first: S,
    private readonly open: (options: OperationOptions) => Promise<S>,
  ) {
    this.current = first;
  }

  get session(): S {
    return this.current;
  }

  /** Drops the current session and opens a new one, trying each backoff step before giving up. */
  async reconnect(options: OperationOptions = {}): Promise<S> {
    await this.current.close();
    let lastError: unknown;
    for (const waitMs of RECONNECT_BACKOFF_MS) {
      await abortableSleep(waitMs, options.signal);
      try {
        this.current = await this.open(options);
        return this.current;
      } catch (error) {
        if (error instanceof FlussError && (error.code === 'ABORTED' || error.code === 'AUTH_FAILED')) throw error;
        lastError = error;
      }
    }
    throw lastError instanceof FlussError
      ? lastError
      : new FlussError('DISCONNECTED', 'The device could not be reached again.', 'Move closer to the device and try again.');
  }

  close(): Promise<void> {
    return this.current.close();
  }
}
