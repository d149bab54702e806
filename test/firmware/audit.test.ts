/** The intercom's audit log and live events: numbered, bounded in two rings, and never carrying digits or keys. */
import { describe, expect, it } from 'vitest';
import { AUDIT_RETAINED, NOISE_RETAINED, SECURITY_RETAINED } from '../../electron/firmware/auditLog';
import { toBase64 } from '../../electron/firmware/base64';
import { createIntercom } from '../../electron/firmware/intercom';
import type { SessionIdentity } from '../../electron/firmware/types';
import type { DeviceEvent } from '../../electron/protocol/messages';
import {
  FakeGateLink,
  GATE_A,
  GATE_B,
  HOUR,
  ManualClock,
  SETUP,
  SHARED,
  attach,
  call,
  intercomBench,
  intercomConfig,
  newCode,
  rid,
  seededRandom,
  settings,
  value,
  wrongDigits,
} from './helpers';

const seqs = (events: DeviceEvent[]) => events.map((e) => e.seq);

describe('audit log', () => {
  it('numbers entries from 1 without gaps and sends each one as an event, synchronously and in order', async () => {
    const bench = intercomBench();
    const { codeId, digits } = await newCode(bench.model, rid(1));
    expect(bench.events).toHaveLength(1);
    await bench.model.keypad(digits);
    await value(bench.model, 'codes.revoke', { codeId });
    await value(bench.model, 'users.add', { userId: 'zoe', role: 'shared', key: new Uint8Array(32) });
    expect(seqs(bench.events)).toEqual([1, 2, 3, 4]);
    expect((await value(bench.model, 'audit.read', { fromSeq: 0, limit: 200 })).entries).toEqual(bench.events);
  });

  it(`keeps the newest ${SECURITY_RETAINED} security events and ${NOISE_RETAINED} noise entries while the sequence keeps counting`, async () => {
    const bench = intercomBench();
    // Each round: one wrong code (noise: code.refused) and the owner's clear (a security event).
    for (let i = 0; i < AUDIT_RETAINED + 40; i++) await bench.model.keypad(wrongDigits([], 1000 + i)).then(() => value(bench.model, 'keypad.clearLockout', {}));
    const total = bench.events.length;
    const first = await value(bench.model, 'audit.read', { fromSeq: 1, limit: 5 });
    expect(first.lastSeq).toBe(total);
    const retained = (bench.model.snapshot().state.audit as { entries: DeviceEvent[] }).entries;
    expect(retained).toHaveLength(AUDIT_RETAINED);
    expect(retained.filter((e) => e.type === 'keypad.cleared').map((e) => e.seq)).toEqual(bench.events.filter((e) => e.type === 'keypad.cleared').slice(-SECURITY_RETAINED).map((e) => e.seq));
    expect(retained.filter((e) => e.type === 'code.refused').map((e) => e.seq)).toEqual(bench.events.filter((e) => e.type === 'code.refused').slice(-NOISE_RETAINED).map((e) => e.seq));
    // Entries before the retained window are gone: the reader sees the jump in seq.
    expect(first.entries[0]?.seq).toBe(retained[0]?.seq);
    expect(first.entries[0]?.seq).toBeGreaterThan(1);
  });

  it('audit.read returns entries from fromSeq, at most limit, with the last seq and where the next page starts', async () => {
    const bench = intercomBench();
    for (let i = 0; i < 7; i++) await newCode(bench.model, rid(i));
    expect(await value(bench.model, 'audit.read', { fromSeq: 3, limit: 2 })).toEqual({ entries: bench.events.slice(2, 4), lastSeq: 7, next: 5 });
    expect(await value(bench.model, 'audit.read', { fromSeq: 3, limit: 10 })).toEqual({ entries: bench.events.slice(2), lastSeq: 7 });
    expect(await value(bench.model, 'audit.read', { fromSeq: 8, limit: 10 })).toEqual({ entries: [], lastSeq: 7 });
    expect(await call(bench.model, 'audit.read', { fromSeq: 0, limit: 10 }, SHARED)).toMatchObject({ ok: false, error: { code: 'NOT_AUTHORIZED' } });
  });

  it('names the actor: the user id, keypad or device', async () => {
    const bench = intercomBench({ settings: { entryDevice: GATE_A, inviteDurationHours: 1 } });
    const a = await newCode(bench.model, rid(1), SHARED);
    await bench.model.keypad(a.digits);
    bench.clock.advance(HOUR);
    await value(bench.model, 'codes.list', {});
    expect(bench.events.map((e) => [e.type, e.actor])).toEqual([
      ['code.created', 'sam'],
      ['code.used', 'keypad'],
      ['code.expired', 'device'],
    ]);
  });

  it('a listener that throws stops neither the device nor the other listeners, and unsubscribing stops events', async () => {
    const bench = intercomBench();
    const stop = bench.model.onEvent(() => {
      throw new Error('radio down');
    });
    const seen: number[] = [];
    const unsubscribe = bench.model.onEvent((e) => seen.push(e.seq));
    await newCode(bench.model, rid(1));
    unsubscribe();
    stop();
    await newCode(bench.model, rid(2));
    expect(seen).toEqual([1]);
    expect(bench.events).toHaveLength(2);
  });

  it('never puts code digits or keys in any audit entry, event or reply other than the create reply', async () => {
    const clock = new ManualClock();
    const random = seededRandom('long scenario');
    const gates = new FakeGateLink();
    const keys = { owner: random.bytes(32), shared: random.bytes(32), setup: random.bytes(16), added: [] as Uint8Array[] };
    const model = createIntercom(intercomConfig({ owner: undefined, sharedUsers: undefined, setupKey: keys.setup }), { clock, random, gates });
    const bench = attach(model, clock, random, gates);
    const owner: SessionIdentity = { kind: 'user', userId: 'olivia', role: 'owner' };
    const replies: unknown[] = [];
    const issued: string[] = [];
    const record = <T>(reply: T) => (replies.push(reply), reply);

    record(await call(model, 'claim', { ownerUserId: 'olivia', ownerKey: keys.owner }, SETUP));
    record(await call(model, 'users.add', { userId: 'sam', role: 'shared', key: keys.shared }, owner));
    record(await call(model, 'settings.set', { requestId: rid(1), baseRevision: 0, settings: settings({ entryDevice: GATE_A, exitDevice: GATE_B, maxUsers: 50, inviteDurationHours: 2 }) }, owner));
    for (let round = 0; round < 40; round++) {
      const who = round % 2 === 0 ? owner : SHARED;
      const created = await value(model, 'codes.create', { requestId: rid(100 + round) }, who);
      issued.push(created.digits);
      record(await call(model, 'codes.create', { requestId: rid(100 + round) }, who).then((r) => (r.ok ? { ...r, value: { ...r.value, digits: 'x' } } : r)));
      if (round % 4 === 0) record(await call(model, 'keypad.enter', { digits: created.digits }, owner));
      if (round % 4 === 1) record(await model.keypad(created.digits));
      if (round % 4 === 2) record(await call(model, 'codes.revoke', { codeId: created.code.codeId }, who));
      if (round % 5 === 0) gates.answer = round % 10 === 0 ? false : 'reject';
      record(await model.keypad(created.digits));
      gates.answer = true;
      record(await model.keypad(wrongDigits(issued, 1000 + round * 37)));
      if (round === 20) for (let i = 0; i < 6; i++) record(await model.keypad(wrongDigits(issued, 2000 + i * 11)));
      if (round === 30) {
        for (let i = 0; i < 20; i++) {
          clock.advance(HOUR);
          record(await model.keypad(wrongDigits(issued, 3000 + i * 13)));
        }
      }
      if (round % 6 === 5) record(await call(model, 'keypad.clearLockout', {}, owner));
      if (round % 7 === 0) {
        const added = random.bytes(32);
        keys.added.push(added);
        record(await call(model, 'users.add', { userId: `guest-${round}`, role: 'shared', key: added }, owner));
        record(await call(model, 'users.remove', { userId: `guest-${round}` }, owner));
      }
      record(await call(model, 'codes.list', {}, SHARED));
      clock.advance(HOUR / 3);
    }
    record(await call(model, 'codes.revoke', { codeId: 'ffffffff' }, owner));
    record(await call(model, 'settings.set', { requestId: rid(2), baseRevision: 0, settings: settings() }, owner));
    const audit = await value(model, 'audit.read', { fromSeq: 0, limit: 200 });
    const types = new Set(bench.events.map((e) => e.type));
    for (const type of ['claimed', 'user.added', 'user.removed', 'settings.changed', 'code.created', 'code.revoked', 'code.used', 'code.refused', 'code.expired', 'gate.unreachable', 'keypad.lockout', 'keypad.hardLocked', 'keypad.cleared']) {
      expect(types).toContain(type);
    }

    // Digits may only hide in strings (numbers are checked by name below): blank numbers so that a
    // timestamp that happens to contain four issued digits in a row is not mistaken for a leak.
    const text = JSON.stringify([bench.events, audit, replies], (_, v: unknown) => (typeof v === 'number' ? 0 : v));
    for (const digits of issued) expect(text).not.toContain(digits);
    const numericFields = new Set<string>();
    for (const e of bench.events) for (const [k, v] of Object.entries(e.detail)) if (typeof v === 'number') numericFields.add(k);
    const timesAndCounts = ['count', 'from', 'to', 'durationMs', 'expiresAt', 'failures', 'maxUsers', 'inviteDurationHours', 'revision', 'totalFailures', 'consecutiveFailures', 'until'];
    for (const field of numericFields) expect(timesAndCounts).toContain(field);
    const raw = JSON.stringify([bench.events, audit, replies]);
    for (const k of [keys.owner, keys.shared, keys.setup, ...keys.added]) {
      expect(raw).not.toContain(Buffer.from(k).toString('hex'));
      expect(raw).not.toContain(toBase64(k));
      expect(raw).not.toContain(toBase64(k).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_'));
    }
  });
});
