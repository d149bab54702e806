/**
 * Test doubles for the firmware models: a seeded random stream, a manual clock and a gate link whose
 * answer the test chooses. Replies are checked against the protocol's result schemas on every call.
 */
import { createHash } from 'node:crypto';
import type { Result } from '../../electron/protocol/errors';
import { resultSchemas, type ArgsOf, type DeviceEvent, type Op, type Request, type ResultOf } from '../../electron/protocol/messages';
import { createIntercom, type IntercomConfig, type IntercomModel } from '../../electron/firmware/intercom';
import type { Clock, DeviceModel, GateLink, RandomSource, SessionIdentity } from '../../electron/firmware/types';
import { randomBytes } from 'node:crypto';
import { REMEMBERED_OPS } from '../../electron/firmware/requestMemory';

/** A deterministic byte stream: SHA-256 of `seed/block` in counter mode. */
export function seededRandom(seed: string): RandomSource & { readonly drawn: number } {
  let block = 0;
  let buffer = new Uint8Array(0);
  let drawn = 0;
  return {
    get drawn() {
      return drawn;
    },
    bytes(n) {
      while (buffer.length < n) {
        const next = createHash('sha256').update(`${seed}/${block++}`).digest();
        buffer = Uint8Array.from([...buffer, ...next]);
      }
      const out = buffer.slice(0, n);
      buffer = buffer.slice(n);
      drawn += n;
      return out;
    },
  };
}

/** A random source that replays the given bytes, then fails the test if asked for more. */
export function scriptedRandom(bytes: number[]): RandomSource {
  const queue = [...bytes];
  return {
    bytes(n) {
      if (queue.length < n) throw new Error('scripted random source ran out');
      return Uint8Array.from(queue.splice(0, n));
    },
  };
}

export class ManualClock implements Clock {
  constructor(public t = Date.UTC(2025, 0, 6, 9, 0, 0)) {}
  now(): number {
    return this.t;
  }
  advance(ms: number): void {
    this.t += ms;
  }
}

export const HOUR = 3_600_000;

/** A gate link that records every trigger and answers as told: true, false (no answer) or a rejection. */
export class FakeGateLink implements GateLink {
  readonly calls: { gateId: string; source: { intercomId: string; leg: 'entry' | 'exit' } }[] = [];
  answer: boolean | 'reject' = true;
  /** When set, trigger waits for this before answering (to interleave other requests). */
  hold: Promise<void> | undefined;

  async trigger(gateId: string, source: { intercomId: string; leg: 'entry' | 'exit' }): Promise<boolean> {
    this.calls.push({ gateId, source });
    if (this.hold) await this.hold;
    if (this.answer === 'reject') throw new Error('radio fault');
    return this.answer;
  }
}

export const INTERCOM_ID = 'a1b2c3d4e5f6';
export const GATE_A = '0000000000a1';
export const GATE_B = '0000000000b2';
export const key = (fill: number, length = 32): Uint8Array => new Uint8Array(length).fill(fill);
export const OWNER_KEY = key(0x11);
export const SHARED_KEY = key(0x22);
export const SETUP_KEY = key(0x33, 16);
export const OWNER: SessionIdentity = { kind: 'user', userId: 'olivia', role: 'owner' };
export const SHARED: SessionIdentity = { kind: 'user', userId: 'sam', role: 'shared' };
export const SETUP: SessionIdentity = { kind: 'setup' };

/** A request id from a number: 32 hex digits. */
export const rid = (n: number): string => n.toString(16).padStart(32, '0');

export function intercomConfig(overrides: Partial<IntercomConfig> = {}): IntercomConfig {
  return {
    deviceId: INTERCOM_ID,
    name: 'Front Door',
    model: 'FI-100',
    firmware: '1.4.2',
    hardware: 'C',
    serial: 'FI100-24-000117',
    setupKey: SETUP_KEY,
    owner: { userId: 'olivia', key: OWNER_KEY },
    sharedUsers: [{ userId: 'sam', key: SHARED_KEY }],
    ...overrides,
  };
}

let nextId = 1;

