/** Roles, claim and users, enforced by the intercom itself (docs/protocol.md, "Operations"). */
import { describe, expect, it } from 'vitest';
import { PROTOCOL_VERSION } from '../../electron/protocol/gattProfile';
import { createIntercom } from '../../electron/firmware/intercom';
import type { SessionIdentity } from '../../electron/firmware/types';
import {
  FakeGateLink,
  INTERCOM_ID,
  ManualClock,
  OWNER,
  OWNER_KEY,
  SETUP,
  SETUP_KEY,
  SHARED,
  SHARED_KEY,
  attach,
  call,
  callRaw,
  intercomBench,
  intercomConfig,
  key,
  newCode,
  rid,
  seededRandom,
  settings,
  value,
} from './helpers';

function unclaimedBench() {
  const clock = new ManualClock();
  const random = seededRandom('unclaimed');
  const gates = new FakeGateLink();
  const model = createIntercom(intercomConfig({ owner: undefined, sharedUsers: undefined }), { clock, random, gates });
  return attach(model, clock, random, gates);
}

/** Every op an intercom has, with harmless arguments. */
const intercomRequests = (codeId = '00000000') =>
  [
    ['settings.get', {}],
    ['settings.set', { requestId: rid(77), baseRevision: 0, settings: settings() }],
    ['codes.list', {}],
    ['codes.create', { requestId: rid(78) }],
    ['codes.revoke', { requestId: rid(79), codeId }],
    ['keypad.enter', { digits: '4821' }],
    ['keypad.clearLockout', {}],
    ['users.list', {}],
    ['users.add', { requestId: rid(80), userId: 'zoe', role: 'shared', key: key(9) }],
    ['users.remove', { requestId: rid(81), userId: 'sam' }],
    ['audit.read', { fromSeq: 0, limit: 10 }],
  ] as const;

const send = (model: ReturnType<typeof intercomBench>['model'], op: string, args: unknown, identity: SessionIdentity) =>
  callRaw(model, { id: 1, op, args }, identity);

describe('roles', () => {
  it('lets a shared user read settings, read info, and create, list and revoke codes', async () => {
    const { model } = intercomBench();
    expect((await call(model, 'info.get', {}, SHARED)).ok).toBe(true);
    expect((await call(model, 'settings.get', {}, SHARED)).ok).toBe(true);
    const created = await value(model, 'codes.create', { requestId: rid(1) }, SHARED);
    expect(created.code.createdBy).toBe('sam');
    expect((await value(model, 'codes.list', {}, SHARED)).codes).toHaveLength(1);
    expect((await value(model, 'codes.revoke', { codeId: created.code.codeId }, SHARED)).code.state).toBe('revoked');
  });

  it('refuses settings.set from a shared user: only the owner can change One Time Access Settings', async () => {
    const { model } = intercomBench();
    const reply = await call(model, 'settings.set', { requestId: rid(1), baseRevision: 0, settings: settings({ maxUsers: 2 }) }, SHARED);
    expect(reply).toEqual({
      ok: false,
      error: { code: 'NOT_AUTHORIZED', message: 'Only the owner of this intercom can change One Time Access Settings.', hint: expect.any(String) as unknown },
    });
    expect((await value(model, 'settings.get', {})).revision).toBe(0);
  });

  it.each(['keypad.enter', 'keypad.clearLockout', 'users.list', 'users.add', 'users.remove', 'audit.read'])('refuses %s from a shared user with NOT_AUTHORIZED', async (op) => {
    const { model } = intercomBench();
    const args = intercomRequests().find(([name]) => name === op)?.[1];
    expect(await send(model, op, args, SHARED)).toMatchObject({ ok: false, error: { code: 'NOT_AUTHORIZED', message: expect.stringMatching(/^Only the owner of this intercom can/) as unknown } });
  });

  it('lets the owner do everything', async () => {
    const { model } = intercomBench();
    const { codeId } = await newCode(model, rid(1));
    for (const [op, args] of intercomRequests(codeId)) {
      const reply = await send(model, op, args, OWNER);
      expect({ op, ok: reply.ok }).toEqual({ op, ok: true });
    }
  });

  it('lets the setup identity only read info and claim', async () => {
    const bench = unclaimedBench();
    expect((await call(bench.model, 'info.get', {}, SETUP)).ok).toBe(true);
    const claimedModel = intercomBench().model;
    for (const [op, args] of intercomRequests()) {
      expect(await send(claimedModel, op, args, SETUP)).toMatchObject({ ok: false, error: { code: 'NOT_AUTHORIZED' } });
    }
  });

  it('refuses ops of the other device kind with INVALID_ARGUMENT', async () => {
    const { model } = intercomBench();
    expect(await call(model, 'gate.identify', {})).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT', message: expect.stringMatching(/Fluss\+ Gate operation/) as unknown } });
    expect(await call(model, 'gate.testTrigger', {})).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    expect(await send(model, 'reboot', {}, OWNER)).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    expect(await callRaw(model, null)).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
  });

  it('refuses malformed arguments with INVALID_ARGUMENT instead of acting on them', async () => {
    const { model } = intercomBench();
    expect(await send(model, 'codes.revoke', { codeId: 'not-hex!' }, OWNER)).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    expect(await send(model, 'codes.create', { requestId: 'short' }, OWNER)).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    expect(await send(model, 'audit.read', { fromSeq: 0, limit: 1000 }, OWNER)).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    expect(await send(model, 'settings.get', { extra: 1 }, OWNER)).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
  });

  it('refuses settings, codes and users ops on an unclaimed intercom with NOT_CLAIMED', async () => {
    const { model } = unclaimedBench();
    for (const [op, args] of intercomRequests()) {
      for (const who of [SETUP, OWNER]) {
        expect(await send(model, op, args, who)).toMatchObject({ ok: false, error: { code: 'NOT_CLAIMED', hint: expect.stringMatching(/setup key/) as unknown } });
      }
    }
  });

  it('refuses a removed user’s open session at once, and uses the device’s current role', async () => {
    const { model } = intercomBench();
    await value(model, 'users.remove', { userId: 'sam' });
    expect(await call(model, 'settings.get', {}, SHARED)).toMatchObject({ ok: false, error: { code: 'NOT_AUTHORIZED' } });
    expect(model.lookup('sam')).toBeUndefined();
    // A session claiming to be the owner under a shared user's id gets the shared user's rights only.
    await value(model, 'users.add', { userId: 'sam', role: 'shared', key: SHARED_KEY });
    const forged: SessionIdentity = { kind: 'user', userId: 'sam', role: 'owner' };
    expect(await call(model, 'users.list', {}, forged)).toMatchObject({ ok: false, error: { code: 'NOT_AUTHORIZED' } });
  });
});

