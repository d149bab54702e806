/** The Fluss+ Gate model: identify, test trigger, relay fired by an intercom, and its persisted event sequence. */
import { describe, expect, it } from 'vitest';
import { PROTOCOL_VERSION } from '../../electron/protocol/gattProfile';
import type { DeviceEvent } from '../../electron/protocol/messages';
import { createGate, restoreGate, type GateConfig, type GateModel } from '../../electron/firmware/gate';
import type { PersistedDevice } from '../../electron/firmware/types';
import { GATE_A, INTERCOM_ID, ManualClock, OWNER, OWNER_KEY, SETUP, SHARED, SHARED_KEY, call, callRaw, key, rid, seededRandom, value } from './helpers';

const config = (overrides: Partial<GateConfig> = {}): GateConfig => ({
  deviceId: GATE_A,
  name: 'Main Gate',
  model: 'FG-200',
  firmware: '2.1.0',
  hardware: 'A',
  serial: 'FG200-23-004410',
  users: [
    { userId: 'olivia', role: 'owner', key: OWNER_KEY },
    { userId: 'sam', role: 'shared', key: SHARED_KEY },
  ],
  ...overrides,
});

function gateBench(model?: GateModel, clock = new ManualClock()) {
  const gate = model ?? createGate(config(), { clock, random: seededRandom('gate') });
  const events: DeviceEvent[] = [];
  let persists = 0;
  gate.onEvent((e) => events.push(e));
  gate.onPersist(() => (persists += 1));
  return { gate, clock, events, persisted: () => persists };
}

