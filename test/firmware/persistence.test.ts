/** Flash: snapshots, simulated reboots and damaged state files. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromBase64 } from '../../electron/firmware/base64';
import { createIntercom, restoreIntercom, type IntercomModel } from '../../electron/firmware/intercom';
import { KEYPAD_FIRST_LOCK_MS } from '../../electron/firmware/keypadLockout';
import type { PersistedDevice } from '../../electron/firmware/types';
import {
  FakeGateLink,
  GATE_B,
  HOUR,
  ManualClock,
  OWNER_KEY,
  SETUP,
  SETUP_KEY,
  SHARED_KEY,
  attach,
  call,
  intercomBench,
  intercomConfig,
  key,
  newCode,
  rid,
  seededRandom,
  settings,
  value,
  wrongDigits,
} from './helpers';

/** A reboot: the flash image through JSON (as the state file stores it) and back into a new model. */
function reboot(model: IntercomModel, clock: ManualClock, seed: string, drawn: number) {
  const random = seededRandom(seed);
  random.bytes(drawn);
  const gates = new FakeGateLink();
  const restored = restoreIntercom(JSON.parse(JSON.stringify(model.snapshot())) as PersistedDevice, { clock, random, gates });
  if (!restored.ok) throw new Error(restored.error.message);
  return attach(restored.value, clock, random, gates);
}

/** The rest of a day at the intercom, returning everything observable. */
async function restOfTheDay(model: IntercomModel, clock: ManualClock, codes: { codeId: string; digits: string }[]): Promise<unknown[]> {
  const seen: unknown[] = [];
  for (const code of codes) seen.push(await model.keypad(code.digits));
  seen.push(await model.keypad(wrongDigits(codes.map((c) => c.digits))));
  seen.push(await call(model, 'codes.create', { requestId: rid(3) }));
  seen.push(await call(model, 'codes.create', { requestId: rid(50) }));
  seen.push(await call(model, 'settings.set', { requestId: rid(2), baseRevision: 0, settings: settings() }));
  seen.push(await call(model, 'settings.set', { requestId: rid(51), baseRevision: 1, settings: settings({ maxUsers: 5 }) }));
  clock.advance(13 * HOUR);
  seen.push(await call(model, 'codes.list', {}));
  seen.push(await call(model, 'audit.read', { fromSeq: 0, limit: 200 }));
  seen.push(model.snapshot());
  return seen;
}

