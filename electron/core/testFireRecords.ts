/**
 * A small local record of each intercom's last test-fire (issue 11, item 1): what the Site overview and
 * `fluss site status` show as "Last test-fire". It keeps the outcome, the time and the failed step's
 * label only: never the test code's digits or any key. The store behind it is a validated JSON file
 * (services/testFireRecordFile.ts); the core sees only this interface.
 */
import { z } from 'zod';
import type { TestFireReport } from './testFire';

export const testFireRecordSchema = z.strictObject({
  passed: z.boolean(),
  /** When the test-fire ended (ISO 8601). */
  at: z.iso.datetime(),
  totalMs: z.number().int().nonnegative(),
  /** The label of the step that failed ("Entry gate opened"), when one did. */
  failedStep: z.string().max(80).optional(),
});
export type TestFireRecord = z.infer<typeof testFireRecordSchema>;

export const testFireRecordsSchema = z.strictObject({
  version: z.literal(1),
  intercoms: z.record(z.string().regex(/^[0-9a-f]{12}$/), testFireRecordSchema),
});

export interface TestFireRecordStore {
  /** The intercom's last recorded test-fire, if any. */
  get(deviceId: string): TestFireRecord | undefined;
  /** Records a finished test-fire (replacing the older one). */
  record(deviceId: string, report: TestFireReport, endedAt: Date): void;
}

/** What is kept of a finished test-fire: outcome, time and the failed step's label (never a detail, which may hold digits). */
export function recordOf(report: TestFireReport, endedAt: Date): TestFireRecord {
  const failed = report.steps.find((s) => s.status === 'failed');
  return {
    passed: report.passed,
    at: endedAt.toISOString(),
    totalMs: Math.max(0, Math.round(report.totalMs)),
    ...(failed ? { failedStep: failed.label.slice(0, 80) } : {}),
  };
}

/** An in-memory store (tests, and a fallback when the file cannot be written). */
export function memoryTestFireRecords(): TestFireRecordStore {
  const records = new Map<string, TestFireRecord>();
  return {
    get: (deviceId) => records.get(deviceId),
    record: (deviceId, report, endedAt) => records.set(deviceId, recordOf(report, endedAt)),
  };
}
