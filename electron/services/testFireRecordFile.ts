/**
 * The test-fire record on disk: a validated JSON file beside the preferences (the app) or in the CLI's
 * data folder. An unreadable file is set aside and the record starts empty (the notice says so); a
 * write that fails is reported once and never stops the test-fire that produced it.
 */
import { withFileLock } from '../storage/fileLock';
import { PlainJsonFile } from '../storage/plainJsonFile';
import { recordOf, testFireRecordsSchema, type TestFireRecord, type TestFireRecordStore } from '../core/testFireRecords';
import { toFlussError } from '../protocol/errors';

export class TestFireRecordFile implements TestFireRecordStore {
  private readonly file: PlainJsonFile;
  private readonly records = new Map<string, TestFireRecord>();
  /** Something the person should be told: the file was unreadable and set aside, or could not be written. */
  notice: string | undefined;

  constructor(path: string) {
    this.file = new PlainJsonFile(path);
    const loaded = this.file.load((plain) => testFireRecordsSchema.parse(plain));
    if (loaded.status === 'loaded') for (const [id, record] of Object.entries(loaded.value.intercoms)) this.records.set(id, record);
    if (loaded.status === 'set-aside') this.notice = `The test-fire record was unreadable (${loaded.reason}); it was set aside at ${loaded.setAsidePath} and starts empty.`;
  }

  get(deviceId: string): TestFireRecord | undefined {
    return this.records.get(deviceId);
  }

  record(deviceId: string, report: Parameters<TestFireRecordStore['record']>[1], endedAt: Date): void {
    this.records.set(deviceId, recordOf(report, endedAt));
    try {
      // Under the file's lock, over what the file holds now: the app and the CLI may record at once, and
      // neither may undo the other's record with an old copy.
      withFileLock(this.file.path, () => {
        const onDisk = this.file.load((plain) => testFireRecordsSchema.parse(plain));
        const merged = { ...(onDisk.status === 'loaded' ? onDisk.value.intercoms : {}), [deviceId]: this.records.get(deviceId) };
        for (const [id, record] of Object.entries(merged)) if (record) this.records.set(id, record);
        this.file.save({ version: 1, intercoms: Object.fromEntries(this.records) });
      });
    } catch (error) {
      this.notice = `${toFlussError(error).message} The last test-fire is shown until the app closes but not kept.`;
    }
  }
}
