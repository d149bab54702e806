/** One Time Access Settings as the intercom enforces them (../shared/seed, docs/protocol.md). */
import { describe, expect, it } from 'vitest';
import { INVITE_DURATION_RULE, MAX_USERS_RULE } from '../../electron/protocol/accessRules';
import { createIntercom } from '../../electron/firmware/intercom';
import {
  FakeGateLink,
  GATE_A,
  GATE_B,
  HOUR,
  ManualClock,
  OWNER,
  SHARED,
  call,
  callRaw,
  intercomBench,
  intercomConfig,
  newCode,
  rid,
  seededRandom,
  settings,
  value,
} from './helpers';

const setRaw = (bench: ReturnType<typeof intercomBench>, s: unknown, requestId = rid(900), baseRevision = 0) =>
  callRaw(bench.model, { id: 1, op: 'settings.set', args: { requestId, baseRevision, settings: s } });

describe('One Time Access Settings', () => {
  it('starts with no Entry Device, Same as entry, Max Users 10 and Invite Duration 12 hours at revision 0', async () => {
    const model = createIntercom(intercomConfig(), { clock: new ManualClock(), random: seededRandom('s'), gates: new FakeGateLink() });
    expect(await value(model, 'settings.get', {})).toEqual({
      settings: { entryDevice: null, exitDevice: 'same', maxUsers: 10, inviteDurationHours: 12 },
      revision: 0,
    });
  });

  it('refuses Max Users 7, naming 1, 2, 5, 10, 25, 50', async () => {
    const bench = intercomBench();
    const reply = await setRaw(bench, settings({ maxUsers: 7 as 10 }));
    expect(reply).toEqual({ ok: false, error: expect.objectContaining({ code: 'INVALID_VALUE', message: MAX_USERS_RULE }) as unknown });
    expect(MAX_USERS_RULE).toContain('1, 2, 5, 10, 25, 50');
  });

  it.each([0, 25, 1.5, -3, '12'])('refuses Invite Duration %s, naming whole hours from 1 to 24', async (hours) => {
    const bench = intercomBench();
    const reply = await setRaw(bench, { ...settings(), inviteDurationHours: hours });
    expect(reply).toMatchObject({ ok: false, error: { code: 'INVALID_VALUE', message: INVITE_DURATION_RULE } });
    expect(INVITE_DURATION_RULE).toMatch(/whole number of hours from 1 to 24/);
  });

  it('accepts every allowed Max Users and every whole hour from 1 to 24', async () => {
    const bench = intercomBench();
    let revision = 0;
    for (const maxUsers of [1, 2, 5, 10, 25, 50] as const) {
      revision = (await value(bench.model, 'settings.set', { requestId: rid(100 + maxUsers), baseRevision: revision, settings: settings({ maxUsers }) })).revision;
    }
    for (let hours = 1; hours <= 24; hours++) {
      revision = (await value(bench.model, 'settings.set', { requestId: rid(200 + hours), baseRevision: revision, settings: settings({ inviteDurationHours: hours }) })).revision;
    }
    expect(revision).toBe(30);
  });

  it('refuses an Entry or Exit Device that is not a device id, naming what is allowed', async () => {
    const bench = intercomBench();
    expect(await setRaw(bench, settings({ entryDevice: 'Main Gate' }))).toMatchObject({ ok: false, error: { code: 'INVALID_VALUE', message: expect.stringMatching(/Entry Device must be .* or none/) as unknown } });
    expect(await setRaw(bench, settings({ exitDevice: 'SAME' }), rid(901))).toMatchObject({ ok: false, error: { code: 'INVALID_VALUE', message: expect.stringMatching(/Exit Device must be .* or Same as entry/) as unknown } });
  });

  it('allows an Exit Device equal to the Entry Device', async () => {
    const bench = intercomBench();
    const saved = await value(bench.model, 'settings.set', { requestId: rid(1), baseRevision: 0, settings: settings({ entryDevice: GATE_B, exitDevice: GATE_B }) });
    expect(saved.settings).toMatchObject({ entryDevice: GATE_B, exitDevice: GATE_B });
  });

  it('applies all four settings or none', async () => {
    const bench = intercomBench();
    const before = await value(bench.model, 'settings.get', {});
    const reply = await setRaw(bench, { entryDevice: GATE_B, exitDevice: GATE_A, maxUsers: 2, inviteDurationHours: 48 });
    expect(reply).toMatchObject({ ok: false, error: { code: 'INVALID_VALUE' } });
    expect(await value(bench.model, 'settings.get', {})).toEqual(before);
    const saved = await value(bench.model, 'settings.set', { requestId: rid(2), baseRevision: 0, settings: { entryDevice: GATE_B, exitDevice: GATE_A, maxUsers: 2, inviteDurationHours: 3 } });
    expect(saved).toEqual({ settings: { entryDevice: GATE_B, exitDevice: GATE_A, maxUsers: 2, inviteDurationHours: 3 }, revision: 1 });
  });

  it('names every broken rule at once when several values are wrong, within the 300 characters a reply allows', async () => {
    const bench = intercomBench();
    const reply = await setRaw(bench, { entryDevice: 'x', exitDevice: 'y', maxUsers: 3, inviteDurationHours: 0 });
    if (reply.ok) throw new Error('accepted');
    expect(reply.error.code).toBe('INVALID_VALUE');
    for (const rule of ['Entry Device must be', 'Exit Device must be', MAX_USERS_RULE, INVITE_DURATION_RULE]) expect(reply.error.message).toContain(rule);
    expect(reply.error.message.length).toBeLessThanOrEqual(300);
  });

  it('refuses a write from a stale revision with STALE_REVISION and a hint to reload', async () => {
    const bench = intercomBench();
    await value(bench.model, 'settings.set', { requestId: rid(1), baseRevision: 0, settings: settings({ maxUsers: 2 }) });
    const stale = await call(bench.model, 'settings.set', { requestId: rid(2), baseRevision: 0, settings: settings({ maxUsers: 25 }) });
    expect(stale).toMatchObject({ ok: false, error: { code: 'STALE_REVISION', message: expect.stringMatching(/Another technician changed these settings/) as unknown, hint: expect.stringMatching(/Reload/) as unknown } });
    expect((await value(bench.model, 'settings.get', {})).settings.maxUsers).toBe(2);
  });

  it('counts revisions from 0, one per applied change, and returns the new revision', async () => {
    const bench = intercomBench();
    for (let revision = 0; revision < 5; revision++) {
      const saved = await value(bench.model, 'settings.set', { requestId: rid(10 + revision), baseRevision: revision, settings: settings({ inviteDurationHours: revision + 1 }) });
      expect(saved.revision).toBe(revision + 1);
    }
    expect((await value(bench.model, 'settings.get', {})).revision).toBe(5);
  });

  it('answers a repeated request id with the original reply and applies it once', async () => {
    const bench = intercomBench();
    const args = { requestId: rid(7), baseRevision: 0, settings: settings({ maxUsers: 50 }) };
    const first = await call(bench.model, 'settings.set', args);
    const again = await call(bench.model, 'settings.set', args);
    expect(again).toEqual(first);
    expect((await value(bench.model, 'settings.get', {})).revision).toBe(1);
    expect(bench.events.filter((e) => e.type === 'settings.changed')).toHaveLength(1);
  });

  it('answers a repeated request id with the original refusal, even after its cause is gone', async () => {
    const bench = intercomBench();
    await value(bench.model, 'settings.set', { requestId: rid(1), baseRevision: 0, settings: settings({ maxUsers: 2 }) });
    const args = { requestId: rid(2), baseRevision: 0, settings: settings({ maxUsers: 5 }) };
    const refused = await call(bench.model, 'settings.set', args);
    expect(refused).toMatchObject({ ok: false, error: { code: 'STALE_REVISION' } });
    // Even sent again with the right base revision, the same request id gets the same refusal and changes nothing.
    expect(await call(bench.model, 'settings.set', { ...args, baseRevision: 1 })).toEqual(refused);
    expect(await value(bench.model, 'settings.get', {})).toMatchObject({ revision: 1, settings: { maxUsers: 2 } });
  });

  it('remembers the last 64 request ids and forgets older ones', async () => {
    const bench = intercomBench();
    for (let i = 0; i < 65; i++) {
      await value(bench.model, 'settings.set', { requestId: rid(1000 + i), baseRevision: i, settings: settings({ inviteDurationHours: (i % 24) + 1 }) });
    }
    // The second one (65 - 64 + 0 = index 1) is still remembered; the first is forgotten and runs afresh (here: stale).
    expect(await call(bench.model, 'settings.set', { requestId: rid(1001), baseRevision: 1, settings: settings() })).toMatchObject({ ok: true, value: { revision: 2 } });
    expect(await call(bench.model, 'settings.set', { requestId: rid(1000), baseRevision: 0, settings: settings() })).toMatchObject({ ok: false, error: { code: 'STALE_REVISION' } });
  });

  it('refuses a request id reused for another op or by another user', async () => {
    const bench = intercomBench();
    await value(bench.model, 'codes.create', { requestId: rid(5) }, SHARED);
    expect(await call(bench.model, 'settings.set', { requestId: rid(5), baseRevision: 0, settings: settings() })).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    expect(await call(bench.model, 'codes.create', { requestId: rid(5) }, OWNER)).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
  });

  it('audits settings.changed with the actor, the new revision and the changed values', async () => {
    const bench = intercomBench();
    await value(bench.model, 'settings.set', { requestId: rid(1), baseRevision: 0, settings: settings({ exitDevice: GATE_B, maxUsers: 5 }) });
    const entry = bench.events.find((e) => e.type === 'settings.changed');
    expect(entry).toMatchObject({ actor: 'olivia', detail: { revision: 1, exitDevice: GATE_B, maxUsers: 5 } });
    expect(entry?.detail).not.toHaveProperty('inviteDurationHours');
  });

  it('takes initial settings from the configuration and refuses an impossible configuration', () => {
    const deps = { clock: new ManualClock(), random: seededRandom('c'), gates: new FakeGateLink() };
    expect(() => createIntercom(intercomConfig({ settings: { maxUsers: 7 as 10 } }), deps)).toThrow(/1, 2, 5, 10, 25, 50/);
    expect(() => createIntercom(intercomConfig({ owner: undefined }), deps)).toThrow(/shared users need an owner/);
    expect(() => createIntercom(intercomConfig({ deviceId: 'front' }), deps)).toThrow(/12 hex digits/);
  });
});