describe('gate', () => {
  it('reports its info as a gate, always claimed', async () => {
    const { gate } = gateBench();
    const info = { kind: 'gate', deviceId: GATE_A, name: 'Main Gate', model: 'FG-200', firmware: '2.1.0', hardware: 'A', serial: 'FG200-23-004410', protocolVersion: PROTOCOL_VERSION, claimed: true };
    expect(gate.info()).toEqual(info);
    expect(await value(gate, 'info.get', {}, SHARED)).toEqual(info);
  });

  it('looks up its users’ keys; the setup id and strangers are unknown', () => {
    const { gate } = gateBench();
    expect(gate.lookup('olivia')).toEqual({ key: OWNER_KEY, identity: OWNER });
    expect(gate.lookup('sam')).toEqual({ key: SHARED_KEY, identity: SHARED });
    expect(gate.lookup('setup')).toBeUndefined();
    expect(gate.lookup('nobody')).toBeUndefined();
  });

  it('identify, from the owner or a shared user, emits a gate.identify event', async () => {
    const { gate, events } = gateBench();
    expect(await call(gate, 'gate.identify', {}, SHARED)).toEqual({ ok: true, value: {} });
    expect(await call(gate, 'gate.identify', {}, OWNER)).toEqual({ ok: true, value: {} });
    expect(events.map((e) => [e.seq, e.type, e.actor, e.detail])).toEqual([
      [1, 'gate.identify', 'sam', { by: 'sam' }],
      [2, 'gate.identify', 'olivia', { by: 'olivia' }],
    ]);
  });

  it('test trigger is owner-only: it fires the relay and returns when', async () => {
    const { gate, clock, events } = gateBench();
    expect(await call(gate, 'gate.testTrigger', {}, SHARED)).toMatchObject({ ok: false, error: { code: 'NOT_AUTHORIZED', message: 'Only the owner of this gate can test-fire it.' } });
    expect(await call(gate, 'gate.testTrigger', {})).toEqual({ ok: true, value: { firedAt: clock.t } });
    expect(events).toEqual([{ seq: 1, at: clock.t, type: 'relay.fired', actor: 'olivia', detail: { source: 'test', by: 'olivia', relayCount: 1 } }]);
  });

  it('fires the relay on an intercom’s command, reporting the intercom and the leg', () => {
    const { gate, events, persisted } = gateBench();
    gate.fire({ intercomId: INTERCOM_ID, leg: 'entry' });
    gate.fire({ intercomId: INTERCOM_ID, leg: 'exit' });
    expect(events.map((e) => [e.seq, e.type, e.actor, e.detail])).toEqual([
      [1, 'relay.fired', INTERCOM_ID, { source: 'intercom', intercomId: INTERCOM_ID, leg: 'entry', relayCount: 1 }],
      [2, 'relay.fired', INTERCOM_ID, { source: 'intercom', intercomId: INTERCOM_ID, leg: 'exit', relayCount: 2 }],
    ]);
    expect(persisted()).toBe(2);
  });

  it('refuses intercom ops with INVALID_ARGUMENT, and unknown users and the setup identity with NOT_AUTHORIZED', async () => {
    const { gate } = gateBench();
    expect(await call(gate, 'codes.create', { requestId: rid(1) })).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT', message: expect.stringMatching(/Fluss\+ Intercom operation/) as unknown } });
    expect(await call(gate, 'settings.get', {})).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    expect(await callRaw(gate, { id: 1, op: 'explode', args: {} })).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    expect(await call(gate, 'gate.identify', {}, { kind: 'user', userId: 'mallory', role: 'owner' })).toMatchObject({ ok: false, error: { code: 'NOT_AUTHORIZED' } });
    expect(await call(gate, 'gate.identify', {}, SETUP)).toMatchObject({ ok: false, error: { code: 'NOT_AUTHORIZED' } });
  });

  it('numbers its events without gaps across a reboot, and keeps the relay count', async () => {
    const clock = new ManualClock();
    const first = gateBench(undefined, clock);
    first.gate.fire({ intercomId: INTERCOM_ID, leg: 'entry' });
    await value(first.gate, 'gate.identify', {});
    const restored = restoreGate(JSON.parse(JSON.stringify(first.gate.snapshot())) as PersistedDevice, { clock, random: seededRandom('g') });
    if (!restored.ok) throw new Error(restored.error.message);
    const second = gateBench(restored.value, clock);
    expect(second.gate.snapshot()).toEqual(first.gate.snapshot());
    await value(second.gate, 'gate.testTrigger', {});
    expect(second.events).toEqual([expect.objectContaining({ seq: 3, type: 'relay.fired', detail: expect.objectContaining({ relayCount: 2 }) as unknown })]);
    expect(second.gate.lookup('sam')?.key).toEqual(SHARED_KEY);
  });

  it('keeps keys in secrets only', () => {
    const { gate } = gateBench();
    const flash = gate.snapshot();
    expect(JSON.stringify(flash.state)).not.toContain(Buffer.from(OWNER_KEY).toString('base64'));
    expect(flash.secrets).toEqual({ userKeys: { olivia: Buffer.from(OWNER_KEY).toString('base64'), sam: Buffer.from(SHARED_KEY).toString('base64') } });
  });

  it('refuses a damaged snapshot with CORRUPT_FILE, never throwing', () => {
    const { gate } = gateBench();
    const flash = JSON.parse(JSON.stringify(gate.snapshot())) as PersistedDevice;
    const deps = { clock: new ManualClock(), random: seededRandom('g') };
    for (const damaged of [
      null,
      { ...flash, kind: 'intercom' },
      { ...flash, state: { ...flash.state, relayCount: -1 } },
      { ...flash, state: { ...flash.state, lastSeq: 'x' } },
      { ...flash, secrets: { userKeys: {} } },
      { ...flash, state: { ...flash.state, users: [{ userId: 'setup', role: 'shared' }] }, secrets: { userKeys: { setup: Buffer.from(key(1)).toString('base64') } } },
    ]) {
      expect(restoreGate(damaged as PersistedDevice, deps)).toMatchObject({ ok: false, error: { code: 'CORRUPT_FILE' } });
    }
  });

  it('refuses an impossible configuration', () => {
    const deps = { clock: new ManualClock(), random: seededRandom('g') };
    expect(() => createGate(config({ deviceId: 'gate' }), deps)).toThrow(/12 hex digits/);
    expect(() => createGate(config({ users: [{ userId: 'setup', role: 'owner', key: key(1) }] }), deps)).toThrow(/reserved/);
    expect(() => createGate(config({ users: [{ userId: 'a', role: 'owner', key: key(1) }, { userId: 'b', role: 'owner', key: key(2) }] }), deps)).toThrow(/more than one owner/);
  });
});
