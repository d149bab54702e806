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
export const MAX_DEVICES_SEEN = 2000;

/**
 * Issue 10, section 3: preferences were rewritten 4.6 times a second during a scan. A scan now writes
 * only when the membership changes (a device or site not remembered yet, or a device's name or kind
 * changed), at most once per this many ms: the first change at once, later ones together at the end of
 * the window. When devices were last heard is kept in memory and goes out with the next write or
 * `flush()` (losing it in a crash costs nothing).
 */
export const DEVICES_SEEN_WRITE_INTERVAL_MS = 5000;

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
  /** Writes what is held back (devices seen), now; the app calls it on the way out. */
  flush(): void;
  /** The labels of an intercom's codes, by code id. */
  codeLabels(deviceId: string): Record<string, string>;
  /** Sets a code's label; an empty label removes it. */
  setCodeLabel(deviceId: string, codeId: string, label: string): void;
  /** Things the technician should be told at start (a store that was unreadable and set aside). */
  readonly notices: readonly string[];
}

export interface PrefsWritePolicy {
  /** Writes caused by a scan are at most this often (DEVICES_SEEN_WRITE_INTERVAL_MS). */
  writeIntervalMs?: number;
  maxDevicesSeen?: number;
  now?: () => number;
}

/** The PrefsStore logic over any load/save pair. */
export class PrefsModel implements PrefsStore {
  private state: StoredPrefs;
  private readonly writeIntervalMs: number;
  private readonly maxDevicesSeen: number;
  private readonly now: () => number;
  private lastWriteAt = -Infinity;
  private pending: NodeJS.Timeout | undefined;
  /** Last-heard times newer than what was written. */
  private dirty = false;
  /**
   * Devices dropped for room during this run. More devices heard at once than the cap used to evict
   * and re-add devices on every advert (each looked new again), a write each time: they stay out.
   */
  private readonly evicted = new Set<string>();

  constructor(
    initial: StoredPrefs,
    private readonly save: (prefs: StoredPrefs) => void,
    readonly notices: readonly string[] = [],
    policy: PrefsWritePolicy = {},
  ) {
    this.state = initial;
    this.writeIntervalMs = policy.writeIntervalMs ?? DEVICES_SEEN_WRITE_INTERVAL_MS;
    this.maxDevicesSeen = policy.maxDevicesSeen ?? MAX_DEVICES_SEEN;
    this.now = policy.now ?? Date.now;
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
    this.write(); // the technician's own change goes to disk at once
    return this.read();
  }

  noteDevicesSeen(devices: SeenDevice[], siteName?: string): void {
    let devicesSeen = this.state.devicesSeen;
    let membershipChanged = false;
    for (const d of devices) {
      if (this.evicted.has(d.deviceId)) continue;
      const known = devicesSeen[d.deviceId];
      const site = siteName ?? known?.site;
      if (!known || known.name !== d.name || known.kind !== d.kind || known.site !== site) {
        if (!membershipChanged) devicesSeen = { ...devicesSeen };
        membershipChanged = true;
        devicesSeen[d.deviceId] = site === undefined ? d : { ...d, site };
      } else if (known.lastSeen < d.lastSeen) {
        known.lastSeen = d.lastSeen; // in memory only, see DEVICES_SEEN_WRITE_INTERVAL_MS
        this.dirty = true;
      }
    }
    const newSite = siteName !== undefined && !this.state.sitesSeen.includes(siteName);
    if (!membershipChanged && !newSite) return;
    if (membershipChanged) devicesSeen = this.capped(devicesSeen);
    this.state = {
      ...this.state,
      devicesSeen,
      sitesSeen: newSite ? [...this.state.sitesSeen, siteName].slice(-100) : this.state.sitesSeen,
    };
    this.scheduleWrite();
  }

  devicesSeen(): SeenDevice[] {
    return Object.values(this.state.devicesSeen).map((d) => ({ ...d }));
  }

  flush(): void {
    if (this.pending !== undefined || this.dirty) this.write();
  }

  private capped(devicesSeen: Record<string, SeenDevice>): Record<string, SeenDevice> {
    const all = Object.values(devicesSeen);
    if (all.length <= this.maxDevicesSeen) return devicesSeen;
    all.sort((a, b) => b.lastSeen - a.lastSeen);
    for (const d of all.slice(this.maxDevicesSeen)) this.evicted.add(d.deviceId);
    return Object.fromEntries(all.slice(0, this.maxDevicesSeen).map((d) => [d.deviceId, d]));
  }

  /** The first change in a quiet spell is written at once; later ones at the end of the interval. */
  private scheduleWrite(): void {
    if (this.pending !== undefined) return;
    const wait = this.lastWriteAt + this.writeIntervalMs - this.now();
    if (wait <= 0) {
      this.write();
      return;
    }
    this.pending = setTimeout(() => this.write(), wait);
    this.pending.unref();
  }

  private write(): void {
    clearTimeout(this.pending);
    this.pending = undefined;
    this.dirty = false;
    this.lastWriteAt = this.now();
    this.save(this.state);
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
