/**
 * One simulated site, many processes (issue 8, item 6). The browser host, `fluss sim serve` and each CLI
 * run may hold the same state file. Every device in it carries a revision; this process remembers the
 * revision each of its devices reflects (`known`) and which devices it changed since (`dirty`).
 *
 * - Before a device acts, `newerInFile` looks at the file's plain part (no unsealing, no lock): if
 *   another process wrote a newer revision, the site re-reads the file and restores that device.
 * - A write takes the file's lock, re-reads the file, and writes only this process's changed devices
 *   over what the file holds now (each with its revision + 1), keeping every other device as another
 *   process left it. So a CLI change survives the host's next save and `sim serve` stopping.
 * The clock offset only moves forward: the larger of the file's and this process's wins.
 */
import type { PersistedDevice } from '../firmware/types';
import { withFileLock } from '../storage/fileLock';
import { readRevisions, type SimStateFile, type SimStateNotice } from './simState';

export interface SyncResult {
  /** Devices another process changed since this one last saw them: restore these. */
  newer: Map<string, PersistedDevice>;
  /** The clock offset in the file after the operation. */
  clockOffsetMs: number;
}

export class SiteSync {
  private readonly known = new Map<string, number>();
  private readonly dirty = new Set<string>();

  constructor(private readonly file: SimStateFile) {}

  /** The first read, when the site opens. */
  load(): { devices: Map<string, PersistedDevice>; clockOffsetMs: number; notice?: SimStateNotice } {
    const { data, notice } = this.file.load();
    for (const [id, revision] of data.revisions) this.known.set(id, revision);
    return { devices: data.devices, clockOffsetMs: data.clockOffsetMs, ...(notice ? { notice } : {}) };
  }

  /** This process changed `deviceId` (or created it): the next write carries it. */
  markDirty(deviceId: string): void {
    this.dirty.add(deviceId);
  }

  /** Whether another process wrote a device or moved the clock since this process last looked. */
  newerInFile(clockOffsetMs: number): boolean {
    if (!this.file.shared) return false;
    const seen = readRevisions(this.file.path);
    if (!seen) return false;
    if (seen.clockOffsetMs > clockOffsetMs) return true;
    for (const [id, revision] of seen.revisions) {
      if (!this.dirty.has(id) && revision > (this.known.get(id) ?? -1)) return true;
    }
    return false;
  }

  /** Re-reads the file under its lock and hands back what changed elsewhere; writes nothing. */
  refresh(clockOffsetMs: number): SyncResult {
    return this.locked(() => {
      const { data } = this.file.load();
      return { newer: this.takeNewer(data.devices, data.revisions), clockOffsetMs: Math.max(clockOffsetMs, data.clockOffsetMs) };
    });
  }

  /**
   * Writes this process's changed devices (snapshots from `snapshotOf`) and its clock into the file as
   * it is now, under the lock; hands back the devices another process changed meanwhile.
   */
  persist(snapshotOf: (deviceId: string) => PersistedDevice | undefined, clockOffsetMs: number): SyncResult {
    return this.locked(() => {
      const { data } = this.file.load();
      const newer = this.takeNewer(data.devices, data.revisions);
      const clock = Math.max(clockOffsetMs, data.clockOffsetMs);
      if (this.dirty.size === 0 && clock === data.clockOffsetMs && this.fileExists()) return { newer, clockOffsetMs: clock };
      for (const id of this.dirty) {
        const snapshot = snapshotOf(id);
        if (!snapshot) continue;
        // Both processes changed this device (a request raced another process's write): this write wins.
        const revision = Math.max(data.revisions.get(id) ?? 0, this.known.get(id) ?? 0) + 1;
        data.devices.set(id, snapshot);
        data.revisions.set(id, revision);
        this.known.set(id, revision);
      }
      this.dirty.clear();
      this.file.save({ clockOffsetMs: clock, devices: data.devices, revisions: data.revisions });
      return { newer, clockOffsetMs: clock };
    });
  }

  private takeNewer(devices: Map<string, PersistedDevice>, revisions: Map<string, number>): Map<string, PersistedDevice> {
    const newer = new Map<string, PersistedDevice>();
    for (const [id, revision] of revisions) {
      const device = devices.get(id);
      if (!device || this.dirty.has(id) || revision <= (this.known.get(id) ?? -1)) continue;
      newer.set(id, device);
      this.known.set(id, revision);
    }
    return newer;
  }

  private fileExists(): boolean {
    return readRevisions(this.file.path) !== undefined;
  }

  private locked<T>(work: () => T): T {
    return this.file.shared ? withFileLock(this.file.path, work) : work();
  }
}
