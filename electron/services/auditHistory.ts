/**
 * Device Details' audit history (issue 11, item 5): one page of an intercom's audit log, newest first,
 * read backward across the device's pages (core/pagedReads.ts) and put in people's words with the names
 * this computer knows: devices seen, its labels for shared users and codes.
 */
import { auditRow, type AuditNames, type AuditRow } from '../ipc/auditTable';
import type { IntercomSession } from '../core/deviceSession';
import type { AuditEntry } from '../protocol/messages';
import type { UserLabels } from '../invite/userLabels';
import type { PrefsStore } from './prefsStore';

/** Entries per screenful of history. */
export const HISTORY_PAGE_ENTRIES = 50;

export interface AuditHistoryPage {
  /** Newest first. */
  rows: AuditRow[];
  lastSeq: number;
  /** Pass as `beforeSeq` for the older page; absent at the start of the log. */
  next?: number;
  /** The raw entries, oldest first (for support's copy of audit logs read). */
  entries: AuditEntry[];
}

export async function readAuditHistory(session: IntercomSession, beforeSeq: number | undefined, prefs: PrefsStore, labels: UserLabels): Promise<AuditHistoryPage> {
  const read = await session.readAuditHistory(beforeSeq, HISTORY_PAGE_ENTRIES);
  const devices = Object.fromEntries(prefs.devicesSeen().map((d) => [d.deviceId, d.name]));
  const names = auditNames(session, read.entries, { devices, labels, codeLabels: prefs.codeLabels(session.info.deviceId) });
  const rows = read.entries.map((e) => auditRow(e, names)).reverse();
  return { rows, lastSeq: read.lastSeq, ...(read.next === undefined ? {} : { next: read.next }), entries: read.entries };
}

export interface NameSources {
  /** Device names by id (devices seen or heard). */
  devices: Record<string, string>;
  /** This computer's labels for shared users. */
  labels: UserLabels;
  /** This computer's labels for the intercom's codes, by code id. */
  codeLabels: Record<string, string>;
}

/** The names the entries refer to, as this computer knows them (the app and `fluss audit`). */
export function auditNames(session: IntercomSession, entries: readonly AuditEntry[], sources: NameSources): AuditNames {
  const deviceId = session.info.deviceId;
  const users: Record<string, string> = {};
  for (const entry of entries) {
    for (const id of [entry.actor, entry.detail.userId, entry.detail.ownerUserId]) {
      const label = typeof id === 'string' ? sources.labels.labelOf(deviceId, id) : undefined;
      if (typeof id === 'string' && label !== undefined) users[id] = label;
    }
  }
  return { devices: { ...sources.devices, [deviceId]: session.label }, users, codes: sources.codeLabels, me: session.identity };
}
