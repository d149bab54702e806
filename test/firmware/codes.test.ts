/** One-time codes: create, use (entry then exit), expiry, revoke, list (../shared/seed, docs/protocol.md). */
import { describe, expect, it, vi } from 'vitest';
import { LIST_PAGE_CAP } from '../../electron/firmware/codeBook';
import { GATE_A, GATE_B, HOUR, INTERCOM_ID, OWNER, call, intercomBench, newCode, rid, settings, value, wrongDigits } from './helpers';

describe('codes.create', () => {
  it('refuses to create a code without an Entry Device (NO_ENTRY_DEVICE)', async () => {
    const { model } = intercomBench({ settings: {} });
    expect(await call(model, 'codes.create', { requestId: rid(1) })).toEqual({
      ok: false,
      error: { code: 'NO_ENTRY_DEVICE', message: 'Choose an Entry Device in One Time Access Settings before creating codes.', hint: expect.any(String) as unknown },
    });
  });

  it('creates an active code with an 8-hex-digit id, 4 digits and expiry at creation + Invite Duration', async () => {
    const bench = intercomBench({ settings: { entryDevice: GATE_A, inviteDurationHours: 3 } });
    const created = await value(bench.model, 'codes.create', { requestId: rid(1) });
    expect(created.code).toEqual({ codeId: expect.stringMatching(/^[0-9a-f]{8}$/) as unknown, state: 'active', createdBy: 'olivia', createdAt: bench.clock.t, expiresAt: bench.clock.t + 3 * HOUR });
    expect(created.digits).toMatch(/^\d{4}$/);
    expect(bench.events.at(-1)).toMatchObject({ type: 'code.created', actor: 'olivia', detail: { codeId: created.code.codeId } });
  });

  it('refuses a new code when live codes reach Max Users (MAX_USERS_REACHED)', async () => {
    const { model } = intercomBench({ settings: { entryDevice: GATE_A, maxUsers: 2 } });
    await newCode(model, rid(1));
    await newCode(model, rid(2));
    expect(await call(model, 'codes.create', { requestId: rid(3) })).toMatchObject({ ok: false, error: { code: 'MAX_USERS_REACHED', message: expect.stringMatching(/Max Users allows 2/) as unknown } });
  });

  it('counts only live codes against Max Users: used, revoked and expired codes free their slot', async () => {
    const bench = intercomBench({ settings: { entryDevice: GATE_A, maxUsers: 1, inviteDurationHours: 1 } });
    const a = await newCode(bench.model, rid(1));
    await value(bench.model, 'codes.revoke', { codeId: a.codeId });
    const b = await newCode(bench.model, rid(2));
    await bench.model.keypad(b.digits);
    expect(await call(bench.model, 'codes.create', { requestId: rid(3) })).toMatchObject({ ok: false, error: { code: 'MAX_USERS_REACHED' } });
    await bench.model.keypad(b.digits);
    await newCode(bench.model, rid(4));
    bench.clock.advance(HOUR);
    await newCode(bench.model, rid(5));
  });

  it('answers a repeated codes.create request id with the same code and digits, using one slot', async () => {
    const { model, events } = intercomBench({ settings: { entryDevice: GATE_A, maxUsers: 1 } });
    const first = await call(model, 'codes.create', { requestId: rid(9) });
    const again = await call(model, 'codes.create', { requestId: rid(9) });
    expect(again).toEqual(first);
    expect((await value(model, 'codes.list', {})).codes).toHaveLength(1);
    expect(events.filter((e) => e.type === 'code.created')).toHaveLength(1);
  });
});

