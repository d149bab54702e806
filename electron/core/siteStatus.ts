/**
 * The Site overview (issue 11, item 1): one row per Fluss+ intercom heard. What the advertisement and
 * this computer's keys tell is known at once (who I am to it, firmware, signal, last test-fire); what
 * needs a session (the gates, Max Users, Invite Duration, active codes) is read only when the technician
 * asks ("Check all", `fluss site status`), one intercom at a time, so a scan never opens a connection.
 * An intercom that vanishes during the check gets its own error and the others are still checked.
 */
import { toFlussError, type ErrorData } from '../protocol/errors';
import { SAME_AS_ENTRY } from '../protocol/accessRules';
import type { Role } from '../protocol/messages';
import type { Commissioner } from './commissioner';
import type { CredentialSource } from './credentials';
import type { OperationOptions } from './deadline';
import type { ScannedDevice } from './scanner';
import type { TestFireRecord, TestFireRecordStore } from './testFireRecords';

/** Who this computer is to the intercom: its owner, a shared user, someone else's, or nobody's yet. */
export type Relationship = 'owner' | 'shared' | 'not mine' | 'unclaimed';

export interface GateRef {
  deviceId: string;
  /** The gate's advertised name, or undefined when no scan of this run heard it. */
  name?: string;
}

/** What a session read, once "Check all" ran. */
export interface CheckedSettings {
  entryDevice: GateRef | null;
  exitDevice: GateRef | 'same';
  maxUsers: number;
  inviteDurationHours: number;
  activeCodes: number;
}

export type RowCheck =
  | { status: 'not checked' }
  | { status: 'checking' }
  | { status: 'checked'; at: string; settings: CheckedSettings }
  | { status: 'failed'; error: ErrorData }
  /** Nothing to read with this computer's keys (unclaimed, or not mine). */
  | { status: 'not readable'; reason: string };

export interface SiteRow {
  deviceId: string;
  name: string;
  relationship: Relationship;
  model?: string;
  firmware?: string;
  /** Smoothed signal in dBm. */
  rssi: number;
  lastTestFire?: TestFireRecord;
  check: RowCheck;
}

/** Who I am to the intercom, from the advertisement's claimed flag and the keys this computer holds. */
export function relationshipOf(device: Pick<ScannedDevice, 'deviceId' | 'claimed'>, credentials: CredentialSource): Relationship {
  if (device.claimed === false) return 'unclaimed';
  if (device.deviceId === undefined) return 'not mine';
  if (credentials.lookup(device.deviceId, 'owner')) return 'owner';
  if (credentials.lookup(device.deviceId, 'shared')) return 'shared';
  return 'not mine';
}

/** The rows for the intercoms in `heard` (gates and other devices are left out), before any check. */
export function siteRows(heard: readonly ScannedDevice[], credentials: CredentialSource, records: TestFireRecordStore): SiteRow[] {
  const rows: SiteRow[] = [];
  for (const device of heard) {
    if (device.kind !== 'intercom' || device.deviceId === undefined) continue;
    const relationship = relationshipOf(device, credentials);
    const lastTestFire = records.get(device.deviceId);
    rows.push({
      deviceId: device.deviceId,
      name: device.name,
      relationship,
      ...(device.model === undefined ? {} : { model: device.model }),
      ...(device.firmware === undefined ? {} : { firmware: device.firmware }),
      rssi: Math.round(device.rssi),
      ...(lastTestFire ? { lastTestFire } : {}),
      check: notReadable(relationship) ?? { status: 'not checked' },
    });
  }
  return rows;
}

function notReadable(relationship: Relationship): RowCheck | undefined {
  if (relationship === 'unclaimed') return { status: 'not readable', reason: 'Not set up yet: claim it with its setup key.' };
  if (relationship === 'not mine') return { status: 'not readable', reason: 'This computer holds no key for it: ask its owner to share access.' };
  return undefined;
}

export interface CheckAllOptions extends OperationOptions {
  /** Called before and after each row is read: `done` of `total` finished. */
  onProgress?: (progress: { done: number; total: number; row: SiteRow }) => void;
}

/**
 * Reads the settings and codes of every row this computer can open, one at a time, and returns the rows
 * with their checks filled in. A row that fails (vanished, timed out, refused) carries its error; the
 * rest go on. Cancelling stops before the next row; the rows not reached stay "not checked".
 */
export async function checkAll(commissioner: Commissioner, rows: readonly SiteRow[], options: CheckAllOptions = {}): Promise<SiteRow[]> {
  const result = rows.map((row) => ({ ...row }));
  const readable = result.filter((row) => row.relationship === 'owner' || row.relationship === 'shared');
  let done = 0;
  for (const row of readable) {
    if (options.signal?.aborted) break;
    row.check = { status: 'checking' };
    options.onProgress?.({ done, total: readable.length, row: { ...row } });
    row.check = await checkOne(commissioner, row.deviceId, row.relationship as Role, options);
    done++;
    options.onProgress?.({ done, total: readable.length, row: { ...row } });
  }
  return result;
}

/** One intercom's session read; every failure becomes the row's error, never a throw. */
export async function checkOne(commissioner: Commissioner, deviceId: string, role: Role, options: OperationOptions = {}): Promise<RowCheck> {
  try {
    const { snapshot, codes } = await commissioner.withIntercom(deviceId, { ...options, role }, async (session) => ({
      snapshot: await session.getSettings(options),
      codes: await session.listCodes(options),
    }));
    const { settings } = snapshot;
    const gate = (id: string): GateRef => {
      const name = commissioner.heard.get(id)?.name;
      return name === undefined ? { deviceId: id } : { deviceId: id, name };
    };
    return {
      status: 'checked',
      at: new Date().toISOString(),
      settings: {
        entryDevice: settings.entryDevice === null ? null : gate(settings.entryDevice),
        exitDevice: settings.exitDevice === SAME_AS_ENTRY ? 'same' : gate(settings.exitDevice),
        maxUsers: settings.maxUsers,
        inviteDurationHours: settings.inviteDurationHours,
        // "entered" codes still open the exit once: they are live until used or expired.
        activeCodes: codes.filter((c) => c.state === 'active' || c.state === 'entered').length,
      },
    };
  } catch (error) {
    return { status: 'failed', error: toFlussError(error).toData() };
  }
}
