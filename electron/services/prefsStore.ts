/**
 * The app's preferences and memory of what it has seen (technician name, UI preferences, sites and
 * devices seen), behind one interface: electron-store in the Electron app, a JSON file in the browser
 * host and tests. Keys never live here (see credential stores).
 */
import { z } from 'zod';
import type { Prefs } from '../ipc/contract';

export const PREFS_SCHEMA_VERSION = 2;
/** A code's label: at most this many characters (issue 11, item 7). */
export const CODE_LABEL_MAX = 32;
/** Labels kept per intercom; the oldest go first (codes expire within a day, so this is generous). */
const MAX_LABELS_PER_DEVICE = 200;

export const seenDeviceSchema = z.strictObject({
  deviceId: z.string().max(32),
  kind: z.enum(['intercom', 'gate']),
  name: z.string().max(64),
  site: z.string().max(64).optional(),
  lastSeen: z.number().int().min(0),
});
export type SeenDevice = z.infer<typeof seenDeviceSchema>;

export const storedPrefsSchema = z.strictObject({
  schemaVersion: z.literal(PREFS_SCHEMA_VERSION),
  technicianName: z.string().max(64),
  showOtherDevices: z.boolean(),
  sitesSeen: z.array(z.string().max(64)).max(100),
  devicesSeen: z.record(z.string(), seenDeviceSchema),
  /** Labels the technician gave codes ("Anna, plumber"): intercom id -> code id -> label. Never sent to a device. */
  codeLabels: z.record(z.string(), z.record(z.string(), z.string().max(CODE_LABEL_MAX))).optional(),
});
export type StoredPrefs = z.infer<typeof storedPrefsSchema>;

export const DEFAULT_PREFS: StoredPrefs = { schemaVersion: PREFS_SCHEMA_VERSION, technicianName: '', showOtherDevices: false, sitesSeen: [], devicesSeen: {} };

/** At most this many devices are remembered; the least recently seen go first. */
const MAX_DEVICES_SEEN = 500;

/**
 * Brings stored preferences of any earlier schema up to the current one. Version 1 (no schemaVersion)
 * kept `technician` and `showAll`; version 2 renamed them and added sites and devices seen. Unknown
 * input is rejected (the caller sets the file aside).
 */
export function migratePrefs(raw: unknown): StoredPrefs {
  let value = raw;
  const record = (v: unknown): Record<string, unknown> => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {});
  if (record(value).schemaVersion === undefined || record(value).schemaVersion === 1) {
    const v1 = record(value);
    value = {
      ...DEFAULT_PREFS,
      technicianName: typeof v1.technician === 'string' ? v1.technician.slice(0, 64) : typeof v1.technicianName === 'string' ? v1.technicianName.slice(0, 64) : '',
      showOtherDevices: typeof v1.showAll === 'boolean' ? v1.showAll : v1.showOtherDevices === true,
    };
  }
  return storedPrefsSchema.parse(value);
}

export interface PrefsStore {
  read(): Prefs;
  update(patch: Partial<Prefs>): Prefs;
  /** Remembers devices heard by a scan (and the site they belong to, when known). */
  noteDevicesSeen(devices: SeenDevice[], siteName?: string): void;
  devicesSeen(): SeenDevice[];
  /** The labels of an intercom's codes, by code id. */
  codeLabels(deviceId: string): Record<string, string>;
  /** Sets a code's label; an empty label removes it. */
  setCodeLabel(deviceId: string, codeId: string, label: string): void;
  /** Things the technician should be told at start (a store that was unreadable and set aside). */
  readonly notices: readonly string[];
}

/** The PrefsStore logic over any load/save pair. */
export class PrefsModel implements PrefsStore {
  private state: StoredPrefs;

  constructor(
    initial: StoredPrefs,
    private readonly save: (prefs: StoredPrefs) => void,
    readonly notices: readonly string[] = [],
  ) {
    this.state = initial;
  }

  read(): Prefs {
    return { technicianName: this.state.technicianName, showOtherDevices: this.state.showOtherDevices };
  }

  update(patch: Partial<Prefs>): Prefs {
    this.state = {
      ...this.state,
      ...(patch.technicianName === undefined ? {} : { technicianName: patch.technicianName }),
      ...(patch.showOtherDevices === undefined ? {} : { showOtherDevices: patch.showOtherDevices }),
    };
    this.save(this.state);
    return this.read();
  }

  noteDevicesSeen(devices: SeenDevice[], siteName?: string): void {
    const known = this.state.devicesSeen;
    const fresh = devices.filter((d) => known[d.deviceId]?.name !== d.name || (known[d.deviceId]?.lastSeen ?? 0) < d.lastSeen - 60_000);
    const newSite = siteName !== undefined && !this.state.sitesSeen.includes(siteName);
    if (fresh.length === 0 && !newSite) return;
    const merged = { ...known };
    for (const d of fresh) merged[d.deviceId] = siteName === undefined ? d : { ...d, site: siteName };
    const kept = Object.values(merged)
      .sort((a, b) => b.lastSeen - a.lastSeen)
      .slice(0, MAX_DEVICES_SEEN);
    this.state = {
      ...this.state,
      devicesSeen: Object.fromEntries(kept.map((d) => [d.deviceId, d])),
      sitesSeen: newSite ? [...this.state.sitesSeen, siteName].slice(-100) : this.state.sitesSeen,
    };
    this.save(this.state);
  }

  devicesSeen(): SeenDevice[] {
    return Object.values(this.state.devicesSeen);
  }

  codeLabels(deviceId: string): Record<string, string> {
    return { ...(this.state.codeLabels?.[deviceId] ?? {}) };
  }

  setCodeLabel(deviceId: string, codeId: string, label: string): void {
    const labels = Object.entries(this.codeLabels(deviceId)).filter(([id]) => id !== codeId);
    if (label !== '') labels.push([codeId, label]);
    this.state = { ...this.state, codeLabels: { ...this.state.codeLabels, [deviceId]: Object.fromEntries(labels.slice(-MAX_LABELS_PER_DEVICE)) } };
    this.save(this.state);
  }
}

/** Preferences kept in memory only (tests, throw-away runs). */
export function memoryPrefs(): PrefsStore {
  return new PrefsModel(structuredClone(DEFAULT_PREFS), () => undefined);
}
