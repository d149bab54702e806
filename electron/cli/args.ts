/**
 * Parsing and validating command-line values: a CLI argument is a boundary like any other, so each one
 * is checked here and refused with the rule it broke, before any radio work starts.
 */
import { FlussError } from '../protocol/errors';
import { INVITE_DURATION_RULE, isInviteHours, isMaxUsers, MAX_USERS_RULE, type MaxUsers } from '../protocol/accessRules';
import { codeIdSchema, userIdSchema } from '../protocol/messages';
import { setupKeyText } from '../sim/siteFile';

export function parseMaxUsers(text: string): MaxUsers {
  const value = Number(text);
  if (!/^\d+$/.test(text.trim()) || !isMaxUsers(value)) throw new FlussError('INVALID_VALUE', `Max Users ${text} is not allowed. ${MAX_USERS_RULE}`, 'Pick one of the listed values.');
  return value;
}

export function parseInviteHours(text: string): number {
  const value = Number(text);
  if (!/^\d+$/.test(text.trim()) || !isInviteHours(value)) {
    throw new FlussError('INVALID_VALUE', `Invite Duration ${text} is not allowed. ${INVITE_DURATION_RULE}`, 'Give the number of hours, for example --duration 12.');
  }
  return value;
}

export function parseSetupKey(text: string): Uint8Array {
  const parsed = setupKeyText.safeParse(text);
  if (!parsed.success) throw new FlussError('INVALID_VALUE', 'That setup key is not valid: it is 32 hex digits, as printed on the intercom\'s label.', 'Type it again exactly as on the label (dashes are optional).');
  return new Uint8Array(Buffer.from(parsed.data, 'hex'));
}

export function parseCodeId(text: string): string {
  const parsed = codeIdSchema.safeParse(text.trim().toLowerCase());
  if (!parsed.success) throw new FlussError('INVALID_VALUE', `"${text}" is not a code id: a code id is 8 hex digits.`, 'Run `fluss codes list <device>` to see the ids.');
  return parsed.data;
}

export function parseUserId(text: string): string {
  const parsed = userIdSchema.safeParse(text);
  if (!parsed.success) throw new FlussError('INVALID_VALUE', `"${text}" is not a valid user id: use lower-case letters, digits, ".", "_" or "-" (up to 32).`);
  return parsed.data;
}

/** "90m", "13h", "2d" or a plain number of hours, as milliseconds. */
export function parseDuration(text: string): number {
  const match = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)?$/.exec(text.trim());
  if (!match) throw new FlussError('INVALID_VALUE', `"${text}" is not a duration.`, 'Write it like 90m, 13h or 2d.');
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[(match[2] ?? 'h') as 'ms' | 's' | 'm' | 'h' | 'd'];
  return Math.round(Number(match[1]) * unit);
}

export function parsePositiveInt(name: string, text: string, max: number): number {
  const value = Number(text);
  if (!/^\d+$/.test(text.trim()) || value < 1 || value > max) throw new FlussError('INVALID_VALUE', `${name} must be a whole number from 1 to ${max}.`);
  return value;
}

/** `--hci <n>`: an adapter number, hci0 being 0. */
export function parseAdapterNumber(text: string): number {
  const match = /^(?:hci)?(\d{1,2})$/.exec(text.trim().toLowerCase());
  if (!match) throw new FlussError('INVALID_VALUE', `"${text}" is not an adapter number.`, 'Give the number of the adapter, for example --hci 0 for hci0.');
  return Number(match[1]);
}
