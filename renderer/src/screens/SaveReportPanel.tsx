import { useState } from 'react';
import type { SavedReport } from '@ipc/contract';
import type { ErrorData } from '@protocol/errors';
import { Busy, ErrorNotice } from '../components/ErrorNotice';
import { saveReport } from '../effects/report';
import { useStore } from '../store/store';

/**
 * At the end of a test-fire: the customer's record of it. Writes report.pdf and a signed report.json
 * (read back from the intercom) and says where; the technician's name comes from Preferences.
 */
export function SaveReportPanel({ deviceId, onDone }: { deviceId: string; /** Told when a save ends, saved or not (guided commissioning moves on). */ onDone?: (saved: boolean) => void }) {
  const appStatus = useStore((s) => s.appStatus);
  const technician = useStore((s) => s.prefs?.technicianName ?? '');
  const [site, setSite] = useState(appStatus.status === 'ready' ? (appStatus.value.siteName ?? '') : '');
  const [state, setState] = useState<{ status: 'idle' } | { status: 'saving' } | { status: 'saved'; report: SavedReport } | { status: 'failed'; error: ErrorData }>({ status: 'idle' });

  const save = async (e: React.SyntheticEvent) => {
    e.preventDefault();
    setState({ status: 'saving' });
    const result = await saveReport(deviceId, site);
    setState(result.ok ? { status: 'saved', report: result.value } : { status: 'failed', error: result.error });
    onDone?.(result.ok);
  };

  return (
    <section className="card narrow" aria-labelledby="report-title">
      <h2 id="report-title">Commissioning report</h2>
      <p className="muted">
        A PDF for the customer and a signed report.json, stating this test-fire and the settings read back from the intercom
        {technician ? `, by ${technician}` : ''}.
      </p>
      <form className="stack" onSubmit={(e) => void save(e)}>
        <label className="field">
          <span>Site name</span>
          <input value={site} maxLength={64} onChange={(e) => setSite(e.target.value)} />
        </label>
        <div>
          <button type="submit" className="primary" disabled={state.status === 'saving'}>
            Save report
          </button>
        </div>
      </form>
      {state.status === 'saving' ? <Busy label="Reading the intercom back and writing the report…" /> : null}
      {state.status === 'failed' ? <ErrorNotice error={state.error} title="The report was not saved." /> : null}
      {state.status === 'saved' ? (
        <div role="status">
          <p>Report saved in {state.report.folder}</p>
          <dl className="facts">
            <dt>PDF</dt>
            <dd>{state.report.pdf}</dd>
            <dt>Signed record</dt>
            <dd>{state.report.json}</dd>
            <dt>Signing key</dt>
            <dd>{state.report.fingerprint}</dd>
          </dl>
        </div>
      ) : null}
    </section>
  );
}
