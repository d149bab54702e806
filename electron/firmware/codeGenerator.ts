/**
 * One-time code digits and code ids, drawn from the injected RandomSource (docs/protocol.md, "Keypad
 * guessing"). Digits are uniform over the non-trivial codes: two random bytes give 0..65535; values of
 * 60000 and above are rejected because 65536 is not a multiple of 10000 (taking them mod 10000 would make
 * 0000..5535 more likely than the rest).
 */
import { fail, ok, type Result } from '../protocol/errors';
import { CODE_LENGTH } from '../protocol/accessRules';
import type { RandomSource } from './types';

const CODE_VALUES = 10 ** CODE_LENGTH;
/** The largest multiple of 10000 that two bytes can reach. */
const ACCEPT_BELOW = Math.floor(65536 / CODE_VALUES) * CODE_VALUES;
/**
 * Draws before giving up. A draw is rejected with probability < 0.1 (range) + 239/10000 (30 trivial, 200
 * retained codes, 9 counted wrong entries), so 1000 failures in a row mean a broken random source, not bad luck.
 */
export const MAX_DRAWS = 1000;

/**
 * A code a guesser would try first: one digit repeated (0000), or each digit one more (0123, 7890) or
 * one less (3210, 1098) than the last, wrapping mod 10.
 */
export function isTrivialCode(digits: string): boolean {
  const d = Array.from(digits, Number);
  const steps = d.slice(1).map((x, i) => (x - (d[i] ?? 0) + 10) % 10);
  return steps.every((s) => s === 0) || steps.every((s) => s === 1) || steps.every((s) => s === 9);
}

/** Fresh digits: uniform, never trivial, never `taken` (a live or recently ended code's, or a counted wrong entry). */
export function drawDigits(random: RandomSource, taken: (digits: string) => boolean): Result<string> {
  for (let draw = 0; draw < MAX_DRAWS; draw++) {
    const bytes = random.bytes(2);
    const value = ((bytes[0] ?? 0) << 8) | (bytes[1] ?? 0);
    if (value >= ACCEPT_BELOW) continue;
    const digits = String(value % CODE_VALUES).padStart(CODE_LENGTH, '0');
    if (!isTrivialCode(digits) && !taken(digits)) return ok(digits);
  }
  return fail('INTERNAL', 'The intercom could not draw a new code.', 'Try again; if it persists, restart the intercom.');
}

/** A fresh code id: 8 hex digits (4 random bytes), never one already `taken`. */
export function drawCodeId(random: RandomSource, taken: (codeId: string) => boolean): Result<string> {
  for (let draw = 0; draw < MAX_DRAWS; draw++) {
    const codeId = Array.from(random.bytes(4), (b) => b.toString(16).padStart(2, '0')).join('');
    if (!taken(codeId)) return ok(codeId);
  }
  return fail('INTERNAL', 'The intercom could not draw a new code id.', 'Try again; if it persists, restart the intercom.');
}
