/**
 * The one-time access rules of ../shared/seed/, as the device enforces them.
 * Shared by the firmware models (which enforce), the core and every UI (which offer only these values).
 */
export const MAX_USERS_OPTIONS = [1, 2, 5, 10, 25, 50] as const;
export type MaxUsers = (typeof MAX_USERS_OPTIONS)[number];
export const DEFAULT_MAX_USERS: MaxUsers = 10;

export const MIN_INVITE_HOURS = 1;
export const MAX_INVITE_HOURS = 24;
export const DEFAULT_INVITE_HOURS = 12;
export const INVITE_DURATION_OPTIONS: readonly number[] = Array.from(
  { length: MAX_INVITE_HOURS - MIN_INVITE_HOURS + 1 },
  (_, i) => MIN_INVITE_HOURS + i,
);

/** "Same as entry": the exit leg opens the entry gate. */
export const SAME_AS_ENTRY = 'same' as const;

export const CODE_LENGTH = 4;

export function isMaxUsers(value: unknown): value is MaxUsers {
  return typeof value === 'number' && (MAX_USERS_OPTIONS as readonly number[]).includes(value);
}

export function isInviteHours(value: unknown): value is number {
  return Number.isInteger(value) && (value as number) >= MIN_INVITE_HOURS && (value as number) <= MAX_INVITE_HOURS;
}

export const MAX_USERS_RULE = `Max Users must be one of ${MAX_USERS_OPTIONS.join(', ')}.`;
export const INVITE_DURATION_RULE = `Invite Duration must be a whole number of hours from ${MIN_INVITE_HOURS} to ${MAX_INVITE_HOURS}.`;
