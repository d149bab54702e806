/**
 * One direction of one secure session (docs/protocol.md, "Sealed frames and counters"):
 * [type][counter u32 BE][AES-256-GCM ciphertext || 16-byte tag], nonce = 8 zero bytes || counter,
 * AAD = the 5 header bytes || the channel label. Each key seals at most 2^32 - 1 frames, so a nonce
 * never repeats under a key.
 */
import { createCipheriv, createDecipheriv } from 'node:crypto';
import { concatBytes, readU32be, u32be, utf8 } from './bytes';
import { fail, FlussError, ok, type Result } from './errors';

export const HEADER_BYTES = 5;
export const TAG_BYTES = 16;
/** The last counter a channel may use; after it the session must be established again. */
export const MAX_COUNTER = 0xffffffff;

function nonce(counter: number): Uint8Array {
  return concatBytes(new Uint8Array(8), u32be(counter));
}

function aad(header: Uint8Array, label: Uint8Array): Uint8Array {
  return concatBytes(header, label);
}

/** Seals frames with counters 1, 2, 3, … */
export class SealingChannel {
  private readonly label: Uint8Array;

  /** `last` is the counter already used (0 for a fresh channel); tests start near the end with it. */
  constructor(
    private readonly key: Uint8Array,
    label: string,
    private last = 0,
  ) {
    this.label = utf8(label);
  }

  /** A sealed frame of the given type. Throws PROTOCOL_ERROR once the counter is exhausted. */
  seal(type: number, plain: Uint8Array): Uint8Array {
    if (this.last >= MAX_COUNTER) {
      throw new FlussError(
        'PROTOCOL_ERROR',
        'This secure session has used all its frame counters.',
        'Reconnect to the device.',
      );
    }
    const counter = this.last + 1;
    const header = concatBytes(Uint8Array.of(type), u32be(counter));
    const cipher = createCipheriv('aes-256-gcm', this.key, nonce(counter), { authTagLength: TAG_BYTES });
    cipher.setAAD(aad(header, this.label));
    const sealed = concatBytes(header, cipher.update(plain), cipher.final(), cipher.getAuthTag());
    this.last = counter;
    return sealed;
  }
}

/** Opens frames, accepting each counter exactly once and in order. */
export class OpeningChannel {
  private readonly label: Uint8Array;

  constructor(
    private readonly key: Uint8Array,
    label: string,
    private last = 0,
  ) {
    this.label = utf8(label);
  }

  /** The counter of the last frame opened (0 before the first). */
  get opened(): number {
    return this.last;
  }

  /**
   * The plaintext of a frame of the given type, or PROTOCOL_ERROR (wrong type, too short),
   * DECRYPT_FAILED (not sealed by this channel's key, or altered) or REPLAY (authentic, but not the next
   * counter). The tag is checked first, so REPLAY is only ever reported for frames the peer really sent;
   * a damaged counter fails as DECRYPT_FAILED. A failure leaves the channel as it was.
   */
  open(type: number, frame: Uint8Array): Result<Uint8Array> {
    const opened = this.openFrame(type, frame, false);
    return opened.ok ? ok(opened.value.plain) : opened;
  }

  /**
   * Like open, but accepts any counter after the last one (docs/protocol.md: the event channel), and says
   * how many frames were skipped. A replayed or reordered frame is still REPLAY.
   */
  openAhead(type: number, frame: Uint8Array): Result<{ plain: Uint8Array; missed: number }> {
    return this.openFrame(type, frame, true);
  }

  private openFrame(type: number, frame: Uint8Array, allowGap: boolean): Result<{ plain: Uint8Array; missed: number }> {
    if (frame.length < HEADER_BYTES + TAG_BYTES)
      return fail('PROTOCOL_ERROR', 'A sealed frame is too short.');
    if (frame[0] !== type) {
      return fail('PROTOCOL_ERROR', `Expected frame type 0x${hex(type)}, received 0x${hex(frame[0] ?? 0)}.`);
    }
    const counter = readU32be(frame, 1);
    const body = frame.subarray(HEADER_BYTES, frame.length - TAG_BYTES);
    let plain: Uint8Array;
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.key, nonce(counter), {
        authTagLength: TAG_BYTES,
      });
      decipher.setAAD(aad(frame.subarray(0, HEADER_BYTES), this.label));
      decipher.setAuthTag(frame.subarray(frame.length - TAG_BYTES));
      plain = concatBytes(decipher.update(body), decipher.final());
    } catch {
      return fail(
        'DECRYPT_FAILED',
        'A frame failed authentication: it was damaged, forged or sealed by another session.',
      );
    }
    const inOrder = counter === this.last + 1;
    if (!inOrder && !(allowGap && counter > this.last)) {
      return fail(
        'REPLAY',
        `Frame ${counter} arrived where frame ${this.last + 1} was expected: replayed, reordered or lost.`,
      );
    }
    const missed = counter - this.last - 1;
    this.last = counter;
    return ok({ plain, missed });
  }
}

function hex(byte: number): string {
  return byte.toString(16).padStart(2, '0');
}