describe('settings changes apply to new codes only', () => {
  it('keeps the expiry of existing codes when Invite Duration changes', async () => {
    const bench = intercomBench();
    const old = await value(bench.model, 'codes.create', { requestId: rid(1) });
    await value(bench.model, 'settings.set', { requestId: rid(2), baseRevision: 0, settings: settings({ inviteDurationHours: 1 }) });
    const fresh = await value(bench.model, 'codes.create', { requestId: rid(3) });
    expect(old.code.expiresAt - old.code.createdAt).toBe(12 * HOUR);
    expect(fresh.code.expiresAt - fresh.code.createdAt).toBe(1 * HOUR);
    bench.clock.advance(2 * HOUR);
    const listed = (await value(bench.model, 'codes.list', {})).codes;
    expect(listed.find((c) => c.codeId === old.code.codeId)?.state).toBe('active');
    expect(listed.find((c) => c.codeId === fresh.code.codeId)?.state).toBe('expired');
    expect(await bench.model.keypad(old.digits)).toMatchObject({ outcome: 'entry' });
  });

  it('lowering Max Users below the active codes revokes nothing, but blocks new codes', async () => {
    const bench = intercomBench();
    for (let i = 0; i < 4; i++) await newCode(bench.model, rid(10 + i));
    await value(bench.model, 'settings.set', { requestId: rid(2), baseRevision: 0, settings: settings({ maxUsers: 2 }) });
    const codes = (await value(bench.model, 'codes.list', {})).codes;
    expect(codes.map((c) => c.state)).toEqual(['active', 'active', 'active', 'active']);
    expect(await call(bench.model, 'codes.create', { requestId: rid(20) })).toMatchObject({ ok: false, error: { code: 'MAX_USERS_REACHED' } });
  });

  it('Entry and Exit Device changes apply at once to active codes', async () => {
    const bench = intercomBench();
    const code = await newCode(bench.model, rid(1));
    await value(bench.model, 'settings.set', { requestId: rid(2), baseRevision: 0, settings: settings({ entryDevice: GATE_B, exitDevice: GATE_A }) });
    expect(await bench.model.keypad(code.digits)).toEqual({ outcome: 'entry', codeId: code.codeId, gate: GATE_B });
    await value(bench.model, 'settings.set', { requestId: rid(3), baseRevision: 1, settings: settings({ entryDevice: GATE_B, exitDevice: 'same' }) });
    expect(await bench.model.keypad(code.digits)).toEqual({ outcome: 'exit', codeId: code.codeId, gate: GATE_B });
    expect(bench.gates.calls.map((c) => c.gateId)).toEqual([GATE_B, GATE_B]);
  });
});
