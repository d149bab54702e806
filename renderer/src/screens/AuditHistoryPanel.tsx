import { useEffect } from 'react';
import { AUDIT_KIND_TITLES, AUDIT_KINDS, type AuditKind } from '@ipc/auditTable';
import { useStore } from '../store/store';
import { exportAuditCsv, loadAuditHistory, loadOlderAudit } from '../effects/audit';
import { Busy, ErrorNotice } from '../components/ErrorNotice';

/** The intercom's audit log, newest first, in people's words; the owner's only (the device says so too). */
export function AuditHistoryPanel({ deviceId, deviceName }: { deviceId: string; deviceName: string }) {
  const audit = useStore((s) => s.audit);
  const filter = useStore((s) => s.auditFilter);

  useEffect(() => {
    void loadAuditHistory(deviceId);
  }, [deviceId]);

  const ready = audit.status === 'ready' ? audit : null;
  const rows = ready ? (filter === 'all' ? ready.rows : ready.rows.filter((r) => r.kind === filter)) : [];
  const reading = ready?.reading;
  const fileName = `${deviceName.replace(/[^\p{L}\p{N}]+/gu, '-')}-audit.csv`;

  return (
    <section className="card" aria-labelledby="audit-title">
      <h2 id="audit-title">Audit history</h2>
      <div className="inline-form audit-tools">
        <label className="field">
          Show
          <select value={filter} onChange={(e) => useStore.setState({ auditFilter: e.target.value as AuditKind | 'all' })}>
            <option value="all">Everything</option>
            {AUDIT_KINDS.map((k) => (
              <option key={k} value={k}>
                {AUDIT_KIND_TITLES[k]}
              </option>
            ))}
          </select>
        </label>
        <button type="button" disabled={!ready || reading !== undefined} onClick={() => void exportAuditCsv(deviceId, fileName)}>
          Export CSV
        </button>
      </div>
      {audit.status === 'loading' ? <Busy label="Reading the audit log…" /> : null}
      {audit.status === 'failed' ? (
        <ErrorNotice error={audit.error} title="Could not read the audit log.">
          <button type="button" onClick={() => void loadAuditHistory(deviceId)}>
            Try again
          </button>
        </ErrorNotice>
      ) : null}
      {ready?.error ? <ErrorNotice error={ready.error} title="Could not read older entries." /> : null}
      {ready && rows.length === 0 ? <p className="muted">{filter === 'all' ? 'Nothing has happened on this intercom yet.' : `No ${AUDIT_KIND_TITLES[filter].toLowerCase()} entries in what is shown.`}</p> : null}
      {ready ? (
        // Its own scroll box: a log of a thousand entries must not make Device Details endless. Focusable, so
        // the keyboard can scroll it too.
        <ol className="events audit-list" aria-label="Audit history" tabIndex={0}>
          {rows.map((r) => (
            <li key={r.seq}>
              <time dateTime={new Date(r.at).toISOString()}>{formatWhen(r.at)}</time>
              <span>{r.text}</span>
            </li>
          ))}
        </ol>
      ) : null}
      {reading ? <Busy label={reading.purpose === 'export' ? `Reading the whole log for the export… ${reading.read} entries so far` : 'Reading older entries…'} /> : null}
      {ready?.next !== undefined && reading === undefined ? (
        <button type="button" className="secondary" onClick={() => void loadOlderAudit(deviceId)}>
          Show older
        </button>
      ) : null}
    </section>
  );
}

/** Today's entries by time, older ones with their date. */
function formatWhen(at: number): string {
  const when = new Date(at);
  return when.toDateString() === new Date().toDateString() ? when.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' }) : when.toLocaleString([], { dateStyle: 'short', timeStyle: 'short' });
}
