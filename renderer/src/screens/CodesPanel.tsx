import { useEffect, useState } from 'react';
import { useStore } from '../store/store';
import { liveCodes, timeLeft } from '../store/codesSlice';
import { askRevoke, createCode, dismissNewCode, loadCodes, revokeCode } from '../effects/codes';
import { Busy, ErrorNotice } from '../components/ErrorNotice';
import { Modal } from '../components/Modal';

function NewCodeDialog() {
  const newCode = useStore((s) => s.newCode);
  const [copied, setCopied] = useState<'no' | 'yes' | 'failed'>('no');
  if (!newCode) return null;
  const copy = () => {
    navigator.clipboard.writeText(newCode.digits).then(
      () => setCopied('yes'),
      () => setCopied('failed'),
    );
  };
  return (
    <Modal
      title="New one-time code"
      onClose={dismissNewCode}
      description="This code is shown only once. Give it to your guest now: it works for one entry and one exit."
    >
      {/* role img: a paragraph may not carry a label (axe aria-prohibited-attr); read digit by digit. */}
      <p className="code-digits" role="img" aria-label={`Code ${newCode.digits.split('').join(' ')}`}>
        {newCode.digits}
      </p>
      <p className="muted">Expires {new Date(newCode.code.expiresAt).toLocaleString()}.</p>
      <p role="status" className="muted">
        {copied === 'yes' ? 'Copied to the clipboard.' : copied === 'failed' ? 'Could not copy: select the digits and copy them by hand.' : ''}
      </p>
      <div className="modal-actions">
        <button type="button" onClick={copy} data-autofocus>
          Copy
        </button>
        <button type="button" className="secondary" onClick={dismissNewCode}>
          Done
        </button>
      </div>
    </Modal>
  );
}

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
  return (
    <section className="card" aria-labelledby="codes-title">
      <div className="card-header">
        <h2 id="codes-title" tabIndex={-1}>
          Active codes
        </h2>
        {/* aria-disabled while busy: a disabled button would drop its focus, and the new-code dialog
            could not give it back when it closes. */}
        <button type="button" aria-disabled={busy || undefined} onClick={() => (busy ? undefined : void createCode(deviceId))}>
          {busy ? 'Working…' : 'Create code'}
        </button>
      </div>
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
      <NewCodeDialog />
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
