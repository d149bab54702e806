import { useState } from 'react';
import { call } from '../api';
import { useStore } from '../store/store';
import { setShowOthers } from '../effects/scan';
import { ErrorNotice } from '../components/ErrorNotice';
import { SupportCard } from './SupportCard';
import { ImportAccessCard } from './ImportAccessCard';
import type { ErrorData } from '@protocol/errors';

/** Preferences: technician name, unrelated advertisers, and what the app is connected to. */
export function PrefsScreen() {
  const prefs = useStore((s) => s.prefs);
  const showOthers = useStore((s) => s.showOthers);
  const appStatus = useStore((s) => s.appStatus);
  const [name, setName] = useState(prefs?.technicianName ?? '');
  const [error, setError] = useState<ErrorData | null>(null);
  const [saved, setSaved] = useState(false);

  const save = async (e: React.SyntheticEvent) => {
    e.preventDefault();
    const result = await call('prefs.set', { technicianName: name.trim() });
    setError(result.ok ? null : result.error);
    setSaved(result.ok);
    if (result.ok) useStore.setState({ prefs: result.value });
  };

  return (
    <section className="screen" aria-labelledby="prefs-title">
      <header className="screen-header">
        <h1 id="prefs-title">Preferences</h1>
      </header>
      <div className="card narrow">
        <form className="stack" onSubmit={(e) => void save(e)}>
          <label className="field">
            <span>Technician name</span>
            <input value={name} maxLength={64} onChange={(e) => { setName(e.target.value); setSaved(false); }} />
          </label>
          <div>
            <button type="submit">Save name</button> <span role="status">{saved ? 'Saved.' : ''}</span>
          </div>
        </form>
        {error ? <ErrorNotice error={error} /> : null}
        <label className="check">
          <input type="checkbox" checked={showOthers} onChange={(e) => void setShowOthers(e.target.checked)} />
          Show other Bluetooth devices in the Devices list
        </label>
      </div>
      <SupportCard />
      <ImportAccessCard />
      <div className="card narrow">
        <h2>About</h2>
        {appStatus.status === 'ready' ? (
          <dl className="facts">
            <dt>Version</dt>
            <dd>{appStatus.value.version}</dd>
            <dt>Bluetooth</dt>
            <dd>{appStatus.value.simulated ? `Simulated site (${appStatus.value.siteName ?? 'built-in'})` : appStatus.value.transport}</dd>
          </dl>
        ) : (
          <p className="muted">Reading app status…</p>
        )}
      </div>
    </section>
  );
}