describe('persistence', () => {
  it('fires onPersist after every persistent change, and not for reads', async () => {
    const bench = intercomBench();
    await value(bench.model, 'settings.get', {});
    await value(bench.model, 'codes.list', {});
    await value(bench.model, 'info.get', {});
    expect(bench.persisted()).toBe(0);
    const { digits } = await newCode(bench.model, rid(1));
    expect(bench.persisted()).toBe(1);
    await bench.model.keypad(digits);
    expect(bench.persisted()).toBeGreaterThanOrEqual(2);
    const before = bench.persisted();
    // A refused request that is remembered by its request id changes flash too.
    await call(bench.model, 'settings.set', { requestId: rid(2), baseRevision: 9, settings: settings() });
    expect(bench.persisted()).toBe(before + 1);
    bench.clock.advance(12 * HOUR);
    await value(bench.model, 'codes.list', {});
    expect(bench.persisted()).toBe(before + 2);
  });

  it('keeps keys, the setup key and code digits in secrets only', async () => {
    const bench = intercomBench();
    const created = await newCode(bench.model, rid(1));
    const flash = bench.model.snapshot();
    const plain = JSON.stringify(flash.state);
    expect(plain).not.toContain(created.digits);
    for (const k of [OWNER_KEY, SHARED_KEY, SETUP_KEY]) expect(plain).not.toContain(Buffer.from(k).toString('base64'));
    expect(flash.secrets).toEqual({
      setupKey: Buffer.from(SETUP_KEY).toString('base64'),
      userKeys: { olivia: Buffer.from(OWNER_KEY).toString('base64'), sam: Buffer.from(SHARED_KEY).toString('base64') },
      codeDigits: { [created.codeId]: created.digits },
      requestDigits: { [rid(1)]: created.digits },
      wrongDigits: [],
    });
    expect(flash).toMatchObject({ kind: 'intercom', deviceId: bench.model.deviceId, state: { claimed: true, revision: 0, users: [{ userId: 'olivia', role: 'owner' }, { userId: 'sam', role: 'shared' }] } });
    // The snapshot is a copy: changing it does not change the device.
    (flash.state.settings as { maxUsers: number }).maxUsers = 1;
    expect((await value(bench.model, 'settings.get', {})).settings.maxUsers).toBe(10);
  });

  it('behaves identically after a reboot through JSON: codes, lockout, audit sequence and request ids', async () => {
    const seed = 'reboot';
    const setUp = async (model: IntercomModel) => {
      await value(model, 'settings.set', { requestId: rid(1), baseRevision: 0, settings: settings({ exitDevice: GATE_B }) });
      const codes = [await newCode(model, rid(3)), await newCode(model, rid(4))];
      await model.keypad(codes[0]?.digits ?? '');
      for (let i = 0; i < 3; i++) await model.keypad(wrongDigits(codes.map((c) => c.digits), 6000 + i));
      return codes;
    };
    const a = intercomBench({}, seed);
    const codes = await setUp(a.model);
    const b = reboot(a.model, new ManualClock(a.clock.t), seed, a.random.drawn);
    expect(b.model.snapshot()).toEqual(a.model.snapshot());
    const afterA = await restOfTheDay(a.model, a.clock, codes);
    const afterB = await restOfTheDay(b.model, b.clock, codes);
    expect(afterB).toEqual(afterA);
    // The audit sequence continued without a gap across the reboot.
    const seqs = b.events.map((e) => e.seq);
    expect(seqs[0]).toBe(a.events.length - b.events.length + 1);
    expect(seqs).toEqual(seqs.map((_, i) => (seqs[0] ?? 0) + i));
  });

  it('answers a repeated request id after a reboot with the original reply, digits included', async () => {
    const bench = intercomBench({}, 'idem');
    const first = await call(bench.model, 'codes.create', { requestId: rid(8) });
    const rebooted = reboot(bench.model, bench.clock, 'idem', 0);
    expect(await call(rebooted.model, 'codes.create', { requestId: rid(8) })).toEqual(first);
    expect((await value(rebooted.model, 'codes.list', {})).codes).toHaveLength(1);
  });

  it('keeps the keypad lockout across a reboot', async () => {
    const bench = intercomBench();
    const { digits } = await newCode(bench.model, rid(1));
    for (let i = 0; i < 5; i++) await bench.model.keypad(wrongDigits([digits], 7000 + i));
    const rebooted = reboot(bench.model, bench.clock, 'x', 0);
    expect(await rebooted.model.keypad(digits)).toEqual({ outcome: 'refused', reason: 'locked' });
    bench.clock.advance(KEYPAD_FIRST_LOCK_MS);
    // The next wrong code locks again at once, for twice as long: the count survived.
    await rebooted.model.keypad(wrongDigits([digits], 7100));
    expect(rebooted.events.at(-1)).toMatchObject({ type: 'keypad.lockout', detail: { durationMs: 2 * KEYPAD_FIRST_LOCK_MS, failures: 6 } });
  });

  it('restores an unclaimed intercom whose setup key still works, and which can then be claimed', async () => {
    const clock = new ManualClock();
    const model = createIntercom(intercomConfig({ owner: undefined, sharedUsers: undefined }), { clock, random: seededRandom('u'), gates: new FakeGateLink() });
    const rebooted = reboot(model, clock, 'u', 0);
    expect(rebooted.model.info().claimed).toBe(false);
    expect(rebooted.model.lookup('setup')?.key).toEqual(SETUP_KEY);
    expect(await call(rebooted.model, 'claim', { ownerUserId: 'alice', ownerKey: key(5) }, SETUP)).toEqual({ ok: true, value: {} });
    expect(reboot(rebooted.model, clock, 'u', 0).model.lookup('setup')).toBeUndefined();
  });

  /** A flash image as JSON, typed just enough to damage it. */
  type Flash = PersistedDevice & {
    state: { settings: Record<string, unknown> } & Record<string, unknown>;
    secrets: { userKeys: Record<string, string> } & Record<string, unknown>;
  };

  describe('refuses a damaged snapshot with CORRUPT_FILE, never throwing', () => {
    const base = () => {
      const bench = intercomBench();
      return { bench, flash: JSON.parse(JSON.stringify(bench.model.snapshot())) as Flash };
    };
    const damage: [string, (f: ReturnType<typeof base>['flash']) => unknown][] = [
      ['not an object', () => 'hello'],
      ['null', () => null],
      ['a gate’s flash', (f) => ({ ...f, kind: 'gate' })],
      ['a bad device id', (f) => ({ ...f, deviceId: 'XYZ' })],
      ['an unknown version', (f) => ({ ...f, state: { ...f.state, version: 2 } })],
      ['a missing field', (f) => ({ ...f, state: { ...f.state, settings: undefined } })],
      ['an extra field', (f) => ({ ...f, state: { ...f.state, extra: true } })],
      ['Max Users 7', (f) => ({ ...f, state: { ...f.state, settings: { ...f.state.settings, maxUsers: 7 } } })],
      ['claimed without an owner', (f) => ({ ...f, state: { ...f.state, claimed: false } })],
      ['a user without a key', (f) => ({ ...f, secrets: { ...f.secrets, userKeys: { olivia: f.secrets.userKeys.olivia } } })],
      ['a key of the wrong length', (f) => ({ ...f, secrets: { ...f.secrets, userKeys: { ...f.secrets.userKeys, sam: 'AAAA' } } })],
      ['a key that is not base64', (f) => ({ ...f, secrets: { ...f.secrets, setupKey: '!!!!' } })],
      ['a code without digits', (f) => ({ ...f, state: { ...f.state, codes: [{ codeId: '01234567', state: 'active', createdBy: 'olivia', createdAt: 0, expiresAt: 1 }] } })],
      ['an audit log out of order', (f) => ({ ...f, state: { ...f.state, audit: { lastSeq: 3, entries: [2, 1].map((seq) => ({ seq, at: 0, type: 'x', actor: 'device', detail: {} })) } } })],
      ['an audit entry past lastSeq', (f) => ({ ...f, state: { ...f.state, audit: { lastSeq: 3, entries: [{ seq: 4, at: 0, type: 'x', actor: 'device', detail: {} }] } } })],
      ['too many counted wrong entries', (f) => ({ ...f, secrets: { ...f.secrets, wrongDigits: Array.from({ length: 30 }, (_, i) => String(1000 + i)) } })],
      ['a counted wrong entry that is not 4 digits', (f) => ({ ...f, secrets: { ...f.secrets, wrongDigits: ['12'] } })],
      ['a negative revision', (f) => ({ ...f, state: { ...f.state, revision: -1 } })],
      ['secrets missing', (f) => ({ ...f, secrets: undefined })],
    ];
    it.each(damage)('%s', (_, mutate) => {
      const { bench, flash } = base();
      const restored = restoreIntercom(mutate(flash) as PersistedDevice, { clock: bench.clock, random: bench.random, gates: bench.gates });
      expect(restored).toMatchObject({ ok: false, error: { code: 'CORRUPT_FILE' } });
    });

    it('any JSON value at all', () => {
      const { bench } = base();
      const deps = { clock: bench.clock, random: bench.random, gates: bench.gates };
      fc.assert(
        fc.property(fc.jsonValue(), (junk) => {
          expect(restoreIntercom(junk as unknown as PersistedDevice, deps).ok).toBe(false);
          const flash = bench.model.snapshot();
          expect(restoreIntercom({ ...flash, state: { ...flash.state, codes: junk } }, deps).ok).toBe(Array.isArray(junk) && junk.length === 0);
        }),
      );
    });
  });

  it('persists binary keys as canonical base64', () => {
    const { secrets } = intercomBench().model.snapshot();
    expect(fromBase64(secrets.setupKey as string)).toEqual(SETUP_KEY);
    expect(fromBase64('AAA')).toBeUndefined();
    expect(fromBase64('AB==')).toBeUndefined();
  });
});
