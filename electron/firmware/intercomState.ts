/**
 * An intercom's whole persistent state as plain data, and its conversion to and from flash
 * (PersistedDevice): `state` is plain, `secrets` holds the setup key, user keys and code digits.
 */
import type { z } from 'zod';
import { fail, ok, type Result } from '../protocol/errors';
import { deviceIdSchema, userIdSchema, type AccessSettings } from '../protocol/messages';
import type { AuditState } from './auditLog';
import { toBase64 } from './base64';
import { summaryOf, type StoredCode } from './codeBook';
import { initialLockout, type LockoutState } from './keypadLockout';
import { hardwareInfoSchema, intercomSecretsSchema, intercomStateSchema, parseFlash } from './persistedSchemas';
import type { RememberedReply } from './requestMemory';
import { checkSettings, DEFAULT_SETTINGS } from './settingsRules';
import type { DeviceIdentity, PersistedDevice } from './types';
import { copyKey, joinUsers, splitUsers, usersProblem, type UserRecord } from './users';

export type HardwareInfo = z.infer<typeof hardwareInfoSchema>;

export interface IntercomData {
  deviceId: string;
  info: HardwareInfo;
  setupKey: Uint8Array;
  /** The owner (present once claimed) and the shared users. */
  users: UserRecord[];
  settings: AccessSettings;
  revision: number;
  /** Oldest first. */
  codes: StoredCode[];
  lockout: LockoutState;
  audit: AuditState;
  /** Oldest first. */
  requests: RememberedReply[];
}

export interface UserConfig {
  userId: string;
  /** 32 bytes. */
  key: Uint8Array;
}

/** A factory-fresh intercom, or one claimed at installation (owner given). */
export interface IntercomConfig extends DeviceIdentity {
  /** The first-time-setup key printed on the label; accepted only while the intercom is unclaimed. */
  setupKey: Uint8Array;
  /** Absent: unclaimed. */
  owner?: UserConfig;
  /** Only with an owner. */
  sharedUsers?: UserConfig[];
  /** Missing values take the defaults (no Entry Device, Same as entry, 10, 12 hours). */
  settings?: Partial<AccessSettings>;
}

/** A factory-fresh intercom (or one claimed at installation), or why the configuration is impossible. */
export function dataFromConfig(config: IntercomConfig): Result<IntercomData> {
  const problem = (detail: string) => fail<IntercomData>('INVALID_ARGUMENT', `Intercom ${config.deviceId.slice(0, 12)}: ${detail}.`);
  if (!deviceIdSchema.safeParse(config.deviceId).success) return problem('the device id is not 12 hex digits');
  const info = hardwareInfoSchema.safeParse({ name: config.name, model: config.model, firmware: config.firmware, hardware: config.hardware, serial: config.serial });
  if (!info.success) return problem('a name, model, firmware, hardware or serial field is too long');
  if (config.setupKey.length < 16 || config.setupKey.length > 64) return problem('the setup key must be 16 to 64 bytes');
  if (config.owner === undefined && (config.sharedUsers ?? []).length > 0) return problem('shared users need an owner');
  const users: UserRecord[] = [
    ...(config.owner ? [{ userId: config.owner.userId, role: 'owner' as const, key: copyKey(config.owner.key) }] : []),
    ...(config.sharedUsers ?? []).map((u) => ({ userId: u.userId, role: 'shared' as const, key: copyKey(u.key) })),
  ];
  if (!users.every((u) => userIdSchema.safeParse(u.userId).success && u.key.length === 32)) return problem('every user needs a valid user id and a 32-byte key');
  const usersWrong = usersProblem(users, users.map((u) => u.userId));
  if (usersWrong !== undefined) return problem(usersWrong);
  const settings = checkSettings({ ...DEFAULT_SETTINGS, ...config.settings });
  if (!settings.ok) return problem(settings.error.message);
  return ok({
    deviceId: config.deviceId,
    info: info.data,
    setupKey: copyKey(config.setupKey),
    users,
    settings: settings.value,
    revision: 0,
    codes: [],
    lockout: initialLockout(),
    audit: { lastSeq: 0, entries: [] },
    requests: [],
  });
}

