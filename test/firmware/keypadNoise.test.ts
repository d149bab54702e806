/**
 * Keypad noise cannot erase the audit log (security issue #9, finding 4): refusals while locked are
 * counted in memory and written as one entry, flash writes stay bounded, and security events (codes
 * used, lockouts, settings) survive any amount of typing at the keypad.
 */
import { describe, expect, it } from 'vitest';
import { LOCKED_REFUSALS_FLUSH_MS, NOISE_RETAINED } from '../../electron/firmware/auditLog';
import { restoreIntercom } from '../../electron/firmware/intercom';
import { KEYPAD_FIRST_LOCK_MS, KEYPAD_HARD_BUDGET } from '../../electron/firmware/keypadLockout';
import type { PersistedDevice } from '../../electron/firmware/types';
import type { AuditEntry } from '../../electron/protocol/messages';
import { HOUR, intercomBench, newCode, rid, settings, value, wrongDigits } from './helpers';

type Bench = ReturnType<typeof intercomBench>;

/** Everything flash holds of the log, read the way the owner reads it (200 at a time). */
async function wholeLog(bench: Bench): Promise<AuditEntry[]> {
  const entries: AuditEntry[] = [];
  for (let fromSeq = 0; ; ) {
    const page = await value(bench.model, 'audit.read', { fromSeq, limit: 200 });
    entries.push(...page.entries);
    const last = page.entries.at(-1);
    if (last === undefined) return entries;
    fromSeq = last.seq + 1;
  }
}

/** A settings change, a code used for entry, a timed lock and then the hard lock: the events to keep. */
async function securityHistory(bench: Bench): Promise<string> {
  await value(bench.model, 'settings.set', { requestId: rid(1), baseRevision: 0, settings: settings({ maxUsers: 5 }) });
  const { digits } = await newCode(bench.model, rid(2));
  expect(await bench.model.keypad(digits)).toMatchObject({ outcome: 'entry' });
  for (let i = 0; i < KEYPAD_HARD_BUDGET; i++) {
    bench.clock.advance(HOUR);
    await bench.model.keypad(wrongDigits([digits], 3000 + i * 17));
  }
  return digits;
}

const SECURITY = ['settings.changed', 'code.created', 'code.used', 'keypad.lockout', 'keypad.hardLocked'];

describe('keypad noise and the audit log', () => {
  it('keeps code.used, keypad.lockout and settings entries through 5000 entries at a locked keypad, writing flash a bounded number of times', async () => {
    const bench = intercomBench();
    const digits = await securityHistory(bench);
    const kept = bench.events.filter((e) => SECURITY.includes(e.type));
    expect(new Set(kept.map((e) => e.type))).toEqual(new Set(SECURITY));
    const writes = bench.persisted();
    const events = bench.events.length;
    const flood = 5000;
    for (let i = 0; i < flood; i++) {
      bench.clock.advance(1000);
      expect(await bench.model.keypad(i % 2 === 0 ? digits : wrongDigits([], i))).toEqual({ outcome: 'refused', reason: 'locked' });
    }
    // 5000 s of typing: at most one coalesced entry (and one flash write) per LOCKED_REFUSALS_FLUSH_MS.
    const bound = Math.ceil((flood * 1000) / LOCKED_REFUSALS_FLUSH_MS);
    expect(bench.persisted() - writes).toBeLessThanOrEqual(bound);
    expect(bench.events.length - events).toBeLessThanOrEqual(bound);

    const log = await wholeLog(bench);
    for (const entry of kept) expect(log).toContainEqual(entry);
    const coalesced = log.filter((e) => e.type === 'keypad.refusedWhileLocked');
    expect(coalesced.reduce((sum, e) => sum + Number(e.detail.count), 0)).toBe(flood);
    expect(coalesced.every((e) => e.actor === 'keypad' && Object.keys(e.detail).sort().join() === 'count,from,to')).toBe(true);
  });

  it('writes the refusals of a timed lock as one entry at the first entry after it', async () => {
    const bench = intercomBench();
    for (let i = 0; i < 5; i++) await bench.model.keypad(wrongDigits([], 2000 + i));
    const writes = bench.persisted();
    for (let i = 0; i < 40; i++) expect(await bench.model.keypad(wrongDigits([], 2500 + i))).toEqual({ outcome: 'refused', reason: 'locked' });
    expect(bench.persisted()).toBe(writes);
    bench.clock.advance(KEYPAD_FIRST_LOCK_MS);
    expect(await bench.model.keypad(wrongDigits([], 2600))).toEqual({ outcome: 'refused', reason: 'unknown' });
    const types = bench.events.slice(-3).map((e) => [e.type, e.detail.count]);
    expect(types).toEqual([
      ['keypad.refusedWhileLocked', 40],
      ['code.refused', undefined],
      ['keypad.lockout', undefined],
    ]);
  });

  it('keeps every security event through any number of refusals that are not locked out', async () => {
    const bench = intercomBench();
    const digits = await securityHistory(bench);
    await value(bench.model, 'keypad.clearLockout', {});
    const kept = bench.events.filter((e) => SECURITY.includes(e.type) || e.type === 'keypad.cleared');
    // A guest whose gate does not answer presses on and on: each is a gate.unreachable entry.
    bench.gates.answer = false;
    for (let i = 0; i < 3000; i++) expect(await bench.model.keypad(digits)).toMatchObject({ reason: 'gate-unreachable' });
    const log = await wholeLog(bench);
    for (const entry of kept) expect(log).toContainEqual(entry);
    expect(log.filter((e) => e.type === 'gate.unreachable')).toHaveLength(NOISE_RETAINED);
  });

  it('loads a log written before the two rings: noise past its ring is trimmed, security events kept', async () => {
    const bench = intercomBench();
    await securityHistory(bench);
    const flash = JSON.parse(JSON.stringify(bench.model.snapshot())) as PersistedDevice & {
      state: { audit: { lastSeq: number; entries: AuditEntry[] } };
      secrets: Record<string, unknown>;
    };
    // The old firmware: no wrongDigits in secrets, and a gap-free log full of refusals after the lock.
    delete flash.secrets.wrongDigits;
    const { audit } = flash.state;
    const old = [...audit.entries];
    for (let i = 0; i < 500 - old.length; i++) old.push({ seq: audit.lastSeq + 1 + i, at: 0, type: 'code.refused', actor: 'keypad', detail: { reason: 'locked' } });
    flash.state.audit = { lastSeq: old.at(-1)?.seq ?? 0, entries: old };
    const restored = restoreIntercom(flash, { clock: bench.clock, random: bench.random, gates: bench.gates });
    if (!restored.ok) throw new Error(restored.error.message);
    const { entries } = restored.value.snapshot().state.audit as { entries: AuditEntry[] };
    for (const type of SECURITY) expect(entries.map((e) => e.type)).toContain(type);
    expect(entries.filter((e) => e.type === 'code.refused')).toHaveLength(NOISE_RETAINED);
    expect(restored.value.snapshot().state.lockout).toMatchObject({ hardLocked: true, totalFailures: KEYPAD_HARD_BUDGET });
    expect(restored.value.snapshot().secrets.wrongDigits).toEqual([]);
  });
});
