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

  /**
   * Opens the first session, trying again at each backoff step while the link is lost before the
   * handshake ends: nothing has been asked of the device yet, so a lost link there changes nothing on it
   * (link issue #8, item 4). Other refusals (wrong key, not genuine, cancelled) are thrown at once.
   */
  static async open<S extends DeviceSession>(open: (options: OperationOptions) => Promise<S>, options: OperationOptions = {}): Promise<SessionKeeper<S>> {
    let lastError: unknown;
    for (const waitMs of RECONNECT_BACKOFF_MS) {
      await abortableSleep(waitMs, options.signal);
      try {
        return new SessionKeeper(await open(options), open);
      } catch (error) {
        // Only a dropped link: a connect that timed out already waited its full time for an absent device.
        if (!(error instanceof FlussError && error.code === 'DISCONNECTED') || options.signal?.aborted) throw error;
        lastError = error;
      }
    }
    throw lastError;
  }

  get session(): S {
    return this.current;
  }

  /**
   * Drops the current session and opens a new one, trying each backoff step before giving up (only the
   * first with `once`: a quick check whether the device is back).
   */
  async reconnect(options: OperationOptions = {}, how: { once?: boolean } = {}): Promise<S> {
    await this.current.close();
    let lastError: unknown;
    for (const waitMs of how.once ? RECONNECT_BACKOFF_MS.slice(0, 1) : RECONNECT_BACKOFF_MS) {
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
