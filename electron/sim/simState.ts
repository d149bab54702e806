/**
 * The simulated devices' flash: one sealed state file shared by every device of a site, so successive
 * CLI runs (and the app) see each other's effects. Also holds the simulator's clock offset, which lets
 * tests and technicians move time forward (`fluss sim advance`) to watch codes expire. Its secrets (keys,
 * code digits) are sealed under the OS keychain's or FLUSS_PASSPHRASE's key (storage/keyProtection.ts);
 * with neither, the state lives in this process's memory only and successive runs start fresh.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { PersistedDevice } from '../firmware/types';
import type { KeyProtection } from '../storage/keyProtection';
import { SealedJsonFile } from '../storage/sealedJsonFile';
import { defaultDataDir } from '../storage/dataDir';

const plainSchema = z.strictObject({
  version: z.literal(1),
  clockOffsetMs: z.number().int().min(0),
  devices: z.record(
    z.string(),
    z.strictObject({
      kind: z.enum(['intercom', 'gate']),
      state: z.record(z.string(), z.unknown()),
      /** Bumped by every write of this device: how a process sees that another one changed it. */
      revision: z.number().int().min(0).optional(),
    }),
  ),
});
const secretSchema = z.strictObject({ devices: z.record(z.string(), z.record(z.string(), z.unknown())) });

export interface SimStateData {
  clockOffsetMs: number;
  devices: Map<string, PersistedDevice>;
  /** Each device's revision in the file (0 when the file predates revisions). */
  revisions: Map<string, number>;
}

export type SimStateNotice = { kind: 'set-aside'; path: string; reason: string };

export function defaultSimStatePath(): string {
  return join(defaultDataDir(), 'sim-state.json');
}

/**
 * The revisions and clock offset in a state file, read without unsealing or locking (writes are atomic
 * renames, so a reader sees a whole file): cheap enough to check before every request a device handles.
 * Undefined when the file is missing or unreadable.
 */
export function readRevisions(path: string): { clockOffsetMs: number; revisions: Map<string, number> } | undefined {
  if (!existsSync(path)) return undefined;
  try {
    const envelope = JSON.parse(readFileSync(path, 'utf8')) as { plain?: unknown };
    const plain = plainSchema.safeParse(envelope.plain);
    if (!plain.success) return undefined;
    return { clockOffsetMs: plain.data.clockOffsetMs, revisions: new Map(Object.entries(plain.data.devices).map(([id, d]) => [id, d.revision ?? 0])) };
  } catch {
    return undefined;
  }
}

/**
 * The simulated clock's offset kept in a state file, read only (nothing is set aside or written): a
 * client of `fluss sim serve` on the same state file needs it to tell time as those devices do.
 * 0 when the file is missing or unreadable.
 */
export function readClockOffset(path: string): number {
  if (!existsSync(path)) return 0;
  try {
    const envelope = JSON.parse(readFileSync(path, 'utf8')) as { plain?: { clockOffsetMs?: unknown } };
    const parsed = plainSchema.shape.clockOffsetMs.safeParse(envelope.plain?.clockOffsetMs);
    return parsed.success ? parsed.data : 0;
  } catch {
    return 0;
  }
}

export class SimStateFile {
  private readonly file: SealedJsonFile;

  /** `protection`: how the sealed part is keyed; defaults to this process's (storage/keyProtection.ts). */
  constructor(
    readonly path: string,
    protection?: KeyProtection,
  ) {
    this.file = new SealedJsonFile(path, protection);
  }

  /** False when the state lives in this process's memory only (no keychain, no passphrase): nothing to share. */
  get shared(): boolean {
    return this.file.protection.mode !== 'memory';
  }

  /** Reads the state; a corrupt file is set aside (reported through `notice`) and an empty state returned. */
  load(): { data: SimStateData; notice?: SimStateNotice } {
    const empty: SimStateData = { clockOffsetMs: 0, devices: new Map(), revisions: new Map() };
    const outcome = this.file.load(({ plain, secret }) => toData(plainSchema.parse(plain), secretSchema.parse(secret)));
    if (outcome.status === 'missing') return { data: empty };
    if (outcome.status === 'set-aside') {
      return { data: empty, notice: { kind: 'set-aside', path: outcome.setAsidePath, reason: outcome.reason } };
    }
    return { data: outcome.value };
  }

  save(data: SimStateData): void {
    const plainDevices: Record<string, { kind: 'intercom' | 'gate'; state: Record<string, unknown>; revision: number }> = {};
    const secretDevices: Record<string, Record<string, unknown>> = {};
    for (const [deviceId, device] of data.devices) {
      plainDevices[deviceId] = { kind: device.kind, state: device.state, revision: data.revisions.get(deviceId) ?? 0 };
      secretDevices[deviceId] = device.secrets;
    }
    this.file.save({
      plain: { version: 1, clockOffsetMs: data.clockOffsetMs, devices: plainDevices },
      secret: { devices: secretDevices },
    });
  }
}

function toData(plain: z.infer<typeof plainSchema>, secret: z.infer<typeof secretSchema>): SimStateData {
  const devices = new Map<string, PersistedDevice>();
  const revisions = new Map<string, number>();
  for (const [deviceId, entry] of Object.entries(plain.devices)) {
    devices.set(deviceId, { kind: entry.kind, deviceId, state: entry.state, secrets: secret.devices[deviceId] ?? {} });
    revisions.set(deviceId, entry.revision ?? 0);
  }
  return { clockOffsetMs: plain.clockOffsetMs, devices, revisions };
}
