import { useEffect } from 'react';
import type { Role } from '@protocol/messages';
import { useStore } from '../store/store';
import { EntryDeviceWarning } from './EntryDeviceWarning';
import { CommissionOffer, useUnfinishedFlow } from './CommissionOffer';
import { navigate } from '../effects/navigation';
import { openIntercom, reconnect } from '../effects/session';
import { loadCodes } from '../effects/codes';
import { Busy, ErrorNotice } from '../components/ErrorNotice';
import { SignalBars } from '../components/SignalBars';
import { CodesPanel } from './CodesPanel';
import { AuditHistoryPanel } from './AuditHistoryPanel';
import { EventsPanel } from './EventsPanel';
import { UsersPanel } from './UsersPanel';

const ROLE_LABEL: Record<Role, string> = { owner: 'Owner', shared: 'Shared user' };

function RoleChoice({ deviceId, role, disabled }: { deviceId: string; role: Role | undefined; disabled: boolean }) {
  return (
    <fieldset className="role-choice">
      <legend>Connect as</legend>
      {(['owner', 'shared'] as const).map((r) => (
        <label key={r} className="radio">
          <input
            type="radio"
            name="role"
            value={r}
            checked={role === r}
            aria-disabled={disabled || undefined}
            // Not `disabled` while connecting: that would throw the focus out of the group to the page body.
            onChange={() => (disabled ? undefined : void openIntercom(deviceId, r))}
          />
          {ROLE_LABEL[r]}
        </label>
      ))}
    </fieldset>
  );
}

export function DeviceDetailsScreen({ deviceId }: { deviceId: string }) {
  const session = useStore((s) => s.session);
  const connection = useStore((s) => s.connection);
  const scanned = useStore((s) => s.devices.find((d) => d.deviceId === deviceId));

  useEffect(() => {
    void openIntercom(deviceId);
  }, [deviceId]);

  const open = session.status === 'open' && session.deviceId === deviceId ? session : null;
  useEffect(() => {
    if (open) void loadCodes(deviceId);
  }, [open, deviceId]);

  const name = open?.view.info.name ?? scanned?.name ?? 'Intercom';
  const shared = open?.view.role === 'shared';
  const owner = open?.view.role === 'owner';
  const flow = useUnfinishedFlow(deviceId, owner);
  const role = open ? open.view.role : session.status === 'opening' || session.status === 'failed' ? session.role : undefined;

  return (
    <section className="screen" aria-labelledby="details-title">
      <header className="screen-header">
        <button type="button" className="back" onClick={() => navigate({ screen: 'devices' })}>
          ‹ Devices
        </button>
        <h1 id="details-title">{name}</h1>
        <span className="subtitle">Device Details</span>
      </header>
      {session.status === 'opening' ? <Busy label={`Connecting to ${name} and signing in…`} /> : null}
      {session.status === 'failed' && session.deviceId === deviceId ? (
        <ErrorNotice error={session.error} title={`Could not connect to ${name}.`}>
          <button type="button" onClick={() => void reconnect()}>
            Try again
          </button>
          <button type="button" className="secondary" onClick={() => navigate({ screen: 'devices' })}>
            Back to Devices
          </button>
        </ErrorNotice>
      ) : null}
      {open && connection?.state === 'lost' ? (
        <ErrorNotice
          error={{ code: 'DISCONNECTED', message: `The link to ${name} dropped${connection.reason ? `: ${connection.reason}` : '.'}`, hint: 'Move closer to the intercom, then reconnect.' }}
        >
          <button type="button" onClick={() => void reconnect()}>
            Reconnect
          </button>
        </ErrorNotice>
      ) : null}
      {owner ? <CommissionOffer deviceId={deviceId} flow={flow} offerNew={false} /> : null}
      {/* With a flow to resume, the offer above says so: the warning offers no second way in. */}
      {open ? <EntryDeviceWarning deviceId={deviceId} offerCommission={owner && flow === null} /> : null}
      {/* Codes and the settings come first: at 1280x720 Create code is in view without scrolling (bug 4.15). */}
      <div className="columns">
        <div className="column">
          {open ? (
            <nav className="card entries" aria-label="Intercom settings">
              <button type="button" className="entry" onClick={() => navigate({ screen: 'settings', deviceId })}>
                <span className="entry-label">One Time Access Settings</span>
                <span className="entry-detail">Entry Device, Exit Device, Max Users, Invite Duration</span>
                {shared ? <span className="entry-note">Read-only for a shared user: only the owner can change them.</span> : null}
              </button>
              <button type="button" className="entry" onClick={() => navigate({ screen: 'testFire', deviceId })}>
                <span className="entry-label">Test-fire</span>
                <span className="entry-detail">Prove the site end to end with a real one-time code</span>
                {shared ? <span className="entry-note">Only the owner can run it.</span> : null}
              </button>
            </nav>
          ) : null}
          {open ? <CodesPanel deviceId={deviceId} /> : null}
        </div>
        <div className="column">
          <section className="card" aria-labelledby="about-title">
            <h2 id="about-title">About this intercom</h2>
            <dl className="facts">
              <dt>Name</dt>
              <dd>{name}</dd>
              <dt>Model</dt>
              <dd>{open ? `${open.view.info.model} (hardware ${open.view.info.hardware})` : (scanned?.model ?? '—')}</dd>
              <dt>Firmware</dt>
              <dd>{open?.view.info.firmware ?? scanned?.firmware ?? '—'}</dd>
              <dt>Serial</dt>
              <dd>{open?.view.info.serial ?? '—'}</dd>
              <dt>Signal</dt>
              <dd>{scanned ? <SignalBars rssi={scanned.rssi} /> : 'Not heard recently'}</dd>
              <dt>Connection</dt>
              <dd>{open ? (connection?.state === 'lost' ? 'Lost' : 'Connected') : session.status === 'opening' ? 'Connecting…' : 'Not connected'}</dd>
              <dt>Role</dt>
              <dd>{open ? `${ROLE_LABEL[open.view.role]} (${open.view.userId})` : '—'}</dd>
            </dl>
            <RoleChoice deviceId={deviceId} role={role} disabled={session.status === 'opening'} />
          </section>
          {open?.view.role === 'owner' ? <UsersPanel deviceId={deviceId} /> : null}
          {/* The owner sees the whole history, live events on top; a shared user may not read it (the device says so), so sees live events. */}
          {open?.view.role === 'owner' ? <AuditHistoryPanel deviceId={deviceId} deviceName={name} /> : open ? <EventsPanel /> : null}
        </div>
      </div>
    </section>
  );
}
