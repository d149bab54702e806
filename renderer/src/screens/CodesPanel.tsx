import { useEffect, useState } from 'react';
import { useStore } from '../store/store';
import { liveCodes, timeLeft } from '../store/codesSlice';
import { askRevoke, createCode, loadCodes, revokeCode } from '../effects/codes';
import { navigate } from '../effects/navigation';
import { NewCodeDialog } from './NewCodeDialog';
import { Busy, ErrorNotice } from '../components/ErrorNotice';
import { Modal } from '../components/Modal';

/** Active codes with time left (by the device's clock), create and revoke. */
export function CodesPanel({ deviceId }: { deviceId: string }) {
  const codes = useStore((s) => s.codes);
  const busy = useStore((s) => s.codesBusy);
  const error = useStore((s) => s.codesError);
  const revokeTarget = useStore((s) => s.revokeTarget);
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(t);
  }, []);

  const live = codes.status === 'ready' ? liveCodes(codes.value.codes) : [];
  const maxActive = codes.status === 'ready' ? codes.value.maxActive : undefined;
  const atLimit = maxActive !== undefined && live.length >= maxActive;
  return (
    <section className="card" aria-labelledby="codes-title">
      <div className="card-header">
        <h2 id="codes-title" tabIndex={-1}>
          Active codes
        </h2>
        {maxActive !== undefined ? (
          <span className="muted" aria-label={`${live.length} of ${maxActive} codes active`}>
            {live.length} of {maxActive} active
          </span>
        ) : null}
        {/* aria-disabled while busy or at the limit: a disabled button would drop its focus, and the
            new-code dialog could not give it back when it closes. */}
        <button
          type="button"
          aria-disabled={busy || atLimit || undefined}
          aria-describedby={atLimit ? 'codes-limit' : undefined}
          onClick={() => (busy || atLimit ? undefined : void createCode(deviceId))}
        >
          {busy ? 'Working…' : 'Create code'}
        </button>
      </div>
      {atLimit ? (
        <p id="codes-limit" className="muted">
          All {maxActive} codes allowed by Max Users are active. Revoke one, or{' '}
          <button type="button" className="link-button" onClick={() => navigate({ screen: 'settings', deviceId })}>
            change Max Users in One Time Access Settings
          </button>
          .
        </p>
      ) : null}
      {codes.status === 'loading' ? <Busy label="Reading codes…" /> : null}
      {codes.status === 'failed' ? (
        <ErrorNotice error={codes.error}>
          <button type="button" onClick={() => void loadCodes(deviceId)}>
            Try again
          </button>
        </ErrorNotice>
      ) : null}
      {error ? <ErrorNotice error={error} /> : null}
      {codes.status === 'ready' && live.length === 0 ? <p className="muted">No active codes. Create one to let a guest in.</p> : null}
      {codes.status === 'ready' && live.length > 0 ? (
        <ul className="codes" aria-label="Active codes">
          {live.map((c) => (
            <li key={c.codeId}>
              <span className="code-id">Code {c.codeId}</span>
              {codes.value.labels[c.codeId] ? <span className="code-label">{codes.value.labels[c.codeId]}</span> : null}
              <span className="badge">{c.state === 'entered' ? 'Entered, exit pending' : 'Active'}</span>
              <span>{timeLeft(c.expiresAt, codes.value, now)}</span>
              <span className="muted">by {c.createdBy}</span>
              <button type="button" className="secondary" aria-label={`Revoke code ${c.codeId}`} disabled={busy} onClick={() => askRevoke(c.codeId)}>
                Revoke
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      <NewCodeDialog deviceId={deviceId} />
      {revokeTarget ? (
        <Modal
          title="Revoke this code?"
          role="alertdialog"
          onClose={() => (busy ? undefined : askRevoke(null))}
          description={`Code ${revokeTarget} stops working immediately: the guest can no longer enter or exit with it.`}
          // The revoked code's Revoke button is gone by the time this closes: land on the list's heading.
          returnFocus={() => document.getElementById('codes-title')}
        >
          <div className="modal-actions">
            <button type="button" className="danger" aria-disabled={busy || undefined} onClick={() => (busy ? undefined : void revokeCode(deviceId, revokeTarget))}>
              {busy ? 'Revoking…' : 'Revoke code'}
            </button>
            <button type="button" className="secondary" data-autofocus aria-disabled={busy || undefined} onClick={() => (busy ? undefined : askRevoke(null))}>
              Keep code
            </button>
          </div>
        </Modal>
      ) : null}
    </section>
  );
}
