/**
 * The radio channel's H4 trace messages (issue 11, item 4): what the app accepts from its radio process
 * and what the radio accepts back, and the radio's forwarder: packets redacted before they leave the
 * process, batched, at most a few batches unacknowledged, and a burst past the bound dropped and counted.
 */
import { describe, expect, it } from 'vitest';
import { fromRadioSchema, MAX_H4_BATCH, MAX_H4_PACKET_BYTES, radioOptionsSchema, toRadioSchema } from '../../electron/radio/messages';
import { H4Forwarder, type H4Batch } from '../../electron/radio/h4Forwarder';

const b64 = (bytes: number[]) => Buffer.from(bytes).toString('base64');
/** An ATT Write Request (handle 0x0012) carrying `value`, in one ACL packet on connection 0x0040. */
const attWrite = (value: number[]) => {
  const pdu = [0x12, 0x12, 0x00, ...value];
  const l2cap = [pdu.length, 0, 0x04, 0x00, ...pdu];
  return new Uint8Array([0x02, 0x40, 0x20, l2cap.length, 0, ...l2cap]);
};
const packet = { dir: 'sent', at: 1_780_000_000_000_000, data: b64([0x01, 0x0d, 0x20, 0x00]) };

describe('h4 messages', () => {
  it('accepts a batch of packets with its sequence number and drop count', () => {
    const parsed = fromRadioSchema.parse({ t: 'h4', seq: 1, packets: [packet, { ...packet, dir: 'received' }], dropped: 3 });
    expect(parsed).toMatchObject({ t: 'h4', seq: 1, dropped: 3 });
    expect(fromRadioSchema.safeParse({ t: 'h4', seq: 2, packets: [], dropped: 7 }).success).toBe(true);
  });

  it.each([
    ['a direction that is neither', { t: 'h4', seq: 1, packets: [{ ...packet, dir: 'sideways' }], dropped: 0 }],
    ['bytes that are not base64', { t: 'h4', seq: 1, packets: [{ ...packet, data: 'not base64!' }], dropped: 0 }],
    ['an empty packet', { t: 'h4', seq: 1, packets: [{ ...packet, data: '' }], dropped: 0 }],
    ['a packet longer than any HCI packet', { t: 'h4', seq: 1, packets: [{ ...packet, data: 'A'.repeat(87_392) }], dropped: 0 }],
    ['a negative time', { t: 'h4', seq: 1, packets: [{ ...packet, at: -1 }], dropped: 0 }],
    ['a fractional time', { t: 'h4', seq: 1, packets: [{ ...packet, at: 1.5 }], dropped: 0 }],
    ['a negative drop count', { t: 'h4', seq: 1, packets: [], dropped: -1 }],
    ['no sequence number', { t: 'h4', packets: [], dropped: 0 }],
    ['sequence number 0', { t: 'h4', seq: 0, packets: [], dropped: 0 }],
    ['more packets than a batch holds', { t: 'h4', seq: 1, packets: Array.from({ length: MAX_H4_BATCH + 1 }, () => packet), dropped: 0 }],
    ['an unknown field', { t: 'h4', seq: 1, packets: [], dropped: 0, note: 'x' }],
    ['an unknown field in a packet', { t: 'h4', seq: 1, packets: [{ ...packet, key: 'x' }], dropped: 0 }],
  ])('refuses %s', (_why, message) => {
    expect(fromRadioSchema.safeParse(message).success).toBe(false);
  });

  it("requires `ready` to say whether the radio forwards H4, and accepts the app's acknowledgement", () => {
    expect(fromRadioSchema.safeParse({ t: 'ready', tracesH4: true }).success).toBe(true);
    expect(fromRadioSchema.safeParse({ t: 'ready' }).success).toBe(false);
    expect(toRadioSchema.parse({ t: 'h4Ack', seq: 4 })).toEqual({ t: 'h4Ack', seq: 4 });
    expect(toRadioSchema.safeParse({ t: 'h4Ack', seq: 'four' }).success).toBe(false);
    expect(radioOptionsSchema.parse({ hciUart: '/dev/pts/3', traceH4: true })).toEqual({ hciUart: '/dev/pts/3', traceH4: true });
    expect(radioOptionsSchema.safeParse({ traceH4: 'yes' }).success).toBe(false);
  });
});