describe('using a code', () => {
  it('opens the Entry Device on first use, the Exit Device on the second, then refuses it as used', async () => {
    const bench = intercomBench({ settings: { entryDevice: GATE_A, exitDevice: GATE_B } });
    const { codeId, digits } = await newCode(bench.model, rid(1));
    expect(await bench.model.keypad(digits)).toEqual({ outcome: 'entry', codeId, gate: GATE_A });
    expect((await value(bench.model, 'codes.list', {})).codes[0]?.state).toBe('entered');
    expect(await bench.model.keypad(digits)).toEqual({ outcome: 'exit', codeId, gate: GATE_B });
    expect((await value(bench.model, 'codes.list', {})).codes[0]?.state).toBe('used');
    expect(await bench.model.keypad(digits)).toEqual({ outcome: 'refused', reason: 'unknown' });
    expect(bench.gates.calls).toEqual([
      { gateId: GATE_A, source: { intercomId: INTERCOM_ID, leg: 'entry' } },
      { gateId: GATE_B, source: { intercomId: INTERCOM_ID, leg: 'exit' } },
    ]);
    expect(bench.events.filter((e) => e.type.startsWith('code.')).map((e) => [e.type, e.actor, e.detail])).toEqual([
      ['code.created', 'olivia', expect.anything()],
      ['code.used', 'keypad', { codeId, leg: 'entry', gate: GATE_A }],
      ['code.used', 'keypad', { codeId, leg: 'exit', gate: GATE_B }],
      // The owner's log names the ended code; the keypad said only "unknown".
      ['code.refused', 'keypad', { reason: 'ended', codeId }],
    ]);
  });

  it('opens the Entry Device on the way out when Exit Device is Same as entry', async () => {
    const bench = intercomBench();
    const { codeId, digits } = await newCode(bench.model, rid(1));
    await bench.model.keypad(digits);
    expect(await bench.model.keypad(digits)).toEqual({ outcome: 'exit', codeId, gate: GATE_A });
  });

  it('keypad.enter from the owner follows the same rules as the physical keypad for live codes, audited as the owner', async () => {
    const bench = intercomBench();
    const { codeId, digits } = await newCode(bench.model, rid(1));
    expect(await value(bench.model, 'keypad.enter', { digits })).toEqual({ outcome: 'entry', codeId, gate: GATE_A });
    expect(await bench.model.keypad(digits)).toEqual({ outcome: 'exit', codeId, gate: GATE_A });
    // The owner's diagnostic entry is told why an ended code is refused, and is not counted as a guess.
    expect(await value(bench.model, 'keypad.enter', { digits })).toEqual({ outcome: 'refused', reason: 'used' });
    expect(await value(bench.model, 'keypad.enter', { digits: wrongDigits([digits]) })).toEqual({ outcome: 'refused', reason: 'unknown' });
    expect(bench.model.snapshot().state.lockout).toMatchObject({ consecutiveFailures: 0, totalFailures: 0 });
    expect(bench.events.find((e) => e.type === 'code.used')?.actor).toBe('olivia');
  });

  it('refuses unknown digits as unknown, audited without digits', async () => {
    const bench = intercomBench();
    const { digits } = await newCode(bench.model, rid(1));
    expect(await bench.model.keypad(wrongDigits([digits]))).toEqual({ outcome: 'refused', reason: 'unknown' });
    expect(await bench.model.keypad('12')).toEqual({ outcome: 'refused', reason: 'unknown' });
    expect(bench.events.at(-1)).toMatchObject({ type: 'code.refused', actor: 'keypad', detail: { reason: 'unknown' } });
    expect(bench.gates.calls).toEqual([]);
  });

  it('refuses as gate-unreachable when the gate does not answer, and the code does not advance', async () => {
    const bench = intercomBench();
    const { codeId, digits } = await newCode(bench.model, rid(1));
    for (const answer of [false, 'reject'] as const) {
      bench.gates.answer = answer;
      expect(await bench.model.keypad(digits)).toEqual({ outcome: 'refused', reason: 'gate-unreachable' });
      expect(bench.events.at(-1)).toMatchObject({ type: 'gate.unreachable', detail: { codeId, leg: 'entry', gate: GATE_A } });
    }
    expect((await value(bench.model, 'codes.list', {})).codes[0]?.state).toBe('active');
    bench.gates.answer = true;
    expect(await bench.model.keypad(digits)).toEqual({ outcome: 'entry', codeId, gate: GATE_A });
  });

  it('refuses as gate-unreachable, without advancing, when the Entry Device was cleared after the code was made', async () => {
    const bench = intercomBench();
    const { digits } = await newCode(bench.model, rid(1));
    await value(bench.model, 'settings.set', { requestId: rid(2), baseRevision: 0, settings: settings({ entryDevice: null }) });
    expect(await bench.model.keypad(digits)).toEqual({ outcome: 'refused', reason: 'gate-unreachable' });
    expect(bench.gates.calls).toEqual([]);
    expect((await value(bench.model, 'codes.list', {})).codes[0]?.state).toBe('active');
  });

  it('opens the entry gate once when the same code is entered twice at the same moment', async () => {
    const bench = intercomBench();
    const { codeId, digits } = await newCode(bench.model, rid(1));
    const [a, b] = await Promise.all([bench.model.keypad(digits), value(bench.model, 'keypad.enter', { digits }, OWNER)]);
    expect([a, b]).toEqual([
      { outcome: 'entry', codeId, gate: GATE_A },
      { outcome: 'exit', codeId, gate: GATE_A },
    ]);
  });

  it('keeps a code revoked while its gate was firing revoked', async () => {
    const bench = intercomBench();
    const { codeId, digits } = await newCode(bench.model, rid(1));
    let release: () => void = () => undefined;
    bench.gates.hold = new Promise<void>((resolve) => (release = resolve));
    const entry = bench.model.keypad(digits);
    await vi.waitFor(() => expect(bench.gates.calls).toHaveLength(1));
    expect((await value(bench.model, 'codes.revoke', { codeId })).code.state).toBe('revoked');
    release();
    expect(await entry).toEqual({ outcome: 'entry', codeId, gate: GATE_A });
    expect((await value(bench.model, 'codes.list', {})).codes[0]?.state).toBe('revoked');
    bench.gates.hold = undefined;
    expect(await bench.model.keypad(digits)).toEqual({ outcome: 'refused', reason: 'unknown' });
  });
});