describe('claim', () => {
  it('makes the owner, marks the intercom claimed and retires the setup key', async () => {
    const bench = unclaimedBench();
    expect(bench.model.info().claimed).toBe(false);
    expect(bench.model.lookup('setup')).toEqual({ key: SETUP_KEY, identity: { kind: 'setup' } });
    expect(await call(bench.model, 'claim', { ownerUserId: 'alice', ownerKey: key(0x44) }, SETUP)).toEqual({ ok: true, value: {} });
    expect(bench.model.info().claimed).toBe(true);
    expect(bench.model.lookup('setup')).toBeUndefined();
    expect(bench.model.lookup('alice')).toEqual({ key: key(0x44), identity: { kind: 'user', userId: 'alice', role: 'owner' } });
    expect(await value(bench.model, 'users.list', {}, { kind: 'user', userId: 'alice', role: 'owner' })).toEqual({ users: [{ userId: 'alice', role: 'owner' }] });
    expect(bench.events.map((e) => [e.type, e.actor])).toEqual([['claimed', 'alice']]);
  });

  it('refuses a second claim with ALREADY_CLAIMED', async () => {
    const bench = unclaimedBench();
    await value(bench.model, 'claim', { ownerUserId: 'alice', ownerKey: key(0x44) }, SETUP);
    // The setup session that claimed is still open: it cannot claim again.
    expect(await call(bench.model, 'claim', { ownerUserId: 'mallory', ownerKey: key(0x55) }, SETUP)).toMatchObject({ ok: false, error: { code: 'ALREADY_CLAIMED' } });
    expect(await call(intercomBench().model, 'claim', { ownerUserId: 'mallory', ownerKey: key(0x55) }, OWNER)).toMatchObject({ ok: false, error: { code: 'ALREADY_CLAIMED' } });
  });

  it('refuses a claim from a user session, and the reserved owner id "setup"', async () => {
    const bench = unclaimedBench();
    expect(await call(bench.model, 'claim', { ownerUserId: 'alice', ownerKey: key(0x44) }, OWNER)).toMatchObject({ ok: false, error: { code: 'NOT_AUTHORIZED' } });
    expect(await call(bench.model, 'claim', { ownerUserId: 'setup', ownerKey: key(0x44) }, SETUP)).toMatchObject({ ok: false, error: { code: 'INVALID_VALUE' } });
    expect(bench.model.info().claimed).toBe(false);
  });
});

