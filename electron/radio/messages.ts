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

export const fromRadioSchema = z.union([
  z.strictObject({ t: z.literal('ready') }),
  z.strictObject({ t: z.literal('pong'), n: z.number().int().min(0) }),
  z.strictObject({ t: z.literal('result'), id, ok: z.literal(true), value: z.unknown() }),
  z.strictObject({ t: z.literal('result'), id, ok: z.literal(false), error: errorSchema }),
  /** Advertisements, batched (the radio flushes every ~50 ms) so a busy site does not flood the channel. */
  z.strictObject({ t: z.literal('adverts'), items: z.array(advertisementSchema).max(1024) }),
  z.strictObject({ t: z.literal('notify'), sub: id, value: base64 }),
  z.strictObject({ t: z.literal('linkLost'), link: id, reason: z.string().max(500) }),
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
});
export type RadioOptions = z.infer<typeof radioOptionsSchema>;