function forwarder(options: { maxInFlight?: number; maxQueued?: number; now?: () => number } = {}) {
  const sent: H4Batch[] = [];
  let us = 1_780_000_000_000_000n;
  const h4 = new H4Forwarder({ send: (batch) => sent.push(fromRadioSchema.parse(batch) as H4Batch), clockUs: () => (us += 10n), flushMs: 5, ...options });
  return { h4, sent };
}

describe('H4Forwarder', () => {
  it('redacts each packet before it leaves the radio process: the attribute value is zeros, the header stays', () => {
    const { h4, sent } = forwarder();
    h4.push(attWrite([0xde, 0xad, 0xbe, 0xef]), 'sent');
    h4.flush();
    const bytes = [...Buffer.from(sent[0]?.packets[0]?.data ?? '', 'base64')];
    expect(bytes).toEqual([0x02, 0x40, 0x20, 11, 0, 7, 0, 0x04, 0x00, 0x12, 0x12, 0x00, 0, 0, 0, 0]);
    expect(sent[0]?.packets[0]?.dir).toBe('sent');
  });

  it('batches packets (~50 ms, or a full batch at once) with their own times, in order', async () => {
    const { h4, sent } = forwarder();
    for (let i = 0; i < MAX_H4_BATCH + 3; i++) h4.push(new Uint8Array([0x04, 0x0e, 0x01, i & 0xff]), 'received');
    expect(sent).toHaveLength(1); // the full batch went at once
    expect(sent[0]?.packets).toHaveLength(MAX_H4_BATCH);
    await expect.poll(() => sent.length).toBe(2); // the rest after the flush interval
    expect(sent[1]?.packets).toHaveLength(3);
    const times = sent.flatMap((b) => b.packets.map((p) => p.at));
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(new Set(sent.map((b) => b.seq)).size).toBe(2);
  });

  it('keeps at most maxInFlight batches unacknowledged; past its queue it drops and counts, and says so in the next batch', () => {
    const { h4, sent } = forwarder({ maxInFlight: 2, maxQueued: MAX_H4_BATCH });
    const burst = 6 * MAX_H4_BATCH;
    for (let i = 0; i < burst; i++) h4.push(new Uint8Array([0x04, 0x0e, 0x01, i & 0xff]), 'received');
    expect(sent).toHaveLength(2);
    expect(h4.queued).toBeLessThanOrEqual(MAX_H4_BATCH);
    h4.acked(sent[0]?.seq ?? 0);
    expect(sent).toHaveLength(3);
    h4.acked(sent[1]?.seq ?? 0);
    h4.acked(sent[2]?.seq ?? 0);
    const delivered = sent.reduce((n, b) => n + b.packets.length, 0);
    const dropped = sent.reduce((n, b) => n + b.dropped, 0);
    expect(dropped).toBeGreaterThan(0);
    expect(delivered + dropped).toBe(burst);
    expect(h4.queued).toBe(0);
  });

  it('counts a packet longer than any HCI packet as dropped rather than send a batch the app would refuse', () => {
    const { h4, sent } = forwarder();
    h4.push(new Uint8Array(MAX_H4_PACKET_BYTES + 1).fill(0x02), 'received');
    h4.push(new Uint8Array([0x04, 0x0e, 0x01, 0x00]), 'received');
    h4.flush();
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ dropped: 1, packets: [{ dir: 'received' }] });
  });

  it('an acknowledgement that never comes stalls the trace only until the ack timeout', () => {
    let now = 0;
    const { h4, sent } = forwarder({ maxInFlight: 1, now: () => now });
    h4.push(new Uint8Array([0x04, 0x0e, 0x01, 0x00]), 'received');
    h4.flush();
    h4.push(new Uint8Array([0x04, 0x0e, 0x01, 0x01]), 'received');
    h4.flush();
    expect(sent).toHaveLength(1);
    now = 5_000;
    h4.flush();
    expect(sent).toHaveLength(2);
    h4.close();
  });
});
