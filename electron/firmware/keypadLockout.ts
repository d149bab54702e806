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
/** Wrong codes in all before the keypad locks until the owner clears it (B in the guess-risk formula). */
export const KEYPAD_HARD_BUDGET = 20;

export interface LockoutState {
  /** Wrong codes since the last right one. */
  consecutiveFailures: number;
  /** Wrong codes since the owner last cleared the keypad; a right code does not refill this budget. */
  totalFailures: number;
  /** End of the current (or last) timed lock, ms since the epoch. */
  lockedUntil: number | null;
  /** Length of the last timed lock in this run of wrong codes, 0 when none; the next one doubles it. */
  lastLockMs: number;
  /** Locked until the owner sends keypad.clearLockout. */
  hardLocked: boolean;
}

/** What a wrong code did to the lock, for the audit log ("the event for the owner"). */
export type LockoutChange =
  | { kind: 'none' }
  | { kind: 'locked'; until: number; durationMs: number; failures: number }
  | { kind: 'hard-locked'; failures: number };

/** A keypad with nothing counted: the factory state, and the state after the owner clears it. */
export function initialLockout(): LockoutState {
  return { consecutiveFailures: 0, totalFailures: 0, lockedUntil: null, lastLockMs: 0, hardLocked: false };
}

/** True while every entry must be refused as locked (and not counted). */
export function isLocked(state: LockoutState, now: number): boolean {
  return state.hardLocked || (state.lockedUntil !== null && now < state.lockedUntil);
}

/** Counts one wrong code (the caller has checked the keypad is not locked). */
export function recordFailure(state: LockoutState, now: number): { state: LockoutState; change: LockoutChange } {
  const consecutiveFailures = state.consecutiveFailures + 1;
  const totalFailures = state.totalFailures + 1;
  if (totalFailures >= KEYPAD_HARD_BUDGET) {
    return {
      state: { ...state, consecutiveFailures, totalFailures, hardLocked: true },
      change: { kind: 'hard-locked', failures: totalFailures },
    };
  }
  if (consecutiveFailures < KEYPAD_SOFT_LIMIT) {
    return { state: { ...state, consecutiveFailures, totalFailures }, change: { kind: 'none' } };
  }
  // The 5th wrong code locks for 30 s; every wrong code after a lock has ended locks again, twice as long.
  const durationMs = state.lastLockMs === 0 ? KEYPAD_FIRST_LOCK_MS : Math.min(state.lastLockMs * 2, KEYPAD_MAX_LOCK_MS);
  const until = now + durationMs;
  return {
    state: { ...state, consecutiveFailures, totalFailures, lockedUntil: until, lastLockMs: durationMs },
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
