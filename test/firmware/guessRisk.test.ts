/** The guess-risk formula (docs/protocol.md, "Keypad guessing"), checked against independent computations. */
import { describe, expect, it } from 'vitest';
import { isTrivialCode } from '../../electron/firmware/codeGenerator';
import { RETAINED_CODES } from '../../electron/firmware/codeBook';
import { CODE_SPACE, ISSUABLE_CODE_COUNT, KEYPAD_HARD_BUDGET, TRIVIAL_CODE_COUNT, guessOdds, guessRisk, hitProbability } from '../../electron/firmware/guessRisk';

/** C(n, k) exactly. */
function choose(n: number, k: number): bigint {
  let result = 1n;
  for (let i = 0; i < k; i++) result = (result * BigInt(n - i)) / BigInt(i + 1);
  return result;
}

/** 1 − C(N−k, B) / C(N, B): the chance that B distinct guesses are not all misses, as a float from exact integers. */
function exactRisk(space: number, live: number, guesses: number): number {
  const miss = choose(space - live, guesses);
  const total = choose(space, guesses);
  const scale = 10n ** 30n;
  return Number(scale - (miss * scale) / total) / Number(scale);
}

/** Every ordered sequence of `guesses` distinct values out of `space`, with codes 0..live-1 live: the share that hits. */
function bruteForce(space: number, live: number, guesses: number): number {
  let hits = 0;
  let sequences = 0;
  const walk = (used: Set<number>, depth: number, hit: boolean) => {
    if (depth === guesses) {
      sequences += 1;
      if (hit) hits += 1;
      return;
    }
    for (let v = 0; v < space; v++) {
      if (used.has(v)) continue;
      used.add(v);
      walk(used, depth + 1, hit || v < live);
      used.delete(v);
    }
  };
  walk(new Set(), 0, false);
  return hits / sequences;
}

describe('guess risk', () => {
  it('counts the trivial codes by the generator’s own rule: 30, leaving N = 9970', () => {
    expect(TRIVIAL_CODE_COUNT).toBe(Array.from({ length: 10000 }, (_, v) => String(v).padStart(4, '0')).filter(isTrivialCode).length);
    expect(TRIVIAL_CODE_COUNT).toBe(30);
    expect(CODE_SPACE).toBe(10000);
    expect(ISSUABLE_CODE_COUNT).toBe(9970);
    expect(KEYPAD_HARD_BUDGET).toBe(9);
  });

  it('matches brute-force enumeration of every guess sequence in small code spaces', () => {
    for (const [space, live, guesses] of [[5, 1, 2], [6, 2, 3], [7, 3, 2], [7, 1, 7], [6, 0, 3], [8, 2, 4]] as const) {
      expect(hitProbability(space, live, guesses)).toBeCloseTo(bruteForce(space, live, guesses), 12);
    }
  });

  it('matches the exact combinatorial form 1 − C(N−k, B)/C(N, B) for every Max Users option', () => {
    for (const k of [1, 2, 5, 10, 25, 50]) {
      expect(guessRisk(k)).toBeCloseTo(exactRisk(ISSUABLE_CODE_COUNT, k, KEYPAD_HARD_BUDGET), 12);
      expect(guessRisk(k, 7)).toBeCloseTo(exactRisk(ISSUABLE_CODE_COUNT, k, 7), 12);
    }
  });

  it('reproduces the table in docs/protocol.md', () => {
    const table: [number, string, number][] = [
      [1, '0.090', 1108],
      [2, '0.18', 554],
      [5, '0.45', 222],
      [10, '0.90', 111],
      [25, '2.2', 45],
      [50, '4.4', 23],
    ];
    for (const [k, percent, oneIn] of table) {
      const p = guessRisk(k);
      expect((p * 100).toPrecision(2)).toBe(percent);
      expect(Math.round(1 / p)).toBe(oneIn);
      expect(guessOdds(k)).toBe(oneIn);
    }
  });

  it('meets the goal of security issue #9: at most 1 % at Max Users 10, even for a guesser who knew every recently ended code', () => {
    expect(guessRisk(10)).toBeLessThanOrEqual(0.01);
    // At most RETAINED_CODES codes are kept, 10 of them live: the rest are the ended digits excluded from issue.
    expect(hitProbability(ISSUABLE_CODE_COUNT - (RETAINED_CODES - 10), 10, KEYPAD_HARD_BUDGET)).toBeLessThanOrEqual(0.01);
  });

  it('is 0 with no live codes or no guesses, 1 when guesses must hit, and grows with live codes', () => {
    expect(guessRisk(0)).toBe(0);
    expect(guessRisk(10, 0)).toBe(0);
    expect(hitProbability(10, 3, 8)).toBe(1);
    const risks = [1, 2, 5, 10, 25, 50].map((k) => guessRisk(k));
    expect([...risks].sort((a, b) => a - b)).toEqual(risks);
  });
});
