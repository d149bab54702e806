/**
 * The invite for a new shared user, shown once (issue 11, item 6): the QR code, the file to save and hand
 * over, and the one-time passphrase to tell them another way. Closing it forgets the passphrase.
 */
import type { InviteView } from '@ipc/contract';
import { Modal } from '../components/Modal';

export function InviteDialog({ label, deviceName, invite, onClose }: { label: string; deviceName: string; invite: InviteView; onClose: () => void }) {
  // A data URL, not a blob URL: nothing to revoke, and the same in Electron and the browser host.
  const href = `data:application/json;charset=utf-8,${encodeURIComponent(invite.text)}`;

  return (
    <Modal title={`Invite for ${label}`} onClose={onClose} description={`Give ${label} the invite file (or let them scan the QR code) and tell them the passphrase another way, for example by phone.`}>
      <img src={invite.qrDataUrl} alt={`QR code of the invite for ${label} to ${deviceName}`} width={240} height={240} />
      <p>
        <a href={href} download={invite.fileName} className="button">
          Save invite file
        </a>
      </p>
      <p>
        One-time passphrase, shown only now:{' '}
        <strong aria-label="One-time passphrase">
          <code>{invite.passphrase}</code>
        </strong>
      </p>
      <p className="muted">In the Fluss+ Commissioner on their computer: Preferences, Import access. Removing {label} later makes this invite stop working.</p>
      <div className="modal-actions">
        <button type="button" data-autofocus onClick={onClose}>
          Done
        </button>
      </div>
    </Modal>
  );
}