describe('expiry', () => {
  it('expires a code automatically at creation + Invite Duration, refuses it like a never-issued code and audits it once', async () => {
    const bench = intercomBench({ settings: { entryDevice: GATE_A, inviteDurationHours: 2 } });
    const { codeId, digits } = await newCode(bench.model, rid(1));
    bench.clock.advance(2 * HOUR - 1);
    expect((await value(bench.model, 'codes.list', {})).codes[0]?.state).toBe('active');
    bench.clock.advance(1);
    expect(await bench.model.keypad(digits)).toEqual({ outcome: 'refused', reason: 'unknown' });
    expect(await bench.model.keypad(digits)).toEqual({ outcome: 'refused', reason: 'unknown' });
    expect((await value(bench.model, 'codes.list', {})).codes[0]?.state).toBe('expired');
    expect(bench.events.filter((e) => e.type === 'code.expired')).toEqual([expect.objectContaining({ actor: 'device', detail: { codeId, expiresAt: bench.clock.t } })]);
  });

  it('expires an entered code too: the exit leg is refused after the expiry', async () => {
    const bench = intercomBench({ settings: { entryDevice: GATE_A, inviteDurationHours: 1 } });
    const { digits } = await newCode(bench.model, rid(1));
    await bench.model.keypad(digits);
    bench.clock.advance(HOUR);
    expect(await bench.model.keypad(digits)).toEqual({ outcome: 'refused', reason: 'unknown' });
  });
});

