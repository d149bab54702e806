/**
 * Keypad guessing limits (docs/protocol.md, "Keypad guessing"). Device-wide, not per code: a guesser
 * does not aim at one code, so every wrong entry counts against the same budget.
 *
 * Pure functions over a small persisted record, so the rules can be tested without a device.
 */

/** Consecutive wrong codes that trigger the first timed lock. */
export const KEYPAD_SOFT_LIMIT = 5;
/** The first timed lock; each later one doubles, up to KEYPAD_MAX_LOCK_MS. */
export const KEYPAD_FIRST_LOCK_MS = 30_000;
export const KEYPAD_MAX_LOCK_MS = 3_600_000;
/**
 * Distinct wrong codes in all before the keypad locks until the owner clears it (B in the guess-risk
 * formula). 9 keeps a guesser under 1 % at Max Users 10 even if they knew the digits of every recently
 * ended code (security issue #9, finding 5; the margin is worked out in docs/protocol.md).
 */
export const KEYPAD_HARD_BUDGET = 9;

export interface LockoutState {
  /** Wrong entries since the last right one (repeats included: each costs the guesser time). */
  consecutiveFailures: number;
  /** Distinct wrong codes since the owner last cleared the keypad; a right code does not refill this budget. */
  totalFailures: number;
  /** End of the current (or last) timed lock, ms since the epoch. */
  lockedUntil: number | null;
  /** Length of the last timed lock in this run of wrong codes, 0 when none; the next one doubles it. */
  lastLockMs: number;
  /** Locked until the owner sends keypad.clearLockout. */
  hardLocked: boolean;
  /**
   * The wrong digits counted in totalFailures (at most KEYPAD_HARD_BUDGET). Retyping one of them tells a
   * guesser nothing new, so it does not spend the budget; they are never issued as a code until the owner
   * clears the keypad. Secret: they may be a near miss of a real code, so they persist sealed.
   */
  wrongDigits: string[];
}

/** What a wrong code did to the lock, for the audit log ("the event for the owner"). */
export type LockoutChange =
  | { kind: 'none' }
  | { kind: 'locked'; until: number; durationMs: number; failures: number }
  | { kind: 'hard-locked'; failures: number };

/** A keypad with nothing counted: the factory state, and the state after the owner clears it. */
export function initialLockout(): LockoutState {
  return { consecutiveFailures: 0, totalFailures: 0, lockedUntil: null, lastLockMs: 0, hardLocked: false, wrongDigits: [] };
}

/** True while every entry must be refused as locked (and not counted). */
export function isLocked(state: LockoutState, now: number): boolean {
  return state.hardLocked || (state.lockedUntil !== null && now < state.lockedUntil);
}

/**
 * Counts one wrong entry (the caller has checked the keypad is not locked). `digits` is the entry when it
 * was well-formed: a repeat of an already counted wrong code costs time (the consecutive count) but not
 * the hard budget. A malformed entry always counts.
 */
export function recordFailure(state: LockoutState, now: number, digits?: string): { state: LockoutState; change: LockoutChange } {
  const repeat = digits !== undefined && state.wrongDigits.includes(digits);
  const consecutiveFailures = state.consecutiveFailures + 1;
  const totalFailures = repeat ? state.totalFailures : state.totalFailures + 1;
  const wrongDigits = repeat || digits === undefined ? [...state.wrongDigits] : [...state.wrongDigits, digits].slice(-KEYPAD_HARD_BUDGET);
  const counted = { ...state, consecutiveFailures, totalFailures, wrongDigits };
  if (!repeat && totalFailures >= KEYPAD_HARD_BUDGET) {
    return { state: { ...counted, hardLocked: true }, change: { kind: 'hard-locked', failures: totalFailures } };
  }
  if (consecutiveFailures < KEYPAD_SOFT_LIMIT) return { state: counted, change: { kind: 'none' } };
  // The 5th wrong entry locks for 30 s; every wrong entry after a lock has ended locks again, twice as long.
  const durationMs = state.lastLockMs === 0 ? KEYPAD_FIRST_LOCK_MS : Math.min(state.lastLockMs * 2, KEYPAD_MAX_LOCK_MS);
  const until = now + durationMs;
  return {
    state: { ...counted, lockedUntil: until, lastLockMs: durationMs },
    change: { kind: 'locked', until, durationMs, failures: consecutiveFailures },
  };
}

/**
 * A right code ends the run of wrong ones: the consecutive count and the doubling start again. The total
 * stays, so a guesser cannot refill the budget by interleaving a code they know.
 */
export function recordSuccess(state: LockoutState): LockoutState {
  return { ...state, consecutiveFailures: 0, lastLockMs: 0 };
}
