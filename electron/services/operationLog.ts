/**
 * The operations log support staff read: one JSON line per call into the services (which operation,
 * which device, how long, the outcome and the error's code and message). It records no payloads and no
 * results, so code digits, setup keys and user keys can never reach it; error messages are written for
 * technicians and never carry them either. The file rolls over to `.1` at a size limit.
 */
import { appendFileSync, mkdirSync, renameSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import type { IpcResult } from '../ipc/contract';

export interface OperationRecord {
  at: string;
  channel: string;
  deviceId?: string;
  ms: number;
  ok: boolean;
  code?: string;
  message?: string;
  /** For a read-again after an event gap (eventResync.ts): how many events the device sent that never arrived. */
  missed?: number;
}

export interface OperationLog {
  record(entry: OperationRecord): void;
}

const DEFAULT_MAX_BYTES = 1_000_000;

export function fileOperationLog(path: string, maxBytes = DEFAULT_MAX_BYTES): OperationLog {
  mkdirSync(dirname(path), { recursive: true });
  return {
    record(entry) {
      try {
        if (statSafe(path) > maxBytes) renameSync(path, `${path}.1`);
        appendFileSync(path, `${JSON.stringify(entry)}\n`, { mode: 0o600 });
      } catch {
        // A log that cannot be written must never break the operation it describes.
      }
    },
  };
}

/** The record of one call: only the channel, the device id and the outcome are taken from it. */
export function describeCall(channel: unknown, payload: unknown, result: IpcResult<unknown>, ms: number, at: Date): OperationRecord {
  const deviceId: unknown = typeof payload === 'object' && payload !== null && 'deviceId' in payload ? payload.deviceId : undefined;
  return {
    at: at.toISOString(),
    channel: String(channel).slice(0, 40),
    ...(typeof deviceId === 'string' && /^[0-9a-f]{12}$/.test(deviceId) ? { deviceId } : {}),
    ms: Math.round(ms),
    ok: result.ok,
    ...(result.ok ? {} : { code: result.error.code, message: result.error.message }),
  };
}

function statSafe(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}