describe('users', () => {
  it('looks up the owner’s and shared users’ keys and identities; unknown ids give nothing', () => {
    const { model } = intercomBench();
    expect(model.lookup('olivia')).toEqual({ key: OWNER_KEY, identity: OWNER });
    expect(model.lookup('sam')).toEqual({ key: SHARED_KEY, identity: SHARED });
    expect(model.lookup('nobody')).toBeUndefined();
    expect(model.lookup('setup')).toBeUndefined();
    // The returned key is a copy: changing it does not change the device's.
    model.lookup('olivia')?.key.fill(0);
    expect(model.lookup('olivia')?.key).toEqual(OWNER_KEY);
  });

  it('users.add adds a shared user whose key then authenticates, and users.list shows it', async () => {
    const { model, events } = intercomBench();
    expect(await call(model, 'users.add', { userId: 'zoe', role: 'shared', key: key(9) })).toEqual({ ok: true, value: {} });
    expect(model.lookup('zoe')).toEqual({ key: key(9), identity: { kind: 'user', userId: 'zoe', role: 'shared' } });
    expect((await value(model, 'users.list', {})).users).toEqual([
      { userId: 'olivia', role: 'owner' },
      { userId: 'sam', role: 'shared' },
      { userId: 'zoe', role: 'shared' },
    ]);
    expect(events.at(-1)).toMatchObject({ type: 'user.added', actor: 'olivia', detail: { userId: 'zoe', role: 'shared' } });
  });

  it('users.add refuses a duplicate with USER_EXISTS and the reserved id "setup" with INVALID_VALUE', async () => {
    const { model } = intercomBench();
    expect(await call(model, 'users.add', { userId: 'sam', role: 'shared', key: key(9) })).toMatchObject({ ok: false, error: { code: 'USER_EXISTS' } });
    expect(await call(model, 'users.add', { userId: 'olivia', role: 'shared', key: key(9) })).toMatchObject({ ok: false, error: { code: 'USER_EXISTS' } });
    expect(await call(model, 'users.add', { userId: 'setup', role: 'shared', key: key(9) })).toMatchObject({ ok: false, error: { code: 'INVALID_VALUE', message: expect.stringMatching(/reserved/) as unknown } });
  });

  it('users.add refuses any role but shared', async () => {
    const { model } = intercomBench();
    const reply = await send(model, 'users.add', { userId: 'eve', role: 'owner', key: key(9) }, OWNER);
    expect(reply).toMatchObject({ ok: false, error: { code: 'INVALID_VALUE', message: expect.stringMatching(/Only shared users/) as unknown } });
    expect(model.lookup('eve')).toBeUndefined();
  });

  it('users.add refuses a key that is not 32 bytes', async () => {
    const { model } = intercomBench();
    expect(await send(model, 'users.add', { userId: 'eve', role: 'shared', key: key(9, 16) }, OWNER)).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
  });

  it('users.remove refuses the owner with INVALID_ARGUMENT and an unknown user with USER_NOT_FOUND', async () => {
    const { model, events } = intercomBench();
    expect(await call(model, 'users.remove', { userId: 'olivia' })).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    expect(await call(model, 'users.remove', { userId: 'ghost' })).toMatchObject({ ok: false, error: { code: 'USER_NOT_FOUND' } });
    expect(await call(model, 'users.remove', { userId: 'sam' })).toEqual({ ok: true, value: {} });
    expect(events.at(-1)).toMatchObject({ type: 'user.removed', actor: 'olivia', detail: { userId: 'sam' } });
  });
});

describe('info', () => {
  it('reports kind, device id, hardware details, protocol version and whether it is claimed', async () => {
    const { model } = intercomBench();
    const info = { kind: 'intercom', deviceId: INTERCOM_ID, name: 'Front Door', model: 'FI-100', firmware: '1.4.2', hardware: 'C', serial: 'FI100-24-000117', protocolVersion: PROTOCOL_VERSION, claimed: true };
    expect(model.info()).toEqual(info);
    expect(await value(model, 'info.get', {})).toEqual(info);
    expect(model.kind).toBe('intercom');
    expect(model.deviceId).toBe(INTERCOM_ID);
  });
});
