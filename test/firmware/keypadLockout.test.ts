/** Keypad guessing limits (docs/protocol.md, "Keypad guessing"), at the intercom's keypad. */
import { describe, expect, it } from 'vitest';
import {
  KEYPAD_FIRST_LOCK_MS,
  KEYPAD_HARD_BUDGET,
  KEYPAD_MAX_LOCK_MS,
  initialLockout,
  recordFailure,
  type LockoutState,
} from '../../electron/firmware/keypadLockout';
import { SHARED, call, intercomBench, newCode, rid, value, wrongDigits } from './helpers';

/** Enters `n` wrong codes, each one different, none a live code's. */
async function guess(bench: ReturnType<typeof intercomBench>, n: number, avoid: string[] = [], from = 5000): Promise<string[]> {
  const reasons: string[] = [];
  for (let i = 0; i < n; i++) {
    const outcome = await bench.model.keypad(wrongDigits(avoid, from + i * 7));
    reasons.push(outcome.outcome === 'refused' ? outcome.reason : outcome.outcome);
  }
  return reasons;
}

const lockEvents = (bench: ReturnType<typeof intercomBench>) => bench.events.filter((e) => e.type.startsWith('keypad.'));

describe('keypad lockout', () => {
  it('locks the keypad for 30 s after 5 consecutive wrong codes', async () => {
    const bench = intercomBench();
    expect(await guess(bench, 5)).toEqual(Array(5).fill('unknown'));
    expect(await guess(bench, 1)).toEqual(['locked']);
    bench.clock.advance(KEYPAD_FIRST_LOCK_MS - 1);
    expect(await guess(bench, 1)).toEqual(['locked']);
    bench.clock.advance(1);
    expect(await guess(bench, 1)).toEqual(['unknown']);
  });

  it('locks again after each wrong code once a lock ends, twice as long each time, up to 1 hour', () => {
    let state: LockoutState = initialLockout();
    let now = 0;
    const durations: number[] = [];
    // The same wrong code again and again: it costs time, not the hard budget, so the doubling reaches its cap.
    for (let i = 0; i < 19; i++) {
      const { state: next, change } = recordFailure(state, now, '4321');
      state = next;
      if (change.kind === 'locked') {
        durations.push(change.durationMs);
        now = change.until;
      }
    }
    const s = 1000;
    expect(durations).toEqual([30 * s, 60 * s, 120 * s, 240 * s, 480 * s, 960 * s, 1920 * s, 3600 * s, 3600 * s, 3600 * s, 3600 * s, 3600 * s, 3600 * s, 3600 * s, 3600 * s]);
    expect(Math.max(...durations)).toBe(KEYPAD_MAX_LOCK_MS);
    expect(state).toMatchObject({ totalFailures: 1, hardLocked: false });
  });

  it('audits keypad.lockout with the lock’s end and the failures, for the owner', async () => {
    const bench = intercomBench();
    await guess(bench, 5);
    bench.clock.advance(KEYPAD_FIRST_LOCK_MS);
    await guess(bench, 1);
    expect(lockEvents(bench).map((e) => [e.type, e.actor, e.detail])).toEqual([
      ['keypad.lockout', 'device', { until: bench.clock.t, durationMs: 30_000, failures: 5 }],
      ['keypad.lockout', 'device', { until: bench.clock.t + 60_000, durationMs: 60_000, failures: 6 }],
    ]);
  });

  it('while locked, refuses every entry, even a valid code, and does not count it', async () => {
    const bench = intercomBench();
    const { digits } = await newCode(bench.model, rid(1));
    await guess(bench, 5, [digits]);
    expect(await bench.model.keypad(digits)).toEqual({ outcome: 'refused', reason: 'locked' });
    expect(await guess(bench, 10, [digits])).toEqual(Array(10).fill('locked'));
    expect(bench.gates.calls).toEqual([]);
    expect(lockEvents(bench)).toHaveLength(1);
    bench.clock.advance(KEYPAD_FIRST_LOCK_MS);
    expect(await bench.model.keypad(digits)).toMatchObject({ outcome: 'entry' });
  });

  it('a valid code resets the consecutive count but not the total', async () => {
    const bench = intercomBench({ settings: { entryDevice: '0000000000a1', maxUsers: 10 } });
    const codes = [];
    for (let i = 0; i < 2; i++) codes.push((await newCode(bench.model, rid(i))).digits);
    // 4 wrong, 1 right, 4 wrong, 1 right: never 5 in a row, so no lock ...
    for (const [i, digits] of codes.entries()) {
      expect(await guess(bench, 4, codes, 5000 + i * 100)).toEqual(Array(4).fill('unknown'));
      expect(await bench.model.keypad(digits)).toMatchObject({ outcome: 'entry' });
    }
    expect(lockEvents(bench)).toEqual([]);
    // ... but the 8 wrong codes count towards the hard budget of 9.
    expect(await guess(bench, 1, codes, 6000)).toEqual(['unknown']);
    expect(lockEvents(bench).map((e) => e.type)).toEqual(['keypad.hardLocked']);
  });

  it(`hard-locks after ${KEYPAD_HARD_BUDGET} wrong codes in all, until the owner clears it`, async () => {
    const bench = intercomBench();
    const { digits } = await newCode(bench.model, rid(1));
    for (let i = 0; i < KEYPAD_HARD_BUDGET; i++) {
      bench.clock.advance(KEYPAD_MAX_LOCK_MS);
      expect(await guess(bench, 1, [digits], 5000 + i * 7)).toEqual(['unknown']);
    }
    expect(lockEvents(bench).at(-1)).toMatchObject({ type: 'keypad.hardLocked', actor: 'device', detail: { failures: KEYPAD_HARD_BUDGET } });
    bench.clock.advance(24 * KEYPAD_MAX_LOCK_MS);
    expect(await bench.model.keypad(digits)).toEqual({ outcome: 'refused', reason: 'locked' });
    expect(await value(bench.model, 'keypad.enter', { digits })).toEqual({ outcome: 'refused', reason: 'locked' });
  });

  it('keypad.clearLockout (owner only) resets every counter and is audited', async () => {
    const bench = intercomBench({ settings: { entryDevice: '0000000000a1', inviteDurationHours: 24 } });
    const { digits } = await newCode(bench.model, rid(1));
    for (let i = 0; i < KEYPAD_HARD_BUDGET; i++) {
      bench.clock.advance(KEYPAD_MAX_LOCK_MS);
      await guess(bench, 1, [digits], 5000 + i * 7);
    }
    expect(await bench.model.keypad(digits)).toEqual({ outcome: 'refused', reason: 'locked' });
    expect(await call(bench.model, 'keypad.clearLockout', {}, SHARED)).toMatchObject({ ok: false, error: { code: 'NOT_AUTHORIZED' } });
    expect(await call(bench.model, 'keypad.clearLockout', {})).toEqual({ ok: true, value: {} });
    expect(bench.events.at(-1)).toMatchObject({ type: 'keypad.cleared', actor: 'olivia', detail: { totalFailures: KEYPAD_HARD_BUDGET, wasHardLocked: true } });
    expect(await bench.model.keypad(digits)).toMatchObject({ outcome: 'entry' });
    // A fresh budget: 4 wrong codes do not lock again.
    expect(await guess(bench, 4, [digits])).toEqual(Array(4).fill('unknown'));
  });

  it('a mistyped code or two does not lock: the guest then opens with the right one', async () => {
    const bench = intercomBench();
    const { digits } = await newCode(bench.model, rid(1));
    expect(await guess(bench, 2, [digits])).toEqual(['unknown', 'unknown']);
    expect(await bench.model.keypad(digits)).toMatchObject({ outcome: 'entry' });
    expect(lockEvents(bench)).toEqual([]);
  });

  it('retyping the same wrong digits costs time but not the hard budget', async () => {
    const bench = intercomBench();
    const typo = wrongDigits([]);
    for (let i = 0; i < 3 * KEYPAD_HARD_BUDGET; i++) {
      bench.clock.advance(KEYPAD_MAX_LOCK_MS);
      expect(await bench.model.keypad(typo)).toEqual({ outcome: 'refused', reason: 'unknown' });
    }

    // The repeats still ran into the timed locks (5 in a row) ...
    expect(lockEvents(bench).map((e) => e.type)).toContain('keypad.lockout');
    expect(lockEvents(bench).map((e) => e.type)).not.toContain('keypad.hardLocked');
    bench.clock.advance(KEYPAD_MAX_LOCK_MS);
    // ... but only one distinct wrong code was spent: a guest still gets in.
    const { digits } = await newCode(bench.model, rid(1));
    expect(digits).not.toBe(typo);
    expect(await bench.model.keypad(digits)).toMatchObject({ outcome: 'entry' });
    expect(bench.model.snapshot().state.lockout).toMatchObject({ totalFailures: 1 });
    // The counted wrong digits (perhaps a near miss of a real code) are sealed, never in the plain state.
    expect(bench.model.snapshot().secrets.wrongDigits).toEqual([typo]);
    expect(JSON.stringify(bench.model.snapshot().state, (_, v: unknown) => (typeof v === 'number' ? 0 : v))).not.toContain(typo);
  });

  describe('the digits of an ended code (security issue #9, finding 5)', () => {
    const ended: [string, (bench: ReturnType<typeof intercomBench>, code: { codeId: string; digits: string }) => Promise<unknown>][] = [
      ['revoked', (bench, { codeId }) => value(bench.model, 'codes.revoke', { codeId })],
      ['used', async (bench, { digits }) => (await bench.model.keypad(digits), await bench.model.keypad(digits))],
      ['expired', (bench) => {
        bench.clock.advance(12 * 3_600_000);
        return Promise.resolve();
      }],
    ];

    it.each(ended)('%s: refused exactly as digits never issued, and counted as a wrong code', async (_, end) => {
      const bench = intercomBench();
      const code = await newCode(bench.model, rid(1));
      await end(bench, code);
      const never = intercomBench();
      await newCode(never.model, rid(1));
      never.clock.t = bench.clock.t;
      const outcomes = async (b: ReturnType<typeof intercomBench>, digits: string[]) => {
        const out = [];
        for (const d of digits) out.push(await b.model.keypad(d));
        return { out, lockout: b.model.snapshot().state.lockout, locks: lockEvents(b).map((e) => [e.type, e.detail]) };
      };
      // The ended code plus 4 other wrong codes, against 5 wrong codes on an intercom that never issued it.
      const others = [0, 1, 2, 3].map((i) => wrongDigits([code.digits], 7000 + i * 13));
      const seen = await outcomes(bench, [code.digits, ...others]);
      const baseline = await outcomes(never, [wrongDigits([code.digits], 6500), ...others]);
      expect(seen.out).toEqual(Array(5).fill({ outcome: 'refused', reason: 'unknown' }));
      expect(seen).toEqual(baseline);
      expect(seen.lockout).toMatchObject({ totalFailures: 5, consecutiveFailures: 5 });
    });
  });
});
