/**
 * Application messages carried inside the secure session (docs/protocol.md, "Messages").
 * Every message that crosses the air is one of these schemas; decoders validate with them, so code
 * above the protocol layer only ever sees well-formed values.
 */
import { z } from 'zod';
import { ERROR_CODES } from './errors';
import { MAX_USERS_OPTIONS, MAX_INVITE_HOURS, MIN_INVITE_HOURS, SAME_AS_ENTRY } from './accessRules';

/** A device's stable id: 12 lower-case hex digits (48 bits), carried in its advertising. */
export const deviceIdSchema = z.string().regex(/^[0-9a-f]{12}$/, 'a device id is 12 hex digits');
export const userIdSchema = z
  .string()
  .min(1)
  .max(32)
  .regex(/^[a-z0-9][a-z0-9._-]*$/, 'a user id is lower-case letters, digits, ".", "_" or "-"');
export const codeIdSchema = z.string().regex(/^[0-9a-f]{8}$/, 'a code id is 8 hex digits');
/** Idempotency key of a state-changing request: 16 random bytes as hex. */
export const requestIdSchema = z.string().regex(/^[0-9a-f]{32}$/, 'a request id is 32 hex digits');
export const keySchema = z.custom<Uint8Array>((k) => k instanceof Uint8Array && k.length === 32, 'a user key is 32 bytes');
export const digitsSchema = z.string().regex(/^[0-9]{4}$/, 'a code is 4 digits');

export const roleSchema = z.enum(['owner', 'shared']);
export type Role = z.infer<typeof roleSchema>;

export const accessSettingsSchema = z.strictObject({
  entryDevice: deviceIdSchema.nullable(),
  /** A gate, or "same" for Same as entry. */
  exitDevice: z.union([deviceIdSchema, z.literal(SAME_AS_ENTRY)]),
  maxUsers: z.literal(MAX_USERS_OPTIONS),
  inviteDurationHours: z.number().int().min(MIN_INVITE_HOURS).max(MAX_INVITE_HOURS),
});
export type AccessSettings = z.infer<typeof accessSettingsSchema>;

export const deviceInfoSchema = z.strictObject({
  kind: z.enum(['intercom', 'gate']),
  deviceId: deviceIdSchema,
  name: z.string().max(64),
  model: z.string().max(32),
  firmware: z.string().max(16),
  hardware: z.string().max(16),
  serial: z.string().max(32),
  protocolVersion: z.number().int().min(1),
  claimed: z.boolean(),
});
export type DeviceInfo = z.infer<typeof deviceInfoSchema>;

export const codeStateSchema = z.enum(['active', 'entered', 'used', 'expired', 'revoked']);
export type CodeState = z.infer<typeof codeStateSchema>;

/** What anyone may see of a code: never its digits. */
export const codeSummarySchema = z.strictObject({
  codeId: codeIdSchema,
  state: codeStateSchema,
  createdBy: userIdSchema,
  createdAt: z.number().int(),
  expiresAt: z.number().int(),
});
export type CodeSummary = z.infer<typeof codeSummarySchema>;

/**
 * The most bytes of encoded response a device sends for one request (docs/protocol.md, "Paged replies"):
 * list replies are pages that stay within it, well under MAX_MESSAGE_BYTES.
 */
export const REPLY_BUDGET_BYTES = 4096;

/** Where a codes.list page ends: the walk is newest first by (createdAt, codeId). */
export const codeCursorSchema = z.strictObject({ createdAt: z.number().int(), codeId: codeIdSchema });
export type CodeCursor = z.infer<typeof codeCursorSchema>;

const seqSchema = z.number().int().min(0);
const auditLimitSchema = z.number().int().min(1).max(200);

const req = <Op extends string, A extends z.ZodRawShape>(op: Op, args: A) =>
  z.strictObject({ id: z.number().int().min(0).max(0xffffffff), op: z.literal(op), args: z.strictObject(args) });

