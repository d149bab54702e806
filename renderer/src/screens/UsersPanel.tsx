import { useState } from 'react';
import { useStore } from '../store/store';
import { isUserId } from '../store/setupSlice';
import { addUser, loadUsers, removeUser } from '../effects/session';
import { Busy, ErrorNotice } from '../components/ErrorNotice';
import { Modal } from '../components/Modal';

/** The owner adds and removes shared users. */
export function UsersPanel({ deviceId }: { deviceId: string }) {
  const users = useStore((s) => s.users);
  const busy = useStore((s) => s.usersBusy);
  const error = useStore((s) => s.usersError);
  const [userId, setUserId] = useState('');
  const [touched, setTouched] = useState(false);
  const [confirm, setConfirm] = useState<string | null>(null);
  const valid = isUserId(userId);

  const submit = (e: React.SyntheticEvent) => {
    e.preventDefault();
    setTouched(true);
    if (!valid) return;
    void addUser(deviceId, userId).then((ok) => {
      if (ok) {
        setUserId('');
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
              <span>{u.userId}</span>
              <span className="badge">{u.role === 'owner' ? 'Owner' : 'Shared user'}</span>
              {u.role === 'shared' ? (
                <button type="button" className="secondary" disabled={busy} aria-label={`Remove ${u.userId}`} onClick={() => setConfirm(u.userId)}>
                  Remove
                </button>
              ) : null}
            </li>
          ))}
        </ul>
      ) : null}
      <form className="inline-form" onSubmit={submit} noValidate>
        <label className="field">
          <span>New shared user id</span>
          <input
            value={userId}
            onChange={(e) => setUserId(e.target.value.trim())}
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
        Lower-case letters, digits, “.”, “_” or “-”, up to 32 characters.
      </p>
      {error ? <ErrorNotice error={error} /> : null}
      {confirm ? (
        <Modal
          title={`Remove ${confirm}?`}
          onClose={() => (busy ? undefined : setConfirm(null))}
          description="They can no longer create or revoke codes on this intercom."
          // The removed user's Remove button is gone by the time this closes: land on the list's heading.
          returnFocus={() => document.getElementById('users-title')}
        >
          <div className="modal-actions">
            <button
              type="button"
              className="danger"
              aria-disabled={busy || undefined}
              onClick={() => (busy ? undefined : void removeUser(deviceId, confirm).then(() => setConfirm(null)))}
            >
              {busy ? 'Removing…' : 'Remove user'}
            </button>
            <button type="button" className="secondary" data-autofocus aria-disabled={busy || undefined} onClick={() => (busy ? undefined : setConfirm(null))}>
              Keep user
            </button>
          </div>
        </Modal>
      ) : null}
    </section>
  );
}
