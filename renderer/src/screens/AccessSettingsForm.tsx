import { useEffect, useState } from 'react';
import { INVITE_DURATION_OPTIONS, MAX_USERS_OPTIONS, SAME_AS_ENTRY, type MaxUsers } from '@protocol/accessRules';
import type { AccessSettings, Role } from '@protocol/messages';
import { guessOdds } from '@firmware/guessRisk';
import { useStore } from '../store/store';
import { changedParts, isDirty } from '../store/settingsSlice';
import { liveCodes } from '../store/codesSlice';
import { loadSettings } from '../effects/settings';
import { loadCodes } from '../effects/codes';
import { openIntercom } from '../effects/session';
import { Busy, ErrorNotice } from '../components/ErrorNotice';
import { GatePicker, gateLabel } from './GatePicker';
import { OptionPicker } from './OptionPicker';
import { ImpactNote } from './ImpactNote';
import { SettingRow } from './SettingRow';

type Row = 'entry' | 'exit' | 'maxUsers' | 'duration';

const hours = (h: number) => (h === 1 ? '1 hour' : `${h} hours`);
/** The odds beside each Max Users choice, from the firmware's own formula (docs/protocol.md, "Keypad guessing"). */
const guessOddsText = (maxUsers: number) => `1 in ${guessOdds(maxUsers).toLocaleString('en-US')} chance a guesser opens the gate`;

/**
 * One Time Access Settings as rows with their pickers, read from the intercom over its session: the
 * settings page and the guided commissioning's step both show this. Saving is the caller's (the page's
 * Save, or the step's); `role` is the session to open (the flow needs the owner).
 */
export function AccessSettingsForm({ deviceId, role }: { deviceId: string; role?: Role }) {
  const settings = useStore((s) => s.settings);
  const session = useStore((s) => s.session);
  const devices = useStore((s) => s.devices);
  const codes = useStore((s) => s.codes);
  const setDraft = useStore((s) => s.setDraft);
  const [open, setOpen] = useState<Row | null>(null);

  const sessionOpen = session.status === 'open' && session.deviceId === deviceId ? session : null;
  useEffect(() => {
    void openIntercom(deviceId, role);
  }, [deviceId, role]);
  useEffect(() => {
    if (!sessionOpen) return;
    void loadSettings(deviceId);
    void loadCodes(deviceId);
  }, [sessionOpen, deviceId]);

  const readOnly = sessionOpen?.view.role === 'shared';
  const ready = settings.status === 'ready' && settings.deviceId === deviceId ? settings : null;
  const dirty = isDirty(settings);
  const activeCount = codes.status === 'ready' ? liveCodes(codes.value.codes).length : undefined;
  const draft = ready?.draft;
  const held = ready?.snapshot.settings;
  const choose = (change: Partial<AccessSettings>) => setDraft(change);
  const changed = (key: keyof AccessSettings) => !readOnly && held !== undefined && draft !== undefined && held[key] !== draft[key];
  const exitLabel = (exit: string, entry: string | null) =>
    exit === SAME_AS_ENTRY ? 'Same as entry' : exit === entry ? `${gateLabel(exit, devices)} (the Entry Device)` : gateLabel(exit, devices);

  return (
    <>
      {session.status === 'opening' || settings.status === 'loading' || (sessionOpen && settings.status === 'idle') ? (
        <Busy label="Reading One Time Access Settings from the intercom…" />
      ) : null}
      {session.status === 'failed' ? <ErrorNotice error={session.error} title="Could not connect to the intercom." /> : null}
      {settings.status === 'failed' ? (
        <ErrorNotice error={settings.error} title="Could not read the settings.">
          <button type="button" onClick={() => void loadSettings(deviceId)}>
            Try again
          </button>
        </ErrorNotice>
      ) : null}
      {ready?.error ? (
        <ErrorNotice error={ready.error} title={ready.error.code === 'STALE_REVISION' ? 'Someone else changed these settings.' : 'The settings were not saved.'}>
          {ready.error.code === 'STALE_REVISION' ? (
            <button type="button" onClick={() => void loadSettings(deviceId)}>
              Reload settings
            </button>
          ) : null}
        </ErrorNotice>
      ) : null}
      {ready?.error?.code === 'STALE_REVISION' ? (
        <p className="muted">Reloading shows what the intercom holds now; your unsaved choices are discarded, so note them first.</p>
      ) : null}
      {draft ? (
        <>
          <section className="card settings-group" aria-labelledby="group-gates">
            <h2 id="group-gates">Gates</h2>
            <ul className="setting-rows">
              <SettingRow
                label="Entry Device"
                value={draft.entryDevice ? gateLabel(draft.entryDevice, devices) : 'Not set'}
                onOpen={() => setOpen('entry')}
                readOnly={readOnly}
                changed={changed('entryDevice')}
              />
              <SettingRow
                label="Exit Device"
                value={exitLabel(draft.exitDevice, draft.entryDevice)}
                onOpen={() => setOpen('exit')}
                readOnly={readOnly}
                changed={changed('exitDevice')}
              />
            </ul>
          </section>
          <section className="card settings-group" aria-labelledby="group-codes">
            <h2 id="group-codes">Codes</h2>
            <ul className="setting-rows">
              <SettingRow label="Max Users" value={String(draft.maxUsers)} onOpen={() => setOpen('maxUsers')} readOnly={readOnly} changed={changed('maxUsers')} />
              <SettingRow
                label="Invite Duration"
                value={hours(draft.inviteDurationHours)}
                onOpen={() => setOpen('duration')}
                readOnly={readOnly}
                changed={changed('inviteDurationHours')}
              />
            </ul>
          </section>
          <ImpactNote parts={changedParts(settings)} dirty={dirty} maxUsers={draft.maxUsers} activeCount={activeCount} />
        </>
      ) : null}
      {draft && open === 'entry' ? (
        <GatePicker title="Entry Device" devices={devices} value={draft.entryDevice ?? ''} onChoose={(v) => choose({ entryDevice: v })} onClose={() => setOpen(null)} />
      ) : null}
      {draft && open === 'exit' ? (
        <GatePicker
          title="Exit Device"
          devices={devices}
          value={draft.exitDevice}
          sameAsEntry
          entryDevice={draft.entryDevice}
          onChoose={(v) => choose({ exitDevice: v })}
          onClose={() => setOpen(null)}
        />
      ) : null}
      {draft && open === 'maxUsers' ? (
        <OptionPicker<number>
          title="Max Users"
          description="How many one-time codes can be active at the same time. Lower limits are safer."
          options={MAX_USERS_OPTIONS.map((n) => ({ value: n, label: String(n), detail: guessOddsText(n) }))}
          value={draft.maxUsers}
          onChoose={(v) => choose({ maxUsers: v as MaxUsers })}
          onClose={() => setOpen(null)}
        />
      ) : null}
      {draft && open === 'duration' ? (
        <OptionPicker<number>
          title="Invite Duration"
          description="How long a newly generated code stays valid before it expires automatically."
          options={INVITE_DURATION_OPTIONS.map((h) => ({ value: h, label: hours(h) }))}
          value={draft.inviteDurationHours}
          onChoose={(v) => choose({ inviteDurationHours: v })}
          onClose={() => setOpen(null)}
        />
      ) : null}
    </>
  );
}
