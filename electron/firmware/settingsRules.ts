/**
 * One Time Access Settings as the device enforces them (../shared/seed: Max Users 1, 2, 5, 10, 25 or
 * 50; Invite Duration 1 to 24 hours). Requests arrive schema-validated, but the device checks again:
 * the firmware is the last line, and a refusal must name the allowed values.
 */
import { fail, ok, type Result } from '../protocol/errors';
import {
  DEFAULT_INVITE_HOURS,
  DEFAULT_MAX_USERS,
  INVITE_DURATION_RULE,
  MAX_USERS_RULE,
  SAME_AS_ENTRY,
  isInviteHours,
  isMaxUsers,
} from '../protocol/accessRules';
import { deviceIdSchema, type AccessSettings } from '../protocol/messages';
import type { AuditDetail } from './auditLog';

/** Factory settings: no Entry Device yet, exit through the entry gate, 10 codes, 12 hours. */
export const DEFAULT_SETTINGS: Readonly<AccessSettings> = Object.freeze({
  entryDevice: null,
  exitDevice: SAME_AS_ENTRY,
  maxUsers: DEFAULT_MAX_USERS,
  inviteDurationHours: DEFAULT_INVITE_HOURS,
});

const FIELDS = ['entryDevice', 'exitDevice', 'maxUsers', 'inviteDurationHours'] as const;
const ENTRY_RULE = "Entry Device must be a Fluss+ gate's device id (12 hex digits) or none.";
const EXIT_RULE = "Exit Device must be a Fluss+ gate's device id (12 hex digits) or Same as entry.";

const isDeviceId = (value: unknown): value is string => deviceIdSchema.safeParse(value).success;

/**
 * The settings if all four values follow the rules; otherwise INVALID_VALUE naming the allowed values of
 * every field that broke them (INVALID_ARGUMENT if it is not a settings object at all).
 */
export function checkSettings(value: unknown): Result<AccessSettings> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return fail('INVALID_ARGUMENT', 'The settings are missing.', 'Send all four One Time Access Settings.');
  }
  const fields = value as Record<string, unknown>;
  const unknown = Object.keys(fields).filter((k) => !(FIELDS as readonly string[]).includes(k));
  if (unknown.length > 0) {
    return fail('INVALID_ARGUMENT', `Unknown setting: ${unknown.join(', ').slice(0, 80)}.`, 'Update the app.');
  }
  const { entryDevice, exitDevice, maxUsers, inviteDurationHours } = fields;
  const broken: string[] = [];
  if (entryDevice !== null && !isDeviceId(entryDevice)) broken.push(ENTRY_RULE);
  if (exitDevice !== SAME_AS_ENTRY && !isDeviceId(exitDevice)) broken.push(EXIT_RULE);
  if (!isMaxUsers(maxUsers)) broken.push(MAX_USERS_RULE);
  if (!isInviteHours(inviteDurationHours)) broken.push(INVITE_DURATION_RULE);
  if (broken.length > 0) {
    return fail('INVALID_VALUE', broken.join(' '), 'Choose one of the allowed values and save again.');
  }
  return ok({
    entryDevice: entryDevice as string | null,
    exitDevice: exitDevice as string,
    maxUsers: maxUsers as AccessSettings['maxUsers'],
    inviteDurationHours: inviteDurationHours as number,
  });
}

/** The fields whose value differs, with their new values (for the audit log: ids and numbers only). */
export function changedSettings(before: AccessSettings, after: AccessSettings): AuditDetail {
  const detail: AuditDetail = {};
  for (const field of FIELDS) if (before[field] !== after[field]) detail[field] = after[field];
  return detail;
}
