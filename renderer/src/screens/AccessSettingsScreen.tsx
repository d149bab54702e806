import { useStore } from '../store/store';
import { isDirty } from '../store/settingsSlice';
import { navigate, resolveLeave, saveAndLeave } from '../effects/navigation';
import { Modal } from '../components/Modal';
import { AccessSettingsForm } from './AccessSettingsForm';

function LeavePrompt() {
  const leavePrompt = useStore((s) => s.leavePrompt);
  if (!leavePrompt) return null;
  return (
    <Modal title="Save your changes?" role="alertdialog" onClose={() => void resolveLeave('stay')} description="You changed One Time Access Settings but did not save them.">
      <div className="modal-actions">
        <button type="button" data-autofocus onClick={() => void resolveLeave('save')}>
          Save
        </button>
        <button type="button" className="secondary" onClick={() => void resolveLeave('discard')}>
          Cancel
        </button>
      </div>
      <p className="muted">Save keeps your changes; Cancel discards them. Press Escape to keep editing.</p>
    </Modal>
  );
}

export function AccessSettingsScreen({ deviceId }: { deviceId: string }) {
  const settings = useStore((s) => s.settings);
  const session = useStore((s) => s.session);
  const sessionOpen = session.status === 'open' && session.deviceId === deviceId ? session : null;
  const readOnly = sessionOpen?.view.role === 'shared';
  const ready = settings.status === 'ready' && settings.deviceId === deviceId ? settings : null;
  const dirty = isDirty(settings);

  return (
    <section className="screen" aria-labelledby="settings-title">
      <header className="screen-header">
        <button type="button" className="back" onClick={() => navigate({ screen: 'device', deviceId })}>
          ‹ Device Details
        </button>
        <h1 id="settings-title">One Time Access Settings</h1>
        {readOnly ? null : (
          <div className="screen-actions">
            {/* Nothing to save until something changed: Save would only write the same values again. */}
            <button type="button" className="primary save" disabled={!ready || ready.saving || !dirty} aria-describedby="save-state" onClick={() => void saveAndLeave()}>
              {ready?.saving ? 'Saving…' : 'Save'}
            </button>
            <span id="save-state" className="visually-hidden">
              {dirty ? 'Unsaved changes' : 'No changes to save'}
            </span>
          </div>
        )}
      </header>
      {readOnly ? (
        <p className="readonly-reason" role="note">
          <strong>Read-only.</strong> You are connected as a shared user ({sessionOpen.view.userId}). Only the owner of this Fluss+ Intercom can change
          these settings; shared users can create and revoke codes.
        </p>
      ) : null}
      <AccessSettingsForm deviceId={deviceId} />
      <LeavePrompt />
    </section>
  );
}
