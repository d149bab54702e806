/**
 * The Fluss+ Intercom firmware model: one-time codes, One Time Access Settings, users, keypad lockout
 * and the audit log, with the roles and rules of ../shared/seed enforced by the device itself.
 * Deterministic: time comes from the injected Clock, randomness from the injected RandomSource.
 */
import { fail, FlussError, ok, type Result } from '../protocol/errors';
import type { DeviceEvent, DeviceInfo, KeypadOutcome, Request } from '../protocol/messages';
import { requestIdSchema } from '../protocol/messages';
import { PROTOCOL_VERSION } from '../protocol/gattProfile';
import * as admin from './adminOps';
import { AuditLog } from './auditLog';
import { CodeBook } from './codeBook';
import { createCode, listCodes, revokeCode, sweepCodes } from './codeOps';
import { dataFromConfig, fromPersisted, toPersisted, type HardwareInfo, type IntercomConfig, type IntercomData } from './intercomState';
import { enterCode, type EntrySource } from './keypadUse';
import { Listeners } from './listeners';
import type { IntercomLive, OpContext } from './opContext';
import { REMEMBERED_OPS, RequestMemory, type RememberedReply } from './requestMemory';
import { validateRequest } from './requestGuard';
import { authorize, isOpOf, mayReceiveEvent, wrongKind } from './roles';
import type { Clock, DeviceModel, GateLink, PersistedDevice, RandomSource, SessionIdentity } from './types';
import { lookupUser, resolveCaller, SETUP_USER_ID } from './users';

export type { IntercomConfig, UserConfig } from './intercomState';

export interface IntercomDeps {
  clock: Clock;
  random: RandomSource;
  /** The intercom-to-gate radio link. */
  gates: GateLink;
}

export interface IntercomModel extends DeviceModel {
  readonly kind: 'intercom';
  /** The physical keypad: a person types digits. The same rules as keypad.enter, with actor 'keypad'. */
  keypad(digits: string): Promise<KeypadOutcome>;
  /**
   * Writes what the intercom holds only in memory (the count of refusals while locked) to flash, as
   * before a planned power-off; a host that stops the model between runs calls it (`fluss sim keypad`).
   */
  settle(): void;
}

/** Ops that carry a request id and are answered from memory when it repeats. */
const IDEMPOTENT = new Set<string>(REMEMBERED_OPS);

/**
 * Builds an intercom from its configuration.
 * @throws FlussError INVALID_ARGUMENT when the configuration is impossible (a programming error).
 */
export function createIntercom(config: IntercomConfig, deps: IntercomDeps): IntercomModel {
  const data = dataFromConfig(config);
  if (!data.ok) throw FlussError.fromData(data.error);
  return new Intercom(data.value, deps);
}

/** A simulated reboot: the intercom from its flash, or CORRUPT_FILE. Never throws. */
export function restoreIntercom(snapshot: PersistedDevice, deps: IntercomDeps): Result<IntercomModel> {
  const data = fromPersisted(snapshot);
  return data.ok ? ok(new Intercom(data.value, deps)) : data;
}

class Intercom implements IntercomModel {
  readonly kind = 'intercom' as const;
  readonly deviceId: string;
  private readonly info_: HardwareInfo;
  private readonly live: IntercomLive;
  private readonly events = new Listeners<[DeviceEvent]>();
  private readonly persists = new Listeners<[]>();
  private dirty = false;
  /** Keypad entries run one at a time, as on the one physical keypad: each may wait for a gate. */
  private keypadQueue: Promise<unknown> = Promise.resolve();

  constructor(
    data: IntercomData,
    private readonly deps: IntercomDeps,
  ) {
    this.deviceId = data.deviceId;
    this.info_ = { ...data.info };
    this.live = {
      deviceId: data.deviceId,
      setupKey: data.setupKey,
      users: data.users,
      settings: data.settings,
      revision: data.revision,
      lockout: data.lockout,
      codes: new CodeBook(data.codes),
      requests: new RequestMemory(data.requests),
      audit: new AuditLog(data.audit, (entry) => this.events.emit(entry)),
    };
  }

