/**
 * The radio process's side of the app's H4 trace: each packet noble's HCI binding sends or hears is
 * redacted at once (redact.ts, as the CLI's trace is: no attribute value, SMP payload or key leaves this
 * process), then batched like the advertisements (~50 ms) and sent to the app as an `h4` message, which
 * the app acknowledges once written. At most a few batches are unacknowledged at a time; while the app
 * is behind, packets wait in a bounded queue and past it are dropped and counted, and the next batch
 * says how many (the trace's btsnoop drops). A burst therefore costs bounded memory in both processes.
 */
import { redactH4 } from '../diagnostics/redact';
import type { Direction } from '../diagnostics/btsnoop';
import { MAX_H4_BATCH, MAX_H4_PACKET_BYTES, type FromRadio, type H4Packet } from './messages';

export type H4Batch = FromRadio & { t: 'h4' };

export interface H4ForwarderOptions {
  send: (batch: H4Batch) => void;
  /** Microseconds since the Unix epoch (diagnostics/bleTrace.ts `clockUs`). */
  clockUs: () => bigint;
  flushMs?: number;
  /** Batches sent and not yet acknowledged, at most. */
  maxInFlight?: number;
  /** Packets and base64 characters waiting to be sent, at most; past either, packets are dropped. */
  maxQueued?: number;
  maxQueuedChars?: number;
  /** An acknowledgement lost (a torn message) must not stall the trace for good: a batch counts as delivered after this. */
  ackTimeoutMs?: number;
  now?: () => number;
}

const DEFAULTS = { flushMs: 50, maxInFlight: 4, maxQueued: 4 * MAX_H4_BATCH, maxQueuedChars: 1 << 20, ackTimeoutMs: 5_000 };

export class H4Forwarder {
  private readonly options: typeof DEFAULTS & H4ForwarderOptions;
  private queue: H4Packet[] = [];
  private queuedChars = 0;
  private dropped = 0;
  /** Each unacknowledged batch's sequence number and when it was sent. */
  private readonly inFlight = new Map<number, number>();
  private nextSeq = 1;
  private timer: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(options: H4ForwarderOptions) {
    this.options = { ...DEFAULTS, ...options };
  }

  /** One packet as it passed (tapH4's listener). Never throws into the stack. */
  push(packet: Uint8Array, direction: Direction): void {
    if (this.closed || packet.length === 0) return;
    // Longer than any HCI packet: the app would refuse the whole batch (messages.ts), so count it out instead.
    if (packet.length > MAX_H4_PACKET_BYTES) {
      this.dropped += 1;
      return;
    }
    const data = Buffer.from(redactH4(packet)).toString('base64');
    if (this.queue.length >= this.options.maxQueued || this.queuedChars + data.length > this.options.maxQueuedChars) {
      this.dropped += 1;
      return;
    }
    this.queue.push({ dir: direction, at: Number(this.options.clockUs()), data });
    this.queuedChars += data.length;
    if (this.queue.length >= MAX_H4_BATCH) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), this.options.flushMs).unref();
  }

  /** The app wrote batch `seq`: room for the next. */
  acked(seq: number): void {
    if (this.inFlight.delete(seq) && (this.queue.length > 0 || this.dropped > 0)) this.flush();
  }

  /** Sends what waits, as far as the batches in flight allow (the rest goes when an acknowledgement comes). */
  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const now = (this.options.now ?? Date.now)();
    for (const [seq, sentAt] of this.inFlight) if (now - sentAt >= this.options.ackTimeoutMs) this.inFlight.delete(seq);
    while ((this.queue.length > 0 || this.dropped > 0) && this.inFlight.size < this.options.maxInFlight) {
      const packets = this.queue.splice(0, MAX_H4_BATCH);
      for (const packet of packets) this.queuedChars -= packet.data.length;
      const seq = this.nextSeq++;
      this.inFlight.set(seq, now);
      this.options.send({ t: 'h4', seq, packets, dropped: this.dropped });
      this.dropped = 0;
    }
    // Still waiting for an acknowledgement: try again later in case it never comes.
    if (this.queue.length > 0 || this.dropped > 0) this.timer = setTimeout(() => this.flush(), this.options.ackTimeoutMs).unref();
  }

  /** Packets waiting (tests, and a bound the fuzz and soak runs can watch). */
  get queued(): number {
    return this.queue.length;
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.timer);
  }
}
