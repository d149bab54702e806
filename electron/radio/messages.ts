/**
 * The messages between the app and its radio process (radioProcess.ts), validated with zod at both ends:
 * a radio that crashed half-way through a message, or a parent bug, is a typed error, never a crash.
 * Bytes travel as base64 (the channel is JSON). Calls carry an id; a `cancel` with that id aborts one.
 */
import { z } from 'zod';

const base64 = z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/).max(1 << 20);
const uuid = z.string().min(1).max(64);
const id = z.number().int().min(1);

export const callSchema = z.discriminatedUnion('op', [
  z.strictObject({ op: z.literal('probe') }),
  z.strictObject({ op: z.literal('startScan'), serviceUuids: z.array(uuid).max(16) }),
  z.strictObject({ op: z.literal('stopScan') }),
  z.strictObject({ op: z.literal('connect'), address: z.string().min(1).max(64) }),
  z.strictObject({ op: z.literal('read'), link: id, service: uuid, characteristic: uuid }),
  z.strictObject({ op: z.literal('write'), link: id, service: uuid, characteristic: uuid, data: base64, withoutResponse: z.boolean() }),
  z.strictObject({ op: z.literal('subscribe'), link: id, service: uuid, characteristic: uuid }),
  z.strictObject({ op: z.literal('unsubscribe'), sub: id }),
  z.strictObject({ op: z.literal('disconnect'), link: id }),
  z.strictObject({ op: z.literal('close') }),
]);
export type RadioCall = z.infer<typeof callSchema>;

export const toRadioSchema = z.discriminatedUnion('t', [
  z.strictObject({ t: z.literal('call'), id, call: callSchema }),
  z.strictObject({ t: z.literal('cancel'), id }),
  z.strictObject({ t: z.literal('ping'), n: z.number().int().min(0) }),
  /** The app has written an `h4` batch to its trace: the radio may send another (h4Forwarder.ts bounds those in flight). */
  z.strictObject({ t: z.literal('h4Ack'), seq: id }),
]);
export type ToRadio = z.infer<typeof toRadioSchema>;

const errorSchema = z.strictObject({ code: z.string().max(64), message: z.string().max(2000), hint: z.string().max(2000).optional() });

export const advertisementSchema = z.strictObject({
  address: z.string().max(64),
  localName: z.string().max(248).optional(),
  rssi: z.number().int().min(-127).max(127),
  serviceUuids: z.array(uuid).max(64),
  manufacturerData: base64.optional(),
  receivedAt: z.number().int().min(0),
});

/** At most this many H4 packets in one `h4` batch. */
export const MAX_H4_BATCH = 256;

/** An HCI packet is at most 4 + 65 535 bytes (an ACL packet's 16-bit length after its H4 and ACL header). */
export const MAX_H4_PACKET_BYTES = 65_539;

/** One H4 packet (type byte first) as the radio's binding sent or heard it, already redacted (redact.ts). */
export const h4PacketSchema = z.strictObject({
  dir: z.enum(['sent', 'received']),
  /** Microseconds since the Unix epoch, taken in the radio process when the packet passed. */
  at: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
  /** Base64 of at most MAX_H4_PACKET_BYTES. */
  data: z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/).min(4).max(4 * Math.ceil(MAX_H4_PACKET_BYTES / 3)),
});
export type H4Packet = z.infer<typeof h4PacketSchema>;

export const fromRadioSchema = z.union([
  /** `tracesH4`: the radio forwards its binding's H4 stream in `h4` batches (asked for, and an HCI binding). */
  z.strictObject({ t: z.literal('ready'), tracesH4: z.boolean() }),
  z.strictObject({ t: z.literal('pong'), n: z.number().int().min(0) }),
  z.strictObject({ t: z.literal('result'), id, ok: z.literal(true), value: z.unknown() }),
  z.strictObject({ t: z.literal('result'), id, ok: z.literal(false), error: errorSchema }),
  /** Advertisements, batched (the radio flushes every ~50 ms) so a busy site does not flood the channel. */
  z.strictObject({ t: z.literal('adverts'), items: z.array(advertisementSchema).max(1024) }),
  z.strictObject({ t: z.literal('notify'), sub: id, value: base64 }),
  z.strictObject({ t: z.literal('linkLost'), link: id, reason: z.string().max(500) }),
  /**
   * H4 packets for the diagnostics trace, batched (~50 ms) and acknowledged with `h4Ack`; `dropped` counts
   * the packets left out since the previous batch because the app had not yet acknowledged earlier ones.
   */
  z.strictObject({ t: z.literal('h4'), seq: id, packets: z.array(h4PacketSchema).max(MAX_H4_BATCH), dropped: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER) }),
]);
export type FromRadio = z.infer<typeof fromRadioSchema>;

/** What a `connect` call answers. */
export const connectedSchema = z.strictObject({ link: id, address: z.string().max(64), mtu: z.number().int().min(23).max(517) });
export const subscribedSchema = z.strictObject({ sub: id });
export const bytesSchema = z.strictObject({ data: base64 });

/** Options the radio process starts with (argv[2], JSON). */
export const radioOptionsSchema = z.strictObject({
  hciUart: z.string().min(1).max(4096).optional(),
  baudRate: z.number().int().min(1200).max(4_000_000).optional(),
  poweredOnTimeoutMs: z.number().int().min(100).max(60_000).optional(),
  /** Forward the H4 stream for the app's diagnostics trace (only an HCI or HCI UART binding has one). */
  traceH4: z.boolean().optional(),
});
export type RadioOptions = z.infer<typeof radioOptionsSchema>;