  private get claimed(): boolean {
    return this.live.users.some((u) => u.role === 'owner');
  }

  info(): DeviceInfo {
    return { kind: 'intercom', deviceId: this.deviceId, ...this.info_, protocolVersion: PROTOCOL_VERSION, claimed: this.claimed };
  }

  mayReceive(event: DeviceEvent, identity: SessionIdentity): boolean {
    return mayReceiveEvent('intercom', event.type, resolveCaller(this.live.users, identity));
  }

  lookup(userId: string): { key: Uint8Array; identity: SessionIdentity } | undefined {
    if (userId === SETUP_USER_ID) {
      // Claiming retires the setup key: whoever read the label later cannot use it.
      return this.claimed ? undefined : { key: this.live.setupKey.slice(), identity: { kind: 'setup' } };
    }
    return lookupUser(this.live.users, userId);
  }

  async handle(request: Request, identity: SessionIdentity): Promise<Result<unknown>> {
    try {
      return await this.dispatch(request, identity);
    } catch {
      return fail('INTERNAL', 'The intercom failed to handle the request.', 'Try again; if it persists, restart the intercom.');
    } finally {
      this.flush();
    }
  }

  async keypad(digits: string): Promise<KeypadOutcome> {
    try {
      return await this.enterSerialised(digits, { kind: 'keypad' });
    } finally {
      this.flush();
    }
  }

  settle(): void {
    const ctx = this.context();
    if (this.live.audit.flushLockedRefusals(ctx.now)) ctx.touch();
    this.flush();
  }

  onEvent(listener: (event: DeviceEvent) => void): () => void {
    return this.events.add(listener);
  }

  onPersist(listener: () => void): () => void {
    return this.persists.add(listener);
  }

  snapshot(): PersistedDevice {
    return toPersisted({
      deviceId: this.deviceId,
      info: this.info_,
      setupKey: this.live.setupKey,
      users: this.live.users,
      settings: this.live.settings,
      revision: this.live.revision,
      codes: [...this.live.codes.all()],
      lockout: this.live.lockout,
      audit: this.live.audit.toState(),
      requests: [...this.live.requests.all()],
    });
  }

  private context(): OpContext {
    return { live: this.live, now: Math.floor(this.deps.clock.now()), random: this.deps.random, touch: () => (this.dirty = true) };
  }

  private flush(): void {
    if (!this.dirty) return;
    this.dirty = false;
    this.persists.emit();
  }

  private enterSerialised(digits: string, source: EntrySource): Promise<KeypadOutcome> {
    const host = { context: () => this.context(), gates: this.deps.gates, flush: () => this.flush() };
    const entry = this.keypadQueue.then(() => enterCode(host, digits, source));
    this.keypadQueue = entry.catch(() => undefined);
    return entry;
  }

  private async dispatch(request: Request, identity: SessionIdentity): Promise<Result<unknown>> {
    const ctx = this.context();
    sweepCodes(ctx);
    // Whoever talks to the intercom next sees the keypad's locked refusals counted so far (one entry).
    if (this.live.audit.flushLockedRefusals(ctx.now)) ctx.touch();
    const op: unknown = (request as Partial<Request> | null)?.op;
    if (!isOpOf('intercom', op)) return wrongKind('intercom', op);
    if (op === 'claim' && this.claimed) {
      return fail('ALREADY_CLAIMED', 'This intercom already has an owner.', 'Ask its owner to add you as a shared user.');
    }
    if (!this.claimed && op !== 'info.get' && op !== 'claim') {
      return fail('NOT_CLAIMED', 'This intercom has no owner yet.', 'Claim it first with the setup key on its label.');
    }
    const caller = resolveCaller(this.live.users, identity);
    if (caller === undefined) {
      return fail('NOT_AUTHORIZED', 'This user is no longer on this intercom.', 'Ask the owner to add you again.');
    }
    const allowed = authorize('intercom', op, caller);
    if (!allowed.ok) return allowed;
    const actor = caller.kind === 'user' ? caller.userId : SETUP_USER_ID;
    if (!IDEMPOTENT.has(op)) {
      const valid = validateRequest(request);
      return valid.ok ? this.run(ctx, valid.value, actor) : valid;
    }

    return this.runRemembered(ctx, request, actor, op as RememberedReply['op']);
  }

