/**
 * The Fluss+ Gate firmware model: a relay that an intercom fires over the gate link, which its users can
 * identify (blink and click) and its owner can test-fire. Its events (relay fired, identify) carry a
 * gap-free sequence number that survives a reboot, like the intercom's audit log.
 */
import type { z } from 'zod';
import { fail, FlussError, ok, type Result } from '../protocol/errors';
import { PROTOCOL_VERSION } from '../protocol/gattProfile';
import { deviceIdSchema, userIdSchema, type DeviceEvent, type DeviceInfo, type Request, type Role } from '../protocol/messages';
import { Listeners } from './listeners';
import { gateSecretsSchema, gateStateSchema, hardwareInfoSchema, parseFlash } from './persistedSchemas';
import { authorize, isOpOf, mayReceiveEvent, wrongKind } from './roles';
import type { Clock, DeviceIdentity, DeviceModel, PersistedDevice, RandomSource, SessionIdentity } from './types';
import { copyKey, joinUsers, lookupUser, resolveCaller, splitUsers, usersProblem, type UserRecord } from './users';

export interface GateConfig extends DeviceIdentity {
  users: { userId: string; role: Role; key: Uint8Array }[];
}

export interface GateDeps {
  clock: Clock;
  /** Unused by the gate's rules today; injected so that every model is built the same way. */
  random: RandomSource;
}

export interface GateModel extends DeviceModel {
  readonly kind: 'gate';
  /** The relay fired on an intercom's command (the intercom-to-gate link, outside the GATT profile). */
  fire(source: { intercomId: string; leg: 'entry' | 'exit' }): void;
}

interface GateData {
  deviceId: string;
  info: z.infer<typeof hardwareInfoSchema>;
  users: UserRecord[];
  relayCount: number;
  lastSeq: number;
}

/**
 * Builds a gate from its configuration.
 * @throws FlussError INVALID_ARGUMENT when the configuration is impossible (a programming error).
 */
export function createGate(config: GateConfig, deps: GateDeps): GateModel {
  const problem = (detail: string) => new FlussError('INVALID_ARGUMENT', `Gate ${config.deviceId.slice(0, 12)}: ${detail}.`);
  if (!deviceIdSchema.safeParse(config.deviceId).success) throw problem('the device id is not 12 hex digits');
  const info = hardwareInfoSchema.safeParse({ name: config.name, model: config.model, firmware: config.firmware, hardware: config.hardware, serial: config.serial });
  if (!info.success) throw problem('a name, model, firmware, hardware or serial field is too long');
  const users = config.users.map((u) => ({ userId: u.userId, role: u.role, key: copyKey(u.key) }));
  if (!users.every((u) => userIdSchema.safeParse(u.userId).success && u.key.length === 32)) throw problem('every user needs a valid user id and a 32-byte key');
  const wrong = usersProblem(users, users.map((u) => u.userId));
  if (wrong !== undefined) throw problem(wrong);
  return new Gate({ deviceId: config.deviceId, info: info.data, users, relayCount: 0, lastSeq: 0 }, deps);
}

/** A simulated reboot: the gate from its flash, or CORRUPT_FILE. Never throws. */
export function restoreGate(snapshot: PersistedDevice, deps: GateDeps): Result<GateModel> {
  const corrupt = (detail: string) => fail<GateModel>('CORRUPT_FILE', `The gate's saved state is damaged (${detail.slice(0, 200)}).`, 'Its state will be reset to the site file.');
  const flash = parseFlash(snapshot, 'gate', gateStateSchema, gateSecretsSchema);
  if (!flash.ok) return corrupt(flash.problem);
  const { state, secrets } = flash;
  const wrong = usersProblem(state.users, Object.keys(secrets.userKeys));
  if (wrong !== undefined) return corrupt(wrong);
  const { info, relayCount, lastSeq } = state;
  return ok(new Gate({ deviceId: flash.deviceId, info, users: joinUsers(state.users, secrets.userKeys), relayCount, lastSeq }, deps));
}

class Gate implements GateModel {
  readonly kind = 'gate' as const;
  readonly deviceId: string;
  private readonly events = new Listeners<[DeviceEvent]>();
  private readonly persists = new Listeners<[]>();

  constructor(
    private readonly data: GateData,
    private readonly deps: GateDeps,
  ) {
    this.deviceId = data.deviceId;
  }

  info(): DeviceInfo {
    // A gate has no first-time setup: it is configured with its users, so it is always claimed.
    return { kind: 'gate', deviceId: this.deviceId, ...this.data.info, protocolVersion: PROTOCOL_VERSION, claimed: true };
  }

  mayReceive(event: DeviceEvent, identity: SessionIdentity): boolean {
    return mayReceiveEvent('gate', event.type, resolveCaller(this.data.users, identity));
  }

  lookup(userId: string): { key: Uint8Array; identity: SessionIdentity } | undefined {
    return lookupUser(this.data.users, userId);
  }

  handle(request: Request, identity: SessionIdentity): Promise<Result<unknown>> {
    try {
      return Promise.resolve(this.dispatch(request, identity));
    } catch {
      return Promise.resolve(fail('INTERNAL', 'The gate failed to handle the request.', 'Try again; if it persists, restart the gate.'));
    }
  }

  fire(source: { intercomId: string; leg: 'entry' | 'exit' }): void {
    this.relay(source.intercomId, { source: 'intercom', intercomId: source.intercomId, leg: source.leg });
  }

  onEvent(listener: (event: DeviceEvent) => void): () => void {
    return this.events.add(listener);
  }

  onPersist(listener: () => void): () => void {
    return this.persists.add(listener);
  }

  snapshot(): PersistedDevice {
    const { list, keys } = splitUsers(this.data.users);
    const { info, relayCount, lastSeq } = this.data;
    return {
      kind: 'gate',
      deviceId: this.deviceId,
      state: { version: 1, info: { ...info }, users: list, relayCount, lastSeq },
      secrets: { userKeys: keys },
    };
  }

  private dispatch(request: Request, identity: SessionIdentity): Result<unknown> {
    const op: unknown = (request as Partial<Request> | null)?.op;
    if (!isOpOf('gate', op)) return wrongKind('gate', op);
    const caller = resolveCaller(this.data.users, identity);
    if (caller === undefined) return fail('NOT_AUTHORIZED', 'This user is no longer on this gate.', 'Ask the owner to add you again.');
    const allowed = authorize('gate', op, caller);
    if (!allowed.ok) return allowed;
    const by = caller.kind === 'user' ? caller.userId : 'setup';
    if (op === 'gate.identify') {
      this.emit(by, 'gate.identify', { by });
      return ok({});
    }
    if (op === 'gate.testTrigger') return ok({ firedAt: this.relay(by, { source: 'test', by }) });
    return ok(this.info());
  }

  /** Fires the relay: counts it, reports it, persists. Returns when it fired. */
  private relay(actor: string, detail: DeviceEvent['detail']): number {
    this.data.relayCount += 1;
    return this.emit(actor, 'relay.fired', { ...detail, relayCount: this.data.relayCount }).at;
  }

  private emit(actor: string, type: string, detail: DeviceEvent['detail']): DeviceEvent {
    this.data.lastSeq += 1;
    const event: DeviceEvent = { seq: this.data.lastSeq, at: Math.floor(this.deps.clock.now()), type, actor, detail };
    this.events.emit({ ...event, detail: { ...detail } });
    this.persists.emit();
    return event;
  }
}
