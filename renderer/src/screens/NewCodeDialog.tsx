import { useState } from 'react';
import { useStore } from '../store/store';
import { guestMessage, localExpiry } from '../store/codesSlice';
import { dismissNewCode, labelCode } from '../effects/codes';
import { Modal } from '../components/Modal';

/**
 * A new code, shown once: its digits, its id and a label to tell it apart later ("Anna, plumber"; kept
 * on this computer only), Copy, and a message ready to paste to the guest.
 */
export function NewCodeDialog({ deviceId }: { deviceId: string }) {
  const newCode = useStore((s) => s.newCode);
  const codes = useStore((s) => s.codes);
  const session = useStore((s) => s.session);
  const [copied, setCopied] = useState<'no' | 'digits' | 'message' | 'failed'>('no');
  const [label, setLabel] = useState('');
  const [labelSaved, setLabelSaved] = useState(false);
  if (!newCode) return null;
  const intercom = session.status === 'open' && session.deviceId === deviceId ? session.view.info.name : 'the intercom';
  const list = codes.status === 'ready' ? codes.value : undefined;
  // "today" is the day the list was read (it is read again as the code is made), by this computer's clock.
  const message = guestMessage(intercom, newCode.digits, localExpiry(newCode.code.expiresAt, list), list?.fetchedAt ?? newCode.code.createdAt);
  const copy = (text: string, what: 'digits' | 'message') => {
    navigator.clipboard.writeText(text).then(
      () => setCopied(what),
      () => setCopied('failed'),
    );
  };
  const close = () => {
    setLabel('');
    setLabelSaved(false);
    setCopied('no');
    dismissNewCode();
  };
  const saveLabel = async (e: React.SyntheticEvent) => {
    e.preventDefault();
    setLabelSaved(await labelCode(deviceId, newCode.code.codeId, label.trim()));
  };
  return (
    <Modal title="New one-time code" onClose={close} description="This code is shown only once. Give it to your guest now: it works for one entry and one exit.">
      {/* role img: a paragraph may not carry a label (axe aria-prohibited-attr); read digit by digit. */}
      <p className="code-digits" role="img" aria-label={`Code ${newCode.digits.split('').join(' ')}`}>
        {newCode.digits}
      </p>
      <p className="muted">
        Code {newCode.code.codeId}
        {labelSaved && label.trim() !== '' ? ` · ${label.trim()}` : ''} · expires {new Date(newCode.code.expiresAt).toLocaleString()}.
      </p>
      <form className="stack" onSubmit={(e) => void saveLabel(e)}>
        <label className="field">
          <span>Label (optional, kept on this computer)</span>
          <input value={label} maxLength={32} placeholder="Anna, plumber" onChange={(e) => { setLabel(e.target.value); setLabelSaved(false); }} />
        </label>
        <div>
          <button type="submit" className="secondary">
            Save label
          </button>{' '}
          <span role="status">{labelSaved ? 'Label saved.' : ''}</span>
        </div>
      </form>
      <p className="guest-message" aria-label="Message for the guest">
        {message}
      </p>
      <p role="status" className="muted">
        {copied === 'digits' ? 'Copied to the clipboard.' : copied === 'message' ? 'Message copied to the clipboard.' : copied === 'failed' ? 'Could not copy: select the text and copy it by hand.' : ''}
      </p>
      <div className="modal-actions">
        <button type="button" onClick={() => copy(newCode.digits, 'digits')} data-autofocus>
          Copy
        </button>
        <button type="button" onClick={() => copy(message, 'message')}>
          Copy message
        </button>
        <button type="button" className="secondary" onClick={close}>
          Done
        </button>
      </div>
    </Modal>
  );
}
