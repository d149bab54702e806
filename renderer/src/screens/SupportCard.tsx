import { useEffect, useState } from 'react';
import type { ErrorData } from '@protocol/errors';
import { Busy, ErrorNotice } from '../components/ErrorNotice';
import { readSigningKey, saveDiagnostics } from '../effects/report';

/**
 * Preferences, for reports and support: the fingerprint of this installation's report-signing key (a
 * customer compares it with the one printed on a report) and "Save diagnostics" (a zip for support).
 */
export function SupportCard() {
  const [fingerprint, setFingerprint] = useState<{ status: 'reading' } | { status: 'ready'; value: string } | { status: 'failed'; error: ErrorData }>({ status: 'reading' });
  const [diagnostics, setDiagnostics] = useState<{ status: 'idle' } | { status: 'saving' } | { status: 'saved'; path: string } | { status: 'failed'; error: ErrorData }>({ status: 'idle' });

  useEffect(() => {
    let live = true;
    void readSigningKey().then((result) => {
      if (live) setFingerprint(result.ok ? { status: 'ready', value: result.value.fingerprint } : { status: 'failed', error: result.error });
    });
    return () => {
      live = false;
    };
  }, []);

  const save = async () => {
    setDiagnostics({ status: 'saving' });
    const result = await saveDiagnostics();
    setDiagnostics(result.ok ? { status: 'saved', path: result.value.path } : { status: 'failed', error: result.error });
  };

  return (
    <div className="card narrow">
      <h2>Reports and support</h2>
      <dl className="facts">
        <dt>Report signing key</dt>
        <dd>{fingerprint.status === 'ready' ? <code aria-label="Report signing key fingerprint">{fingerprint.value}</code> : fingerprint.status === 'reading' ? 'Reading…' : 'Unavailable'}</dd>
      </dl>
      <p className="muted">Reports you save are signed with this key. A customer can check a report with <code>fluss report verify report.json</code> and compare this fingerprint.</p>
      {fingerprint.status === 'failed' ? <ErrorNotice error={fingerprint.error} title="The signing key could not be read." /> : null}
      <div>
        <button type="button" disabled={diagnostics.status === 'saving'} onClick={() => void save()}>
          Save diagnostics
        </button>
      </div>
      <p className="muted">A zip for support: the operations log, Bluetooth traces of recent sessions, audit logs read and the Bluetooth checks. It holds no code digits or keys.</p>
      {diagnostics.status === 'saving' ? <Busy label="Gathering logs and traces…" /> : null}
      {diagnostics.status === 'saved' ? <p role="status">Diagnostics saved: {diagnostics.path}</p> : null}
      {diagnostics.status === 'failed' ? <ErrorNotice error={diagnostics.error} title="Diagnostics were not saved." /> : null}
    </div>
  );
}
