/**
 * How likely a keypad guesser is to open the gate before the hard lock (docs/protocol.md, "Keypad
 * guessing"). The app shows these odds beside each Max Users choice; the product guide's "lower limits
 * are safer" is this number.
 */
import { CODE_LENGTH } from '../protocol/accessRules';
import { isTrivialCode } from './codeGenerator';
import { KEYPAD_HARD_BUDGET } from './keypadLockout';

export { KEYPAD_HARD_BUDGET };

/** Every string of CODE_LENGTH digits: what the keypad accepts. */
export const CODE_SPACE = 10 ** CODE_LENGTH;

/** Codes the device never issues, counted by the generator's own definition (30 for 4 digits). */
export const TRIVIAL_CODE_COUNT = Array.from({ length: CODE_SPACE }, (_, v) => String(v).padStart(CODE_LENGTH, '0')).filter(
  isTrivialCode,
).length;

/** N: the values an issued code is drawn from; a guesser who knows the rules guesses only these. */
export const ISSUABLE_CODE_COUNT = CODE_SPACE - TRIVIAL_CODE_COUNT;

/**
 * The probability that someone guessing `guesses` distinct values out of `space`, uniformly at random,
 * hits one of `live` codes: 1 − ∏_{i=0}^{guesses−1} (1 − live / (space − i)).
 */
export function hitProbability(space: number, live: number, guesses: number): number {
  if (live <= 0 || guesses <= 0) return 0;
  if (live >= space || guesses > space - live) return 1;
  let miss = 1;
  for (let i = 0; i < guesses; i++) miss *= 1 - live / (space - i);
  return 1 - miss;
}

/**
 * The probability that a random guesser who never repeats a guess hits one of `liveCodes` live codes
 * before the keypad's hard lock (or within `guesses` wrong codes).
 */
export function guessRisk(liveCodes: number, guesses: number = KEYPAD_HARD_BUDGET): number {
  return hitProbability(ISSUABLE_CODE_COUNT, liveCodes, guesses);
}

/** The same risk as "1 in N guessers opens the gate", N rounded, for people to read. */
export function guessOdds(liveCodes: number, guesses: number = KEYPAD_HARD_BUDGET): number {
  const risk = guessRisk(liveCodes, guesses);
  return risk === 0 ? Infinity : Math.round(1 / risk);
}
