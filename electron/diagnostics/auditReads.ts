/**
 * The audit logs the app and the CLI have read, kept for the diagnostics bundle: each read is appended
 * as one JSON line to `audit-read.jsonl` in the logs folder (rolled over at a size limit). User ids are
 * replaced by pseudonyms (`user-1a2b3c4d`, the same for the same id) before anything is written: support
 * can follow one user through the log without the bundle naming anyone. Code digits are never in an
 * audit entry (the device logs code ids).
 */
import { createHash } from 'node:crypto';
import { appendFileSync, mkdirSync, renameSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import type { AuditEntry } from '../protocol/messages';

/** Detail fields that hold a user id. */
const USER_FIELDS = new Set(['actor', 'userId', 'user', 'by', 'createdBy', 'ownerUserId', 'owner']);
const SYSTEM_ACTORS = new Set(['keypad', 'device', 'system', 'setup', 'intercom', 'gate']);

export function pseudonym(userId: string): string {
  return `user-${createHash('sha256').update(`fluss-diagnostics:${userId}`).digest('hex').slice(0, 8)}`;
}

export function pseudonymiseEntry(entry: AuditEntry): AuditEntry {
  const swap = (value: string) => (SYSTEM_ACTORS.has(value) ? value : pseudonym(value));
  const detail = Object.fromEntries(Object.entries(entry.detail).map(([k, v]) => [k, USER_FIELDS.has(k) && typeof v === 'string' ? swap(v) : v]));
  return { ...entry, actor: swap(entry.actor), detail };
}

export interface AuditReadLog {
  record(deviceId: string, entries: readonly AuditEntry[]): void;
}

export function fileAuditReadLog(path: string, maxBytes = 1_000_000): AuditReadLog {
  return {
    record(deviceId, entries) {
      if (entries.length === 0) return;
      try {
        mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
        if (size(path) > maxBytes) renameSync(path, `${path}.1`);
        appendFileSync(path, `${JSON.stringify({ at: new Date().toISOString(), deviceId, entries: entries.map(pseudonymiseEntry) })}\n`, { mode: 0o600 });
      } catch {
        // Support's copy must never break the read it copies.
      }
    },
  };
}

function size(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}
