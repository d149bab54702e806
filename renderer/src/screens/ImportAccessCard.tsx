/**
 * "Import access" (issue 11, item 6): the shared user's side of an invite. The file is read in the page
 * and its text, with the passphrase, goes to main, which opens it and files the key with the device's
 * identity pinned. Nothing is kept when it does not open.
 */
import { useState } from 'react';
import { call } from '../api';
import type { ErrorData } from '@protocol/errors';
import { ErrorNotice } from '../components/ErrorNotice';

const MAX_INVITE_BYTES = 16 * 1024;

export function ImportAccessCard() {
  const [file, setFile] = useState<File | null>(null);
  const [passphrase, setPassphrase] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ErrorData | null>(null);
  const [done, setDone] = useState<string | null>(null);

  const submit = async (replaceExisting: boolean) => {
    if (!file) return;
    setDone(null);
    if (file.size > MAX_INVITE_BYTES) {
      setError({ code: 'INVALID_VALUE', message: `${file.name} is not a Fluss+ invite: it is far too large.`, hint: 'Choose the invite file the owner gave you.' });
      return;
    }
    setBusy(true);
    setError(null);
    const result = await call('access.import', { inviteText: await file.text(), passphrase, replaceExisting });
    setBusy(false);
    if (result.ok) {
      setDone(`You can now create and revoke codes on ${result.value.deviceName} as a shared user.`);
      setPassphrase('');
    } else setError(result.error);
  };

  return (
    <section className="card" aria-labelledby="import-access-title">
      <h2 id="import-access-title">Import access</h2>
      <p className="muted">An owner who shared an intercom with you gave you an invite file and a passphrase.</p>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void submit(false);
        }}
      >
        <label className="field">
          <span>Invite file</span>
          <input type="file" accept=".json,application/json" onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
        </label>
        <label className="field">
          <span>Passphrase</span>
          <input value={passphrase} onChange={(e) => setPassphrase(e.target.value)} autoComplete="off" spellCheck={false} />
        </label>
        <button type="submit" disabled={busy || !file || passphrase.trim() === ''}>
          {busy ? 'Importing…' : 'Import access'}
        </button>
      </form>
      {done ? <p role="status">{done}</p> : null}
      {error ? (
        <ErrorNotice error={error}>
          {error.code === 'CREDENTIAL_EXISTS' ? (
            <button type="button" className="secondary" onClick={() => void submit(true)}>
              Replace the key (the old one is kept)
            </button>
          ) : null}
        </ErrorNotice>
      ) : null}
    </section>
  );
}
