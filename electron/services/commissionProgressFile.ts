/**
 * Guided commissioning's progress on disk: a validated JSON file beside the preferences (the app) or in
 * the CLI's data folder. Written after every step, so a restart (or a crash) resumes at the step that
 * had not finished. An unreadable file is set aside: the flows start over, which is safe, since every
 * step can be done twice (a claim already made is recognised, settings are saved again).
 */
import { commissionProgressFileSchema, commissionProgressSchema, type CommissionProgress, type CommissionProgressStore } from '../core/commissionProgress';
import { PlainJsonFile } from '../storage/plainJsonFile';

export class CommissionProgressFile implements CommissionProgressStore {
  private readonly file: PlainJsonFile;
  private readonly flows = new Map<string, CommissionProgress>();
  notice: string | undefined;

  constructor(path: string) {
    this.file = new PlainJsonFile(path);
    const loaded = this.file.load((plain) => commissionProgressFileSchema.parse(plain));
    if (loaded.status === 'loaded') for (const [id, flow] of Object.entries(loaded.value.intercoms)) this.flows.set(id, flow);
    if (loaded.status === 'set-aside') this.notice = `The commissioning progress file was unreadable (${loaded.reason}); it was set aside at ${loaded.setAsidePath} and flows start from the beginning.`;
  }

  get(deviceId: string): CommissionProgress | undefined {
    return this.flows.get(deviceId);
  }

  /** @throws FlussError IO_ERROR when the file cannot be written (the step itself is done on the device). */
  save(deviceId: string, progress: CommissionProgress): void {
    this.flows.set(deviceId, commissionProgressSchema.parse(progress));
    this.file.save({ version: 1, intercoms: Object.fromEntries(this.flows) });
  }

  all(): Record<string, CommissionProgress> {
    return Object.fromEntries(this.flows);
  }
}
