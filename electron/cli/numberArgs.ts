/**
 * Command-line numbers (Max Users, hours, seconds, durations, sequence numbers, adapter numbers), each
 * checked and refused with the rule it broke. Light on purpose: no schemas, so declaring the commands
 * (and `fluss --help`) loads nothing heavy.
 */
import { FlussError } from '../protocol/errors';
import { INVITE_DURATION_RULE, isInviteHours, isMaxUsers, MAX_USERS_RULE, type MaxUsers } from '../protocol/accessRules';

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

/** An audit sequence number: 0 or more (`audit --from abc` is refused, not read as 0). */
export function parseSequence(name: string, text: string): number {
  const value = Number(text);
  if (!/^\d+$/.test(text.trim()) || !Number.isSafeInteger(value)) throw new FlussError('INVALID_VALUE', `${name} must be a sequence number (0 or more), not "${text}".`, 'Run `fluss audit <device>` to see the numbers.');
  return value;
}

/** A number of seconds from `min` to `max`, fractions allowed, as milliseconds. */
export function parseSeconds(name: string, text: string, min: number, max: number): number {
  const value = Number(text);
  if (!/^\d+(?:\.\d+)?$/.test(text.trim()) || value < min || value > max) throw new FlussError('INVALID_VALUE', `${name} must be a number of seconds from ${min} to ${max}, not "${text}".`);
  return Math.round(value * 1000);
}
