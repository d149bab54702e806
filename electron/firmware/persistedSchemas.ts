/**
 * The shape of each model's flash (PersistedDevice.state and .secrets), version 1. A restore parses with
 * these; anything else is a corrupt file, never a half-restored device.
 */
import { z } from 'zod';
import { errorDataSchema } from '../protocol/messages';
import {
  accessSettingsSchema,
  auditEntrySchema,
  codeIdSchema,
  codeSummarySchema,
  deviceIdSchema,
  deviceInfoSchema,
  digitsSchema,
  requestIdSchema,
  roleSchema,
  settingsSnapshotSchema,
  userIdSchema,
} from '../protocol/messages';
import { AUDIT_RETAINED } from './auditLog';
import { fromBase64 } from './base64';
import { RETAINED_CODES } from './codeBook';
import { KEYPAD_HARD_BUDGET, KEYPAD_MAX_LOCK_MS } from './keypadLockout';
import { REMEMBERED_REQUESTS } from './requestMemory';

/** Users a device holds at most (users.list replies carry at most 64). */
export const MAX_DEVICE_USERS = 64;

const count = z.number().int().min(0);

/** Base64 of `min`..`max` bytes, decoded to the bytes. */
const base64Bytes = (min: number, max: number) =>
  z.string().transform((text, ctx) => {
    const bytes = fromBase64(text);
    if (bytes === undefined || bytes.length < min || bytes.length > max) {
      ctx.addIssue({ code: 'custom', message: `must be ${min === max ? min : `${min} to ${max}`} bytes of base64` });
      return z.NEVER;
    }
    return bytes;
  });

/** A user key: exactly 32 bytes. */
export const userKeyText = base64Bytes(32, 32);
/** A setup key: 16 bytes as printed on the label (32 hex digits); up to 64 accepted. */
export const setupKeyText = base64Bytes(16, 64);

export const persistedDeviceSchema = z.strictObject({
  kind: z.enum(['intercom', 'gate']),
  deviceId: deviceIdSchema,
  state: z.record(z.string(), z.unknown()),
  secrets: z.record(z.string(), z.unknown()),
});

export const hardwareInfoSchema = z.strictObject({
  name: deviceInfoSchema.shape.name,
  model: deviceInfoSchema.shape.model,
  firmware: deviceInfoSchema.shape.firmware,
  hardware: deviceInfoSchema.shape.hardware,
  serial: deviceInfoSchema.shape.serial,
});

const userListSchema = z.array(z.strictObject({ userId: userIdSchema, role: roleSchema })).max(MAX_DEVICE_USERS);

const lockoutSchema = z.strictObject({
  consecutiveFailures: count,
  totalFailures: count,
  lockedUntil: z.number().int().nullable(),
  lastLockMs: count.max(KEYPAD_MAX_LOCK_MS),
  hardLocked: z.boolean(),
});

// Two rings share one sequence (auditLog.ts), so kept entries may have gaps; a log from before the
// rings (gap-free) still reads.
const auditSchema = z
  .strictObject({ lastSeq: count, entries: z.array(auditEntrySchema).max(AUDIT_RETAINED) })
  .refine(
    ({ lastSeq, entries }) => entries.every((e, i) => e.seq <= lastSeq && (i === 0 || e.seq > (entries[i - 1]?.seq ?? 0))),
    'audit entries must be in increasing seq order, none past lastSeq',
  );

const replySchema = <T extends z.ZodType>(value: T) =>
  z.union([z.strictObject({ ok: z.literal(true), value }), z.strictObject({ ok: z.literal(false), error: errorDataSchema })]);

const rememberedSchema = z.discriminatedUnion('op', [
  z.strictObject({ requestId: requestIdSchema, op: z.literal('settings.set'), actor: userIdSchema, reply: replySchema(settingsSnapshotSchema) }),
  z.strictObject({
    requestId: requestIdSchema,
    op: z.literal('codes.create'),
    actor: userIdSchema,
    reply: replySchema(z.strictObject({ code: codeSummarySchema })),
  }),
  z.strictObject({ requestId: requestIdSchema, op: z.literal('codes.revoke'), actor: userIdSchema, reply: replySchema(z.strictObject({ code: codeSummarySchema })) }),
  z.strictObject({ requestId: requestIdSchema, op: z.literal('users.add'), actor: userIdSchema, reply: replySchema(z.strictObject({})) }),
  z.strictObject({ requestId: requestIdSchema, op: z.literal('users.remove'), actor: userIdSchema, reply: replySchema(z.strictObject({})) }),
  z.strictObject({ requestId: requestIdSchema, op: z.literal('claim'), actor: userIdSchema, reply: replySchema(z.strictObject({})) }),
]);

export const intercomStateSchema = z.strictObject({
  version: z.literal(1),
  info: hardwareInfoSchema,
  claimed: z.boolean(),
  users: userListSchema,
  settings: accessSettingsSchema,
  revision: count,
  codes: z.array(codeSummarySchema).max(RETAINED_CODES),
  lockout: lockoutSchema,
  audit: auditSchema,
  requests: z.array(rememberedSchema).max(REMEMBERED_REQUESTS),
});

export const intercomSecretsSchema = z.strictObject({
  setupKey: setupKeyText,
  userKeys: z.record(userIdSchema, userKeyText),
  codeDigits: z.record(codeIdSchema, digitsSchema),
  requestDigits: z.record(requestIdSchema, digitsSchema),
  /** The counted wrong entries (keypadLockout.ts); absent in flash written before they were kept. */
  wrongDigits: z.array(digitsSchema).max(KEYPAD_HARD_BUDGET).optional(),
});

export const gateStateSchema = z.strictObject({
  version: z.literal(1),
  info: hardwareInfoSchema,
  users: userListSchema,
  relayCount: count,
  lastSeq: count,
});

export const gateSecretsSchema = z.strictObject({ userKeys: z.record(userIdSchema, userKeyText) });

/** The persisted form of an intercom's state (before base64 decoding of secrets). */
export type IntercomStateData = z.input<typeof intercomStateSchema>;
export type GateStateData = z.input<typeof gateStateSchema>;

/** A flash image parsed into its typed parts, or the reason it is unreadable (for CORRUPT_FILE). */
export type ParsedFlash<S, T> = { ok: true; deviceId: string; state: S; secrets: T } | { ok: false; problem: string };

/**
 * The common first steps of every restore: the envelope, the device kind, then the state and the
 * secrets against their schemas. Cross-checks between the parts stay with each model.
 */
export function parseFlash<S, T>(
  snapshot: unknown,
  kind: 'intercom' | 'gate',
  stateSchema: z.ZodType<S>,
  secretsSchema: z.ZodType<T>,
): ParsedFlash<S, T> {
  const device = persistedDeviceSchema.safeParse(snapshot);
  if (!device.success) return { ok: false, problem: z.prettifyError(device.error) };
  if (device.data.kind !== kind) return { ok: false, problem: `it is not ${kind === 'intercom' ? 'an intercom' : 'a gate'}` };
  const state = stateSchema.safeParse(device.data.state);
  if (!state.success) return { ok: false, problem: z.prettifyError(state.error) };
  const secrets = secretsSchema.safeParse(device.data.secrets);
  if (!secrets.success) return { ok: false, problem: z.prettifyError(secrets.error) };
  return { ok: true, deviceId: device.data.deviceId, state: state.data, secrets: secrets.data };
}
