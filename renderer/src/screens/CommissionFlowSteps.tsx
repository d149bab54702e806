import { useEffect, useRef, useState } from 'react';
import type { CommissionFlowView } from '@ipc/contract';
import { SAME_AS_ENTRY } from '@protocol/accessRules';
import { useStore } from '../store/store';
import { chooseGates, loadFlow } from '../effects/commission';
import { navigate } from '../effects/navigation';
import { saveSettings } from '../effects/settings';
import { identifyGate } from '../effects/scan';
import { AccessSettingsForm } from './AccessSettingsForm';
import { GatePicker, gateLabel } from './GatePicker';
import { IdentifyButton } from './IdentifyButton';
import { SaveReportPanel } from './SaveReportPanel';
import { SettingRow } from './SettingRow';
import { SetupForm } from './SetupForm';
import { TestFireAction, TestFireRunView, useTestFireRun } from './TestFireParts';

/** Each step of guided commissioning, made of the parts the app's own screens use. */

export function ClaimStep({ deviceId }: { deviceId: string }) {
  return (
    <div className="card narrow">
      <p>Claim the intercom to become its owner. You need the setup key from the label inside the intercom’s cover.</p>
      <SetupForm deviceId={deviceId} then="stay" onDone={() => void loadFlow(deviceId)} />
    </div>
  );
}

export function GatesStep({ deviceId, flow }: { deviceId: string; flow: CommissionFlowView }) {
  const devices = useStore((s) => s.devices);
  const busy = useStore((s) => s.commission.status === 'ready' && s.commission.busy);
  const [entry, setEntry] = useState<string | null>(flow.gates?.entryDevice ?? null);
  const [exit, setExit] = useState<string>(flow.gates?.exitDevice ?? SAME_AS_ENTRY);
  const [open, setOpen] = useState<'entry' | 'exit' | null>(null);
  const [tried, setTried] = useState(false);
  const identify = (id: string | null) => {
    const gate = id && id !== SAME_AS_ENTRY ? devices.find((d) => d.deviceId === id) : undefined;
    return gate?.deviceId ? <IdentifyButton deviceId={gate.deviceId} name={gate.name} onIdentify={identifyGate} label={`Identify ${gate.name}`} /> : null;
  };
  const next = () => {
    setTried(true);
    if (entry && !busy) void chooseGates(deviceId, entry, exit);
  };
  return (
    <div className="card narrow">
      <p>Choose the gate that opens when a guest enters a code (Entry Device), and the one that opens to leave (Exit Device). Identify makes a gate blink and click.</p>
      <ul className="setting-rows">
        <SettingRow label="Entry Device" value={entry ? gateLabel(entry, devices) : 'Not set'} onOpen={() => setOpen('entry')} readOnly={false} changed={false} />
        <SettingRow label="Exit Device" value={exit === SAME_AS_ENTRY ? 'Same as entry' : gateLabel(exit, devices)} onOpen={() => setOpen('exit')} readOnly={false} changed={false} />
      </ul>
      <div className="flow-identify">
        {identify(entry)}
        {exit !== entry ? identify(exit) : null}
      </div>
      {tried && !entry ? (
        <p className="field-error" role="alert">
          Choose the Entry Device first: codes open nothing without it.
        </p>
      ) : null}
      <div className="flow-actions">
        <button type="button" className="primary" aria-disabled={busy || undefined} onClick={next}>
          {busy ? 'Keeping your choice…' : 'Use these gates'}
        </button>
      </div>
      {open === 'entry' ? <GatePicker title="Entry Device" devices={devices} value={entry ?? ''} onChoose={(v: string) => setEntry(v)} onClose={() => setOpen(null)} /> : null}
      {open === 'exit' ? (
        <GatePicker title="Exit Device" devices={devices} value={exit} sameAsEntry entryDevice={entry} onChoose={(v: string) => setExit(v)} onClose={() => setOpen(null)} />
      ) : null}
    </div>
  );
}

export function SettingsStep({ deviceId, flow }: { deviceId: string; flow: CommissionFlowView }) {
  const settings = useStore((s) => s.settings);
  const setDraft = useStore((s) => s.setDraft);
  const ready = settings.status === 'ready' && settings.deviceId === deviceId ? settings : null;
  // The gates chosen in the step before go into the draft once per reading of the intercom's settings.
  const applied = useRef<number | null>(null);
  useEffect(() => {
    if (!ready || !flow.gates || applied.current === ready.snapshot.revision) return;
    applied.current = ready.snapshot.revision;
    setDraft({ entryDevice: flow.gates.entryDevice, exitDevice: flow.gates.exitDevice });
  }, [ready, flow.gates, setDraft]);
  const save = async () => {
    await saveSettings({ confirm: true });
    await loadFlow(deviceId);
  };
  return (
    <>
      <p className="lead">Check the gates, choose Max Users and Invite Duration, then Save: the intercom stores them and the app reads them back.</p>
      <AccessSettingsForm deviceId={deviceId} role="owner" />
      <div className="flow-actions">
        <button type="button" className="primary" disabled={!ready || ready.saving} onClick={() => void save()}>
          {ready?.saving ? 'Saving…' : 'Save'}
        </button>
      </div>
    </>
  );
}

export function TestFireStep({ deviceId }: { deviceId: string }) {
  const run = useTestFireRun(deviceId);
  const ended = run?.status === 'done' || run?.status === 'failed';
  useEffect(() => {
    if (ended) void loadFlow(deviceId);
  }, [ended, deviceId]);
  return (
    <>
      <p className="lead">
        Test-fire creates a real one-time code, enters it at the intercom, checks that the Entry Device and then the Exit Device open and that a
        third use is refused, and leaves no test code active.
      </p>
      <div className="flow-actions">
        <TestFireAction deviceId={deviceId} />
      </div>
      <TestFireRunView deviceId={deviceId} />
    </>
  );
}

export function ReportStep({ deviceId }: { deviceId: string }) {
  const run = useTestFireRun(deviceId);
  return (
    <>
      {run ? <TestFireRunView deviceId={deviceId} /> : null}
      <SaveReportPanel deviceId={deviceId} onDone={() => void loadFlow(deviceId)} />
      {run ? null : (
        <div className="flow-actions">
          <p className="muted">The report states the test-fire of this session. If the app was restarted since, run it again first:</p>
          <TestFireAction deviceId={deviceId} />
        </div>
      )}
    </>
  );
}

export function DoneStep({ deviceId, flow }: { deviceId: string; flow: CommissionFlowView }) {
  return (
    <div className="card narrow">
      <p className="result result-pass" role="status">
        <strong>{flow.name} is commissioned.</strong> It is claimed, its gates and One Time Access Settings are saved, test-fire passed and the
        report is written.
      </p>
      {flow.report ? (
        <dl className="facts">
          <dt>PDF</dt>
          <dd>{flow.report.pdf}</dd>
          <dt>Signed record</dt>
          <dd>{flow.report.json}</dd>
        </dl>
      ) : null}
      <div className="flow-actions">
        <button type="button" onClick={() => navigate({ screen: 'device', deviceId })}>
          Back to Device Details
        </button>
      </div>
    </div>
  );
}