  /**
   * Every state-changing request: a repeated request id gets the first reply (success or refusal) and
   * nothing runs twice. A request id that is not even well formed cannot be remembered: it is refused.
   */
  private runRemembered(ctx: OpContext, request: Request, actor: string, op: RememberedReply['op']): Result<unknown> {
    const requestId: unknown = (request.args as { requestId?: unknown } | undefined)?.requestId;
    if (typeof requestId !== 'string' || !requestIdSchema.safeParse(requestId).success) {
      // Nothing to remember the reply by: the validation refuses it (INVALID_ARGUMENT).
      return failure(validateRequest(request));
    }
    const replayed = this.live.requests.replay(requestId, op, actor);
    if (replayed !== undefined) return replayed;
    const valid = validateRequest(request);
    let entry: RememberedReply;
    if (!valid.ok) {
      entry = { requestId, op, actor, reply: failure(valid) };
    } else if (valid.value.op === 'codes.create') {
      const created = createCode(ctx, actor);
      // The digits go to secrets only; the plain table keeps the code's summary.
      entry = created.ok
        ? { requestId, op: 'codes.create', actor, reply: ok({ code: created.value.code }), digits: created.value.digits }
        : { requestId, op: 'codes.create', actor, reply: created };
    } else {
      entry = { requestId, op, actor, reply: this.runStateChange(ctx, valid.value, actor) } as RememberedReply;
    }
    this.live.requests.remember(entry);
    ctx.touch();
    return this.live.requests.replay(requestId, op, actor) ?? failure(valid);
  }

  /** The remembered ops other than codes.create, run once. */
  private runStateChange(ctx: OpContext, request: Request, actor: string): Result<unknown> {
    switch (request.op) {
      case 'settings.set':
        return admin.setSettings(ctx, request.args, actor);
      case 'codes.revoke':
        return revokeCode(ctx, request.args.codeId, actor);
      case 'users.add':
        return admin.addUser(ctx, request.args, actor);
      case 'users.remove':
        return admin.removeUser(ctx, request.args, actor);
      case 'claim':
        return admin.claim(ctx, request.args);
      default:
        return fail('INTERNAL', 'The intercom mixed up two requests.', 'Try again.');
    }
  }

  private run(ctx: OpContext, request: Request, actor: string): Result<unknown> | Promise<Result<unknown>> {
    switch (request.op) {
      case 'info.get':
        return ok(this.info());
      case 'claim':
        return admin.claim(ctx, request.args);
      case 'settings.get':
        return ok(admin.getSettings(ctx));
      case 'settings.set':
        return admin.setSettings(ctx, request.args, actor);
      case 'codes.list':
        return ok(listCodes(ctx, request.args));
      case 'codes.create':
        return createCode(ctx, actor);
      case 'codes.revoke':
        return revokeCode(ctx, request.args.codeId, actor);
      case 'keypad.enter':
        return this.enterSerialised(request.args.digits, { kind: 'diagnostic', userId: actor }).then((outcome) => ok(outcome));
      case 'keypad.clearLockout':
        return ok(admin.clearLockout(ctx, actor));
      case 'users.list':
        return ok(admin.listUsers(ctx));
      case 'users.add':
        return admin.addUser(ctx, request.args, actor);
      case 'users.remove':
        return admin.removeUser(ctx, request.args, actor);
      case 'audit.read':
        return ok(admin.readAudit(ctx, request.args));
      case 'gate.identify':
      case 'gate.testTrigger':
        return wrongKind('intercom', request.op);
    }
  }
}

/** The refusal inside a failed validation (a passed one cannot reach here with another op). */
function failure(result: Result<unknown>): Result<never> {
  return result.ok ? fail('INTERNAL', 'The intercom mixed up two requests.', 'Try again.') : { ok: false, error: result.error };
}
