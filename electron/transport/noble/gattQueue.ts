/**
 * One GATT operation at a time per connection, each bounded and cancellable. noble has no timeouts: a
 * request to a peer whose host died stays pending forever, and one issued after the link dropped never
 * settles (../shared/ble-notes.md). So every operation here settles on the first of: its result, its
 * caller's abort, the link going down, or its own time limit.
 */
import { FlussError, toFlussError } from '../../protocol/errors';

export class GattQueue {
  private tail: Promise<unknown> = Promise.resolve();
  private readonly down = new AbortController();

  constructor(
    /** Upper bound of one operation (ATT's own transaction timeout is 30 s, Vol 3 Part F 3.3.3). */
    private readonly timeoutMs: number,
  ) {}

  /** Fails every queued and running operation: the link is gone. */
  linkDown(reason: string): void {
    if (!this.down.signal.aborted) this.down.abort(disconnected(reason));
  }

  get isDown(): boolean {
    return this.down.signal.aborted;
  }

  run<T>(what: string, operation: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    const start = () => this.settle(what, operation, signal);
    const result = this.tail.then(start, start);
    this.tail = result.catch(() => undefined);
    return result;
  }

  private settle<T>(what: string, operation: () => Promise<T>, signal: AbortSignal | undefined): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const stops = [this.down.signal, ...(signal ? [signal] : [])];
      const stopped = stops.find((s) => s.aborted);
      if (stopped) {
        reject(reasonOf(stopped));
        return;
      }
      const onStop = (event: Event) => finish(() => reject(reasonOf(event.target as AbortSignal)));
      const timer = setTimeout(
        () => finish(() => reject(new FlussError('TIMEOUT', `The Bluetooth stack did not finish ${what} within ${this.timeoutMs / 1000} s.`, 'Move closer to the device and try again.'))),
        this.timeoutMs,
      );
      const finish = (settle: () => void) => {
        clearTimeout(timer);
        for (const s of stops) s.removeEventListener('abort', onStop);
        settle();
      };
      for (const s of stops) s.addEventListener('abort', onStop, { once: true });
      operation().then(
        (value) => finish(() => resolve(value)),
        (error: unknown) =>
          finish(() => reject(this.isDown ? reasonOf(this.down.signal) : new FlussError('PROTOCOL_ERROR', `The device refused ${what}: ${toFlussError(error).message}`, undefined, { cause: error }))),
      );
    });
  }
}

export function disconnected(reason: string): FlussError {
  return new FlussError('DISCONNECTED', `The Bluetooth link is down (${reason}).`, 'Reconnect to the device.');
}

function reasonOf(signal: AbortSignal): FlussError {
  const reason: unknown = signal.reason;
  return reason instanceof FlussError ? reason : new FlussError('ABORTED', 'The operation was cancelled.');
}