/** The args of `op`; a state-changing op's requestId may be left out, and a fresh one is sent. */
export type TestArgs<O extends Op> = ArgsOf<O> extends { requestId: string } ? Omit<ArgsOf<O>, 'requestId'> & { requestId?: string } : ArgsOf<O>;

const withRequestId = (op: Op, args: object): object =>
  REMEMBERED_OPS.includes(op as (typeof REMEMBERED_OPS)[number]) && !('requestId' in args) ? { requestId: randomBytes(16).toString('hex'), ...args } : args;

/** Sends one request; an ok reply must match the op's result schema exactly (strict objects). */
export async function call<O extends Op>(model: DeviceModel, op: O, args: TestArgs<O>, identity: SessionIdentity = OWNER): Promise<Result<ResultOf<O>>> {
  const request = { id: nextId++, op, args: withRequestId(op, args) } as unknown as Request;
  const reply = await model.handle(request, identity);
  if (reply.ok) {
    const checked = resultSchemas[op].safeParse(reply.value);
    if (!checked.success) throw new Error(`${op} reply does not match its schema: ${checked.error.message}`);
  } else if (reply.error.message.length > 300 || (reply.error.hint ?? '').length > 300) {
    throw new Error(`${op} error text is longer than the protocol allows`);
  }
  return reply as Result<ResultOf<O>>;
}

/** Sends anything at all, as a modified app could; the model must answer with data, never throw. */
export function callRaw(model: DeviceModel, request: unknown, identity: SessionIdentity = OWNER): Promise<Result<unknown>> {
  return model.handle(request as Request, identity);
}

/** The value of an ok reply; fails the test with the error otherwise. */
export async function value<O extends Op>(model: DeviceModel, op: O, args: TestArgs<O>, identity: SessionIdentity = OWNER): Promise<ResultOf<O>> {
  const reply = await call(model, op, args, identity);
  if (!reply.ok) throw new Error(`${op} failed: ${reply.error.code}: ${reply.error.message}`);
  return reply.value;
}

export interface IntercomBench {
  model: IntercomModel;
  clock: ManualClock;
  random: ReturnType<typeof seededRandom>;
  gates: FakeGateLink;
  events: DeviceEvent[];
  persisted: () => number;
}

/** A claimed intercom (owner olivia, shared sam) with its doubles; Entry Device GATE_A unless told otherwise. */
export function intercomBench(overrides: Partial<IntercomConfig> = {}, seed = 'bench'): IntercomBench {
  const clock = new ManualClock();
  const random = seededRandom(seed);
  const gates = new FakeGateLink();
  const model = createIntercom(intercomConfig({ settings: { entryDevice: GATE_A }, ...overrides }), { clock, random, gates });
  return attach(model, clock, random, gates);
}

export function attach(model: IntercomModel, clock: ManualClock, random: ReturnType<typeof seededRandom>, gates: FakeGateLink): IntercomBench {
  const events: DeviceEvent[] = [];
  let persists = 0;
  model.onEvent((e) => events.push(e));
  model.onPersist(() => (persists += 1));
  return { model, clock, random, gates, events, persisted: () => persists };
}

/** Creates a code as the owner and returns its id and digits. */
export async function newCode(model: IntercomModel, requestId: string, identity: SessionIdentity = OWNER): Promise<{ codeId: string; digits: string }> {
  const created = await value(model, 'codes.create', { requestId }, identity);
  return { codeId: created.code.codeId, digits: created.digits };
}

/** Digits that are no live code's: the next 4-digit string not in `avoid`. */
export function wrongDigits(avoid: readonly string[], from = 4000): string {
  for (let v = from; ; v++) {
    const d = String(v % 10000).padStart(4, '0');
    if (!avoid.includes(d)) return d;
  }
}

/** A full settings object for settings.set. */
export const settings = (overrides: Partial<ArgsOf<'settings.set'>['settings']> = {}): ArgsOf<'settings.set'>['settings'] => ({
  entryDevice: GATE_A,
  exitDevice: 'same',
  maxUsers: 10,
  inviteDurationHours: 12,
  ...overrides,
});