/** The flash image: plain state and sealed-at-rest secrets. */
export function toPersisted(data: IntercomData): PersistedDevice {
  const { list, keys } = splitUsers(data.users);
  const state: z.input<typeof intercomStateSchema> = {
    version: 1,
    info: { ...data.info },
    claimed: data.users.some((u) => u.role === 'owner'),
    users: list,
    settings: { ...data.settings },
    revision: data.revision,
    codes: data.codes.map(summaryOf),
    lockout: plainLockout(data.lockout),
    audit: { lastSeq: data.audit.lastSeq, entries: data.audit.entries.map((e) => ({ ...e, detail: { ...e.detail } })) },
    requests: data.requests.map(({ requestId, op, actor, reply }) => ({ requestId, op, actor, reply }) as RememberedReply),
  };
  const requestDigits: Record<string, string> = {};
  for (const r of data.requests) if (r.op === 'codes.create' && r.digits !== undefined) requestDigits[r.requestId] = r.digits;
  return {
    kind: 'intercom',
    deviceId: data.deviceId,
    state: structuredClone(state),
    secrets: {
      setupKey: toBase64(data.setupKey),
      userKeys: keys,
      codeDigits: Object.fromEntries(data.codes.map((c) => [c.codeId, c.digits])),
      requestDigits,
      wrongDigits: [...data.lockout.wrongDigits],
    },
  };
}

/** The lockout's counters without its wrong digits, which go to secrets. */
function plainLockout(lockout: LockoutState): Omit<LockoutState, 'wrongDigits'> {
  const { consecutiveFailures, totalFailures, lockedUntil, lastLockMs, hardLocked } = lockout;
  return { consecutiveFailures, totalFailures, lockedUntil, lastLockMs, hardLocked };
}

/** Parses and cross-checks a flash image; CORRUPT_FILE naming the first problem. Never throws. */
export function fromPersisted(snapshot: unknown): Result<IntercomData> {
  const corrupt = (detail: string) =>
    fail<IntercomData>('CORRUPT_FILE', `The intercom's saved state is damaged (${detail.slice(0, 200)}).`, 'Its state will be reset to the site file.');
  const flash = parseFlash(snapshot, 'intercom', intercomStateSchema, intercomSecretsSchema);
  if (!flash.ok) return corrupt(flash.problem);
  const s = flash.state;
  const { codeDigits, requestDigits, userKeys, setupKey, wrongDigits = [] } = flash.secrets;

  const usersWrong = usersProblem(s.users, Object.keys(userKeys));
  if (usersWrong !== undefined) return corrupt(usersWrong);
  if (s.claimed !== s.users.some((u) => u.role === 'owner')) return corrupt('claimed does not match the owner');
  if (!s.claimed && s.users.length > 0) return corrupt('an unclaimed intercom has users');
  const codeIds = s.codes.map((c) => c.codeId);
  if (new Set(codeIds).size !== codeIds.length) return corrupt('a code id appears twice');
  if (Object.keys(codeDigits).length !== codeIds.length || !codeIds.every((id) => id in codeDigits)) return corrupt('code digits do not match the codes');
  const codes = s.codes.map((c) => ({ ...c, digits: codeDigits[c.codeId] ?? '' }));
  const liveDigits = codes.filter((c) => c.state === 'active' || c.state === 'entered').map((c) => c.digits);
  if (new Set(liveDigits).size !== liveDigits.length) return corrupt('two live codes share digits');
  const requestIds = s.requests.map((r) => r.requestId);
  if (new Set(requestIds).size !== requestIds.length) return corrupt('a request id appears twice');
  const created = s.requests.filter((r) => r.op === 'codes.create' && r.reply.ok).map((r) => r.requestId);
  if (Object.keys(requestDigits).length !== created.length || !created.every((id) => id in requestDigits)) return corrupt('remembered replies do not match their digits');

  return ok({
    deviceId: flash.deviceId,
    info: s.info,
    setupKey,
    users: joinUsers(s.users, userKeys),
    settings: s.settings,
    revision: s.revision,
    codes,
    lockout: { ...s.lockout, wrongDigits },
    audit: s.audit,
    requests: s.requests.map((r) => (r.op === 'codes.create' && r.reply.ok ? { ...r, digits: requestDigits[r.requestId] ?? '' } : r)),
  });
}
