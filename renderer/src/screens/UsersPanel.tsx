import { useState } from 'react';
import { useStore } from '../store/store';
import { addUser, loadUsers, removeUser } from '../effects/session';
import { Busy, ErrorNotice } from '../components/ErrorNotice';
import { Modal } from '../components/Modal';
import type { InviteView } from '@ipc/contract';
import { InviteDialog } from './InviteDialog';

/** The owner adds and removes shared users. */
export function UsersPanel({ deviceId }: { deviceId: string }) {
  const users = useStore((s) => s.users);
  const busy = useStore((s) => s.usersBusy);
  const error = useStore((s) => s.usersError);
  const deviceName = useStore((s) => (s.session.status === 'open' ? s.session.view.info.name : 'this intercom'));
  // The owner's name for the person ("Ben, caretaker"): it stays on this computer; the device gets a random id.
  const [label, setLabel] = useState('');
  const [touched, setTouched] = useState(false);
  const [confirm, setConfirm] = useState<{ userId: string; name: string } | null>(null);
  const [invite, setInvite] = useState<{ label: string; view: InviteView } | null>(null);
  const valid = label.trim().length > 0 && label.trim().length <= 32;

  const submit = (e: React.SyntheticEvent) => {
    e.preventDefault();
    setTouched(true);
    if (!valid) return;
    const name = label.trim();
    void addUser(deviceId, name).then((view) => {
      if (view) {
        setInvite({ label: name, view });
        setLabel('');
        setTouched(false);
      }
    });
  };

  return (
    <section className="card" aria-labelledby="users-title">
      <h2 id="users-title" tabIndex={-1}>
        Shared users
      </h2>
      <p className="muted">Shared users can create and revoke codes but can’t change the settings.</p>
      {users.status === 'loading' ? <Busy label="Reading users…" /> : null}
      {users.status === 'failed' ? (
        <ErrorNotice error={users.error}>
          <button type="button" onClick={() => void loadUsers(deviceId)}>
            Try again
          </button>
        </ErrorNotice>
      ) : null}
      {users.status === 'ready' ? (
        <ul className="users" aria-label="Users">
          {users.value.map((u) => (
            <li key={u.userId}>
              <span title={u.userId}>{u.label ?? u.userId}</span>
              <span className="badge">{u.role === 'owner' ? 'Owner' : 'Shared user'}</span>
              {u.role === 'shared' ? (
                <button type="button" className="secondary" disabled={busy} aria-label={`Remove ${u.label ?? u.userId}`} onClick={() => setConfirm({ userId: u.userId, name: u.label ?? u.userId })}>
                  Remove
                </button>
              ) : null}
            </li>
          ))}
        </ul>
      ) : null}
      <form className="inline-form" onSubmit={submit} noValidate>
        <label className="field">
          <span>New shared user’s name</span>
          <input
            value={label}
            maxLength={64}
            onChange={(e) => setLabel(e.target.value)}
            aria-invalid={touched && !valid}
            aria-describedby="user-id-help"
            autoComplete="off"
          />
        </label>
        <button type="submit" disabled={busy}>
          {busy ? 'Working…' : 'Add shared user'}
        </button>
      </form>
      <p id="user-id-help" className={touched && !valid ? 'field-error' : 'muted'}>
        Who they are to you, such as “Ben, caretaker” (up to 32 characters). It stays on this computer; the intercom knows them by a random id.
      </p>
      {error ? <ErrorNotice error={error} /> : null}
      {confirm ? (
        <Modal
          title={`Remove ${confirm.name}?`}
          onClose={() => (busy ? undefined : setConfirm(null))}
          description="They can no longer create or revoke codes on this intercom, and their invite stops working."
          // The removed user's Remove button is gone by the time this closes: land on the list's heading.
          returnFocus={() => document.getElementById('users-title')}
        >
          <div className="modal-actions">
            <button
              type="button"
              className="danger"
              aria-disabled={busy || undefined}
              onClick={() => (busy ? undefined : void removeUser(deviceId, confirm.userId, confirm.name).then(() => setConfirm(null)))}
            >
              {busy ? 'Removing…' : 'Remove user'}
            </button>
            <button type="button" className="secondary" data-autofocus aria-disabled={busy || undefined} onClick={() => (busy ? undefined : setConfirm(null))}>
              Keep user
            </button>
          </div>
        </Modal>
      ) : null}
      {invite ? <InviteDialog label={invite.label} deviceName={deviceName} invite={invite.view} onClose={() => setInvite(null)} /> : null}
    </section>
  );
}
