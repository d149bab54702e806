/**
 * "Import access" (issue 11, item 6): the shared user's side of an invite. The invite comes as its file or
 * as a picture of its QR code (chosen, or pasted); either way its text goes to main, which checks it with
 * the invite schema and says what it is for (`access.inspect`) before the passphrase is asked. With the
 * passphrase, main opens it and files the key with the device's identity pinned (`access.import`).
 * Nothing is kept when it does not open.
 */
import { useRef, useState } from 'react';
import { call } from '../api';
import type { ErrorData } from '@protocol/errors';
import type { ResultOf } from '@ipc/contract';
import { Busy, ErrorNotice } from '../components/ErrorNotice';
import { readQrPicture } from '../qr/readQrPicture';

const MAX_INVITE_BYTES = 16 * 1024;

type Source = 'file' | 'qr';
interface ChosenInvite {
  text: string;
  source: Source;
  summary: ResultOf<'access.inspect'>;
}

export function ImportAccessCard() {
  const [chosen, setChosen] = useState<ChosenInvite | null>(null);
  const [reading, setReading] = useState<string | null>(null);
  const [passphrase, setPassphrase] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ErrorData | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const qrInput = useRef<HTMLInputElement>(null);
  /** Counts choices, so a slow read of an earlier choice cannot replace a later one. */
  const choice = useRef(0);

  /** Reads the chosen invite's text and asks main what it is; the other way of choosing is cleared. */
  const choose = async (source: Source, read: () => Promise<{ ok: true; text: string } | { ok: false; error: ErrorData }>) => {
    const other = source === 'file' ? qrInput.current : fileInput.current;
    if (other) other.value = '';
    setChosen(null);
    setDone(null);
    setError(null);
    setReading(source === 'qr' ? 'Reading the QR code…' : 'Reading the invite file…');
    const mine = ++choice.current;
    const text = await read().catch((): { ok: false; error: ErrorData } => ({
      ok: false,
      error: { code: 'INTERNAL', message: 'This invite could not be read here.', hint: 'Try again; if it keeps failing, import the invite file instead.' },
    }));
    const inspected = text.ok ? await call('access.inspect', { inviteText: text.text, source }) : text;
    if (mine !== choice.current) return;
    setReading(null);
    if (!inspected.ok) setError(inspected.error);
    else if (text.ok) setChosen({ text: text.text, source, summary: inspected.value });
  };

  const chooseFile = (file: File | undefined) => {
    if (!file) return;
    void choose('file', async () =>
      file.size > MAX_INVITE_BYTES
        ? { ok: false, error: { code: 'INVALID_VALUE', message: `${file.name} is not a Fluss+ invite: it is far too large.`, hint: 'Choose the invite file the owner gave you.' } }
        : { ok: true, text: await file.text() },
    );
  };
  const choosePicture = (picture: Blob | undefined) => {
    if (picture) void choose('qr', () => readQrPicture(picture));
  };

  /** A picture pasted anywhere in the card (Ctrl+V) is read as the QR code; pasted text is left alone. */
  const onPaste = (e: React.ClipboardEvent) => {
    const picture = Array.from(e.clipboardData.items).find((item) => item.kind === 'file' && item.type.startsWith('image/'));
    if (!picture) return;
    e.preventDefault();
    choosePicture(picture.getAsFile() ?? undefined);
  };

  const submit = async (replaceExisting: boolean) => {
    if (!chosen) return;
    setDone(null);
    setBusy(true);
    setError(null);
    const result = await call('access.import', { inviteText: chosen.text, passphrase, replaceExisting });
    setBusy(false);
    if (result.ok) {
      setDone(`You can now create and revoke codes on ${result.value.deviceName} as a shared user.`);
      setPassphrase('');
      setChosen(null);
      for (const input of [fileInput.current, qrInput.current]) if (input) input.value = '';
    } else setError(result.error);
  };

  return (
    <section className="card narrow" aria-labelledby="import-access-title" onPaste={onPaste}>
      <h2 id="import-access-title">Import access</h2>
      <p className="muted" id="import-access-help">
        An owner who shared an intercom with you gave you an invite, as a file or a QR code, and a passphrase. Choose the file, or a photo or
        screenshot of the QR code (you can also paste a picture here with Ctrl+V).
      </p>
      <form
        className="stack"
        onSubmit={(e) => {
          e.preventDefault();
          void submit(false);
        }}
      >
        <label className="field">
          <span>Invite file</span>
          <input ref={fileInput} type="file" accept=".json,application/json" onChange={(e) => chooseFile(e.target.files?.[0])} />
        </label>
        <label className="field">
          <span>QR code picture</span>
          <input ref={qrInput} type="file" accept="image/png,image/jpeg" aria-describedby="import-access-help" onChange={(e) => choosePicture(e.target.files?.[0])} />
        </label>
        {reading ? <Busy label={reading} /> : null}
        {chosen ? (
          <p role="status">
            Invite for {chosen.summary.label} to {chosen.summary.deviceName}
            {chosen.source === 'qr' ? ', read from the QR code' : ''}. Type the passphrase the owner gave you.
          </p>
        ) : null}
        <label className="field">
          <span>Passphrase</span>
          <input value={passphrase} onChange={(e) => setPassphrase(e.target.value)} autoComplete="off" spellCheck={false} />
        </label>
        <div>
          <button type="submit" disabled={busy || !chosen || passphrase.trim() === ''}>
            {busy ? 'Importing…' : 'Import access'}
          </button>
        </div>
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
