/**
 * The GATT cache: what discovery learnt about each device, so a device seen before is used by handle with
 * no discovery at all (docs/protocol.md, "GATT caching"). One entry per device id, valid only for the same
 * firmware version and the same profile (service and characteristic UUIDs); even then a cached layout is
 * checked on the air before use (att/attDiscovery.ts, validateLayout), and rewritten when it no longer fits.
 *
 * On disk it is a small JSON file in the data folder, validated on read: a file that does not parse is
 * ignored (and rewritten on the next save), never a crash. Nothing secret is in it.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { decodeManufacturerData } from '../protocol/advertising';
import { PROFILES } from '../protocol/gattProfile';
import { defaultDataDir } from '../storage/dataDir';
import { writePrivateFile } from '../storage/privateFile';
import { gattLayoutSchema, type GattLayout, type WantedService } from './att/gattLayout';
import { normaliseUuid } from './att/attPdu';

/** Which layout a device has: its id, its firmware and the profile the app wants of it. */
export interface GattCacheKey {
  deviceId: string;
  firmware: string;
  /** The wanted services and characteristics, as one string (a profile change misses the cache). */
  profile: string;
}

export interface GattCache {
  get(key: GattCacheKey): GattLayout | undefined;
  set(key: GattCacheKey, layout: GattLayout): void;
  delete(deviceId: string): void;
}

/** The Fluss+ profile a scanned device is, and its cache key; undefined for anything that is not Fluss+. */
export function fluss(manufacturerData: Uint8Array | undefined): { key: GattCacheKey; wanted: WantedService[] } | undefined {
  if (!manufacturerData) return undefined;
  const decoded = decodeManufacturerData(manufacturerData);
  if (!decoded.ok) return undefined;
  // Whatever characteristics PROFILES lists for the kind: every field but the service is one.
  const { service, ...characteristics } = PROFILES[decoded.value.kind] as unknown as Record<string, string>;
  if (service === undefined) return undefined;
  const wanted: WantedService[] = [{ uuid: normaliseUuid(service), characteristics: Object.values(characteristics).map(normaliseUuid) }];
  return { key: { deviceId: decoded.value.deviceId, firmware: decoded.value.firmware, profile: profileString(wanted) }, wanted };
}

export function profileString(wanted: WantedService[]): string {
  return wanted.map((w) => `${w.uuid}:${(w.characteristics ?? ['*']).join(',')}`).join(';');
}

const entrySchema = z.strictObject({ firmware: z.string().max(32), profile: z.string().max(4096), layout: gattLayoutSchema, savedAt: z.number() });
const fileSchema = z.strictObject({ format: z.literal('fluss-gatt-cache-v1'), devices: z.record(z.string().regex(/^[0-9a-f]{12}$/), entrySchema) });
type Entry = z.infer<typeof entrySchema>;

/** Entries beyond this many devices are dropped, oldest first: the file stays small. */
const MAX_DEVICES = 256;

export class MemoryGattCache implements GattCache {
  protected entries = new Map<string, Entry>();

  get(key: GattCacheKey): GattLayout | undefined {
    const entry = this.entries.get(key.deviceId);
    return entry && entry.firmware === key.firmware && entry.profile === key.profile ? structuredClone(entry.layout) : undefined;
  }

  set(key: GattCacheKey, layout: GattLayout): void {
    const entry = { firmware: key.firmware, profile: key.profile, layout: structuredClone(layout), savedAt: Date.now() };
    this.entries.delete(key.deviceId);
    this.entries.set(key.deviceId, entry);
    while (this.entries.size > MAX_DEVICES) this.entries.delete(this.entries.keys().next().value as string);
    this.changed(key.deviceId, entry);
  }

  delete(deviceId: string): void {
    if (this.entries.delete(deviceId)) this.changed(deviceId, undefined);
  }

  /** One device's entry was set (or removed, `entry` undefined). */
  protected changed(_deviceId: string, _entry: Entry | undefined): void {
    // kept in memory only
  }
}

/** The cache in a JSON file; read once at construction, written through on every change. */
export class GattCacheFile extends MemoryGattCache {
  /** Why the file on disk was ignored, when it was (for a warning; the next save rewrites it). */
  readonly notice: string | undefined;

  constructor(readonly path: string) {
    super();
    this.notice = this.load();
  }

  private load(): string | undefined {
    const read = this.read();
    if (typeof read === 'string') return read;
    this.entries = read;
    return undefined;
  }

  /** The file's entries, oldest first, or why they cannot be used. */
  private read(): Map<string, Entry> | string {
    if (!existsSync(this.path)) return new Map();
    try {
      const parsed = fileSchema.safeParse(JSON.parse(readFileSync(this.path, 'utf8')));
      if (!parsed.success) return `The GATT cache ${this.path} has an unexpected structure; it is ignored and will be rewritten.`;
      return new Map(Object.entries(parsed.data.devices).sort(([, a], [, b]) => a.savedAt - b.savedAt));
    } catch {
      return `The GATT cache ${this.path} is unreadable; it is ignored and will be rewritten.`;
    }
  }

  /**
   * Writes this one change over what the file holds now: another process (the app and the CLI, or two CLI
   * runs) may have added devices since this one read it, and those are kept.
   */
  protected override changed(deviceId: string, entry: Entry | undefined): void {
    const current = this.read();
    const merged = typeof current === 'string' ? new Map(this.entries) : current;
    merged.delete(deviceId);
    if (entry) merged.set(deviceId, entry);
    while (merged.size > MAX_DEVICES) merged.delete(merged.keys().next().value as string);
    this.entries = new Map(merged);
    try {
      writePrivateFile(this.path, JSON.stringify({ format: 'fluss-gatt-cache-v1', devices: Object.fromEntries(merged) }));
    } catch {
      // A cache that cannot be written costs discovery on the next run, nothing more.
    }
  }
}

/** The cache file of the data folder (FLUSS_DATA_DIR, else the platform's per-user folder). */
export function defaultGattCachePath(): string {
  return join(defaultDataDir(), 'gatt-cache.json');
}
