/**
 * Device Details' audit history: the newest page on opening, older pages on demand, every page for Export
 * CSV, and live events added on top as they happen, all in people's words (@ipc/auditTable).
 */
import { auditCsv, auditRow, type AuditNames, type AuditRow } from '@ipc/auditTable';
import type { DeviceEvent } from '@protocol/messages';
import { call } from '../api';
import { useStore } from '../store/store';
import { downloadText } from './download';

/** Export CSV reads at most this many pages (an intercom keeps about 1,200 entries: 24 pages of 50). */
const EXPORT_MAX_PAGES = 40;

export async function loadAuditHistory(deviceId: string): Promise<void> {
  useStore.setState({ audit: { status: 'loading' } });
  const result = await call('audit.read', { deviceId });
  useStore.setState({
    audit: result.ok ? { status: 'ready', deviceId, rows: result.value.rows, ...(result.value.next === undefined ? {} : { next: result.value.next }) } : { status: 'failed', error: result.error },
  });
}

/** Reads the next older page; true when there may be more. */
async function readOlder(deviceId: string, purpose: 'older' | 'export'): Promise<boolean> {
  const audit = useStore.getState().audit;
  if (audit.status !== 'ready' || audit.deviceId !== deviceId || audit.next === undefined) return false;
  useStore.setState({ audit: { ...audit, reading: { purpose, read: audit.rows.length } } });
  const result = await call('audit.read', { deviceId, beforeSeq: audit.next });
  const now = useStore.getState().audit;
  if (now.status !== 'ready' || now.deviceId !== deviceId) return false;
  if (!result.ok) {
    useStore.setState({ audit: { status: 'ready', deviceId, rows: now.rows, next: audit.next, error: result.error } });
    return false;
  }
  const { next } = result.value;
  useStore.setState({ audit: { status: 'ready', deviceId, rows: [...now.rows, ...result.value.rows], ...(next === undefined ? {} : { next }) } });
  return next !== undefined;
}

export async function loadOlderAudit(deviceId: string): Promise<void> {
  await readOlder(deviceId, 'older');
}

/** Reads every older page, then saves the whole history (the filter applied) as CSV. */
export async function exportAuditCsv(deviceId: string, fileName: string): Promise<void> {
  let pages = 0;
  while (pages < EXPORT_MAX_PAGES && (await readOlder(deviceId, 'export'))) pages += 1;
  const audit = useStore.getState().audit;
  if (audit.status !== 'ready' || audit.error !== undefined) return;
  const filter = useStore.getState().auditFilter;
  downloadText(fileName, auditCsv(filter === 'all' ? audit.rows : audit.rows.filter((r) => r.kind === filter)));
}

/** The names the store knows: devices heard, the owner's labels for users and codes, who I am. */
export function namesFromStore(): AuditNames {
  const s = useStore.getState();
  const devices: Record<string, string> = {};
  for (const d of s.devices) if (d.deviceId !== undefined) devices[d.deviceId] = d.name;
  const users: Record<string, string> = {};
  if (s.users.status === 'ready') for (const u of s.users.value) if (u.label !== undefined) users[u.userId] = u.label;
  const codes = s.codes.status === 'ready' ? s.codes.value.labels : {};
  const me = s.session.status === 'open' ? s.session.view.userId : undefined;
  if (s.session.status === 'open') devices[s.session.deviceId] = s.session.view.info.name;
  return { devices, users, codes, ...(me === undefined ? {} : { me }) };
}

/**
 * Live events of the intercom whose history is shown join it by seq, newest first: new ones on top, and
 * entries read again after an event gap (older than the event that revealed the gap) in their place.
 */
export function addLiveAudit(deviceId: string, events: readonly DeviceEvent[]): void {
  const audit = useStore.getState().audit;
  if (audit.status !== 'ready' || audit.deviceId !== deviceId) return;
  const shown = new Set(audit.rows.map((r) => r.seq));
  const names = namesFromStore();
  const fresh: AuditRow[] = events.filter((e) => !shown.has(e.seq)).map((e) => auditRow(e, names));
  if (fresh.length > 0) useStore.setState({ audit: { ...audit, rows: [...fresh, ...audit.rows].sort((a, b) => b.seq - a.seq) } });
}

export function clearAudit(): void {
  useStore.setState({ audit: { status: 'idle' }, auditFilter: 'all' });
}
