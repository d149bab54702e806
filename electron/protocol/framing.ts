/**
 * Segmentation and reassembly of messages over ATT writes and notifications (docs/protocol.md,
 * "Segmentation"). A write or notification carries at most ATT_MTU - 3 bytes (Core Spec Vol 3 Part F
 * 3.4.5.1 and 3.4.7.1), so every message larger than that is split into packets, each with one header byte.
 */
import { concatBytes } from './bytes';
import { fail, FlussError, ok, type Result } from './errors';
import { DEFAULT_ATT_MTU, MAX_MESSAGE_BYTES } from './gattProfile';

/** Header bit: this packet starts a message. */
export const FIRST = 0x80;
/** Header bit: this packet ends a message. */
export const LAST = 0x40;
/** Header bits 0-5: the packet's index within its message, modulo 64. */
export const INDEX_MASK = 0x3f;

/** ATT writes and notifications lose 3 bytes of the MTU to the opcode and handle. */
const ATT_OVERHEAD = 3;

/**
 * Splits a message into packets of at most `mtu - 3` bytes each (one header byte, then a chunk).
 * Throws FlussError MESSAGE_TOO_LARGE past MAX_MESSAGE_BYTES and INVALID_ARGUMENT for an empty message
 * or an MTU below 23: both are bugs in the sender, never conditions of the link.
 */
export function segment(message: Uint8Array, mtu: number): Uint8Array[] {
  if (message.length > MAX_MESSAGE_BYTES) {
    throw new FlussError(
      'MESSAGE_TOO_LARGE',
      `A message of ${message.length} bytes exceeds the protocol limit of ${MAX_MESSAGE_BYTES} bytes.`,
    );
  }
  if (message.length === 0) throw new FlussError('INVALID_ARGUMENT', 'An empty message cannot be sent.');
  if (!Number.isInteger(mtu) || mtu < DEFAULT_ATT_MTU) {
    throw new FlussError('INVALID_ARGUMENT', `ATT MTU ${mtu} is invalid; the minimum is ${DEFAULT_ATT_MTU}.`);
  }
  const chunkSize = mtu - ATT_OVERHEAD - 1;
  const packets: Uint8Array[] = [];
  for (let offset = 0, index = 0; offset < message.length; offset += chunkSize, index++) {
    const chunk = message.subarray(offset, offset + chunkSize);
    const packet = new Uint8Array(chunk.length + 1);
    packet[0] =
      (offset === 0 ? FIRST : 0) | (offset + chunkSize >= message.length ? LAST : 0) | (index & INDEX_MASK);
    packet.set(chunk, 1);
    packets.push(packet);
  }
  return packets;
}

/**
 * Rebuilds messages from packets, in order, for one direction of one link. Never throws: a broken
 * sequence is reported once as a failure and the partial message is discarded, so the next FIRST
 * packet starts clean.
 */
export class Reassembler {
  private chunks: Uint8Array[] = [];
  private total = 0;
  /** Index the next continuation must carry; undefined when no message is in progress. */
  private expected: number | undefined;

  constructor(private readonly maxBytes: number = MAX_MESSAGE_BYTES) {}

  /** ok(null) while a message is incomplete, ok(message) when its LAST packet arrives, or a failure. */
  push(packet: Uint8Array): Result<Uint8Array | null> {
    const header = packet[0];
    if (header === undefined) return this.abandon('PROTOCOL_ERROR', 'Received an empty packet.');
    const index = header & INDEX_MASK;
    if (header & FIRST) {
      // A FIRST mid-message means the peer gave up on the previous one and restarted: not an error.
      this.reset();
      if (index !== 0) return this.abandon('PROTOCOL_ERROR', `A first packet carried index ${index}, not 0.`);
      this.expected = 0;
    } else if (this.expected === undefined) {
      return this.abandon('PROTOCOL_ERROR', 'Received a continuation packet without a first packet.');
    } else if (index !== this.expected) {
      return this.abandon(
        'PROTOCOL_ERROR',
        `Packet ${index} arrived where packet ${this.expected} was expected.`,
      );
    }
    // A sender never produces an empty chunk, so one is a broken peer (and would allow zero-length messages).
    if (packet.length === 1) return this.abandon('PROTOCOL_ERROR', 'Received a packet without payload.');
    if (this.total + packet.length - 1 > this.maxBytes) {
      return this.abandon('MESSAGE_TOO_LARGE', `A message exceeded the limit of ${this.maxBytes} bytes.`);
    }
    // Copy: the transport may reuse its buffer for the next packet.
    this.chunks.push(packet.slice(1));
    this.total += packet.length - 1;
    this.expected = (this.expected + 1) & INDEX_MASK;
    if (!(header & LAST)) return ok(null);
    const message = concatBytes(...this.chunks);
    this.reset();
    return ok(message);
  }

  private abandon(code: 'PROTOCOL_ERROR' | 'MESSAGE_TOO_LARGE', message: string): Result<never> {
    this.reset();
    return fail(code, message);
  }

  private reset(): void {
    this.chunks = [];
    this.total = 0;
    this.expected = undefined;
  }
}
