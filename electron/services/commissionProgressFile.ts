/**
 * Guided commissioning's progress on disk: a validated JSON file beside the preferences (the app) or in
 * the CLI's data folder. Written after every step, so a restart (or a crash) resumes at the step that
 * had not finished. An unreadable file is set aside: the flows start over, which is safe, since every
 * step can be done twice (a claim already made is recognised, settings are saved again).
 *
 * The app and `fluss commission` may hold the same file at once (they resume each other's work), so
 * every read goes to the file, and a save writes this flow over what the file holds now, under the file's
 * lock (storage/fileLock.ts), never over another process's flows with an old copy.
 */
import { join } from 'node:path';
import { commissionProgressFileSchema, commissionProgressSchema, type CommissionProgress, type CommissionProgressStore } from '../core/commissionProgress';
import { withFileLock } from '../storage/fileLock';
import { PlainJsonFile } from '../storage/plainJsonFile';

export class CommissionProgressFile implements CommissionProgressStore {
  private readonly file: PlainJsonFile;
  notice: string | undefined;

  constructor(path: string) {
    this.file = new PlainJsonFile(path);
    this.read();
  }

  /** What the file holds now; an unreadable file is set aside once and said in `notice`. */
  private read(): Map<string, CommissionProgress> {
    const loaded = this.file.load((plain) => commissionProgressFileSchema.parse(plain));
    if (loaded.status === 'set-aside') this.notice = `The commissioning progress file was unreadable (${loaded.reason}); it was set aside at ${loaded.setAsidePath} and flows start from the beginning.`;
    return new Map(loaded.status === 'loaded' ? Object.entries(loaded.value.intercoms) : []);
  }

  get(deviceId: string): CommissionProgress | undefined {
    return this.read().get(deviceId);
  }

  /** @throws FlussError IO_ERROR when the file cannot be written (the step itself is done on the device). */
  save(deviceId: string, progress: CommissionProgress): void {
    const checked = commissionProgressSchema.parse(progress);
    // Read, change and write under the file's lock: two processes saving at once both keep their step.
    withFileLock(this.file.path, () => {
      const flows = this.read();
      flows.set(deviceId, checked);
      this.file.save({ version: 1, intercoms: Object.fromEntries(flows) });
    });
  }

  all(): Record<string, CommissionProgress> {
    return Object.fromEntries(this.read());
  }
}

/**
 * Where the app keeps commissioning progress: beside the simulator's state file for a simulated site
 * (as `fluss --sim --sim-state <file> commission` does), else `commissioning.json` in the data folder
 * (as `fluss commission` does), so each resumes what the other started.
 */
export function commissionProgressPath(dataDir: string, simStatePath: string | undefined): string {
  return simStatePath === undefined ? join(dataDir, 'commissioning.json') : `${simStatePath}.commissioning.json`;
}