/** Requests an app sends to a device. Which role may send which is the device's rule (firmware/). */
export const requestSchema = z.discriminatedUnion('op', [
  req('info.get', {}),
  req('settings.get', {}),
  req('settings.set', { requestId: requestIdSchema, baseRevision: z.number().int().min(0), settings: accessSettingsSchema }),
  req('codes.list', { after: codeCursorSchema.optional() }),
  req('codes.create', { requestId: requestIdSchema }),
  req('codes.revoke', { requestId: requestIdSchema, codeId: codeIdSchema }),
  req('keypad.enter', { digits: digitsSchema }),
  req('keypad.clearLockout', {}),
  req('users.list', {}),
  req('users.add', { requestId: requestIdSchema, userId: userIdSchema, role: z.literal('shared'), key: keySchema }),
  req('users.remove', { requestId: requestIdSchema, userId: userIdSchema }),
  req('claim', { requestId: requestIdSchema, ownerUserId: userIdSchema, ownerKey: keySchema }),
  // Forward from fromSeq (exports, incremental reads) or backward before beforeSeq (a history shown newest first).
  z.strictObject({
    id: z.number().int().min(0).max(0xffffffff),
    op: z.literal('audit.read'),
    args: z.union([z.strictObject({ fromSeq: seqSchema, limit: auditLimitSchema }), z.strictObject({ beforeSeq: seqSchema, limit: auditLimitSchema })]),
  }),
  req('gate.identify', {}),
  req('gate.testTrigger', {}),
]);
export type Request = z.infer<typeof requestSchema>;
export type Op = Request['op'];
export type ArgsOf<O extends Op> = Extract<Request, { op: O }>['args'];

export const settingsSnapshotSchema = z.strictObject({ settings: accessSettingsSchema, revision: z.number().int().min(0) });
export type SettingsSnapshot = z.infer<typeof settingsSnapshotSchema>;

export const keypadOutcomeSchema = z.discriminatedUnion('outcome', [
  z.strictObject({ outcome: z.literal('entry'), codeId: codeIdSchema, gate: deviceIdSchema }),
  z.strictObject({ outcome: z.literal('exit'), codeId: codeIdSchema, gate: deviceIdSchema }),
  z.strictObject({
    outcome: z.literal('refused'),
    reason: z.enum(['unknown', 'used', 'expired', 'revoked', 'locked', 'gate-unreachable']),
  }),
]);
export type KeypadOutcome = z.infer<typeof keypadOutcomeSchema>;

export const auditEntrySchema = z.strictObject({
  seq: z.number().int().min(1),
  at: z.number().int(),
  type: z.string().max(40),
  actor: z.string().max(40),
  detail: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
});
export type AuditEntry = z.infer<typeof auditEntrySchema>;

/** The result schema of each op: the client validates every reply against the op it asked. */
export const resultSchemas = {
  'info.get': deviceInfoSchema,
  'settings.get': settingsSnapshotSchema,
  'settings.set': settingsSnapshotSchema,
  'codes.list': z.strictObject({ codes: z.array(codeSummarySchema).max(100), next: codeCursorSchema.optional() }),
  'codes.create': z.strictObject({ code: codeSummarySchema, digits: digitsSchema }),
  'codes.revoke': z.strictObject({ code: codeSummarySchema }),
  'keypad.enter': keypadOutcomeSchema,
  'keypad.clearLockout': z.strictObject({}),
  'users.list': z.strictObject({ users: z.array(z.strictObject({ userId: userIdSchema, role: roleSchema })).max(64) }),
  'users.add': z.strictObject({}),
  'users.remove': z.strictObject({}),
  claim: z.strictObject({}),
  'audit.read': z.strictObject({ entries: z.array(auditEntrySchema).max(200), lastSeq: seqSchema, next: seqSchema.optional() }),
  'gate.identify': z.strictObject({}),
  'gate.testTrigger': z.strictObject({ firedAt: z.number().int() }),
} satisfies Record<Op, z.ZodType>;
export type ResultOf<O extends Op> = z.infer<(typeof resultSchemas)[O]>;

export const errorDataSchema = z.strictObject({
  code: z.enum(ERROR_CODES),
  message: z.string().max(300),
  hint: z.string().max(300).optional(),
});

export const responseSchema = z.union([
  z.strictObject({ id: z.number().int().min(0).max(0xffffffff), ok: z.literal(true), result: z.unknown() }),
  z.strictObject({ id: z.number().int().min(0).max(0xffffffff), ok: z.literal(false), error: errorDataSchema }),
]);
export type Response = z.infer<typeof responseSchema>;

/**
 * Live events on the events characteristic. An intercom's events are its audit entries as they are
 * appended; a gate's are its relay and identify events. Neither ever carries code digits or keys.
 */
export const deviceEventSchema = auditEntrySchema;
export type DeviceEvent = AuditEntry;