describe('codes.revoke', () => {
  it('stops a code at once, for entry and for exit', async () => {
    const bench = intercomBench();
    const fresh = await newCode(bench.model, rid(1));
    const inside = await newCode(bench.model, rid(2));
    await bench.model.keypad(inside.digits);
    for (const code of [fresh, inside]) {
      expect((await value(bench.model, 'codes.revoke', { codeId: code.codeId })).code.state).toBe('revoked');
      expect(await bench.model.keypad(code.digits)).toEqual({ outcome: 'refused', reason: 'unknown' });
    }
    expect(bench.events.filter((e) => e.type === 'code.revoked').map((e) => e.detail)).toEqual([{ codeId: fresh.codeId }, { codeId: inside.codeId }]);
    expect(bench.gates.calls).toHaveLength(1);
  });

  it('refuses an unknown code id with CODE_NOT_FOUND', async () => {
    const { model } = intercomBench();
    expect(await call(model, 'codes.revoke', { codeId: 'deadbeef' })).toMatchObject({ ok: false, error: { code: 'CODE_NOT_FOUND' } });
  });

  it('returns an already used, expired or revoked code unchanged', async () => {
    const bench = intercomBench({ settings: { entryDevice: GATE_A, inviteDurationHours: 1 } });
    const used = await newCode(bench.model, rid(1));
    await bench.model.keypad(used.digits);
    await bench.model.keypad(used.digits);
    const revoked = await newCode(bench.model, rid(2));
    await value(bench.model, 'codes.revoke', { codeId: revoked.codeId });
    const expired = await newCode(bench.model, rid(3));
    bench.clock.advance(HOUR);
    const before = bench.events.length;
    for (const [code, state] of [[used, 'used'], [revoked, 'revoked'], [expired, 'expired']] as const) {
      expect((await value(bench.model, 'codes.revoke', { codeId: code.codeId })).code.state).toBe(state);
    }
    expect(bench.events.slice(before).map((e) => e.type)).toEqual(['code.expired']);
  });
});

describe('codes.list', () => {
  it('lists codes newest first, never their digits', async () => {
    const bench = intercomBench();
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      ids.push((await newCode(bench.model, rid(i))).codeId);
      bench.clock.advance(1000);
    }
    const listed = (await value(bench.model, 'codes.list', {})).codes;
    expect(listed.map((c) => c.codeId)).toEqual([...ids].reverse());
    expect(Object.keys(listed[0] ?? {}).sort()).toEqual(['codeId', 'createdAt', 'createdBy', 'expiresAt', 'state']);
  });

  it('shows a code until 24 hours past its expiry, then forgets it', async () => {
    const bench = intercomBench({ settings: { entryDevice: GATE_A, inviteDurationHours: 1 } });
    const { codeId, digits } = await newCode(bench.model, rid(1));
    bench.clock.advance(HOUR + 24 * HOUR - 1);
    expect((await value(bench.model, 'codes.list', {})).codes.map((c) => c.codeId)).toEqual([codeId]);
    bench.clock.advance(1);
    expect((await value(bench.model, 'codes.list', {})).codes).toEqual([]);
    expect(await call(bench.model, 'codes.revoke', { codeId })).toMatchObject({ ok: false, error: { code: 'CODE_NOT_FOUND' } });
    expect(await bench.model.keypad(digits)).toEqual({ outcome: 'refused', reason: 'unknown' });
  });

  it(`lists at most ${LIST_PAGE_CAP} codes in one page, newest first, and says where the next page starts`, async () => {
    const bench = intercomBench({ settings: { entryDevice: GATE_A, maxUsers: 50 } });
    const ids: string[] = [];
    for (let i = 0; i < LIST_PAGE_CAP + 20; i++) {
      const { codeId } = await newCode(bench.model, rid(i));
      ids.push(codeId);
      await value(bench.model, 'codes.revoke', { codeId });
      bench.clock.advance(1);
    }
    const first = await value(bench.model, 'codes.list', {});
    expect(first.codes.length).toBeLessThanOrEqual(LIST_PAGE_CAP);
    expect(first.codes[0]?.codeId).toBe(ids.at(-1));
    const last = first.codes.at(-1);
    expect(first.next).toEqual({ createdAt: last?.createdAt, codeId: last?.codeId });
  });
});
