import { useEffect, useRef } from 'react';
import type { CommissionStep } from '@ipc/contract';
import { useStore } from '../store/store';
import { FLOW_STEP_LABELS, FLOW_STEPS, stoppedNow } from '../store/commissionSlice';
import { leaveFlow, loadFlow, retryStep } from '../effects/commission';
import { navigate } from '../effects/navigation';
import { openIntercom } from '../effects/session';
import { focusQuietly } from '../hooks/useScreenFocus';
import { Busy, ErrorNotice } from '../components/ErrorNotice';
import { CommissionFlowStepper } from './CommissionFlowStepper';
import { ClaimStep, DoneStep, GatesStep, ReportStep, SettingsStep, TestFireStep } from './CommissionFlowSteps';
import { TestFireLeavePrompt } from './TestFireParts';

/**
 * Guided commissioning (issue 11, item 2): Claim, Entry and Exit Device, One Time Access Settings,
 * Test-fire, Report, one after the other with the existing screens' parts. Progress is recorded by the
 * services as each step ends, so a reload (or the CLI) resumes at the step not finished. Focus moves
 * to each new step's heading and the step is announced.
 */
export function CommissionFlowScreen({ deviceId }: { deviceId: string }) {
  const state = useStore((s) => s.commission);
  const connection = useStore((s) => s.connection);
  const sessionMine = useStore((s) => s.session.status !== 'idle' && s.session.deviceId === deviceId);
  const scannedName = useStore((s) => s.devices.find((d) => d.deviceId === deviceId)?.name);
  const stepHeading = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    void loadFlow(deviceId);
    return leaveFlow;
  }, [deviceId]);

  const ready = state.status === 'ready' && state.deviceId === deviceId ? state : null;
  const flow = ready?.flow;
  const step: CommissionStep | null | undefined = flow?.next;
  // Every step after Claim works over the owner's session.
  const needsSession = step !== undefined && step !== null && step !== 'claim';
  useEffect(() => {
    if (needsSession) void openIntercom(deviceId, 'owner');
  }, [needsSession, deviceId]);

  // Each new step's heading takes focus (the screen's own heading has it when the page opens).
  const shownStep = useRef<CommissionStep | null | undefined>(undefined);
  useEffect(() => {
    if (step === undefined) return;
    if (shownStep.current !== undefined && shownStep.current !== step) focusQuietly(stepHeading.current);
    shownStep.current = step;
  }, [step]);

  const name = flow?.name ?? scannedName ?? 'Intercom';
  const stopped = ready ? stoppedNow(ready) : undefined;
  const lost = needsSession && sessionMine && connection?.state === 'lost' ? `The link to ${name} dropped${connection.reason ? ` (${connection.reason})` : ''}.` : undefined;
  const failure = stopped?.message ?? lost;
  const index = step ? FLOW_STEPS.indexOf(step) + 1 : FLOW_STEPS.length;
  const announcement = !flow ? '' : step ? `Step ${index} of ${FLOW_STEPS.length}: ${FLOW_STEP_LABELS[step]}${failure ? ', failed' : ''}. ${flow.completed.length} of ${FLOW_STEPS.length} done.` : `Commissioning finished: all ${FLOW_STEPS.length} steps are done.`;

  return (
    <section className="screen" aria-labelledby="flow-title">
      <header className="screen-header">
        <button type="button" className="back" onClick={() => navigate(flow && flow.completed.includes('claim') ? { screen: 'device', deviceId } : { screen: 'devices' })}>
          {flow && flow.completed.includes('claim') ? '‹ Device Details' : '‹ Devices'}
        </button>
        <h1 id="flow-title">Commission {name}</h1>
        <span className="subtitle">Guided commissioning</span>
      </header>
      <p className="visually-hidden" role="status" aria-live="polite">
        {announcement}
      </p>
      {state.status === 'loading' ? <Busy label={`Looking for ${name} and reading where its commissioning stands…`} /> : null}
      {state.status === 'failed' ? (
        <ErrorNotice error={state.error} title="Commissioning could not start.">
          <button type="button" onClick={() => void loadFlow(deviceId)}>
            Try again
          </button>
        </ErrorNotice>
      ) : null}
      {flow ? (
        <div className="flow">
          <CommissionFlowStepper flow={flow} failure={failure} />
          <div className="flow-body">
            <h2 id="flow-step-title" ref={stepHeading} tabIndex={-1}>
              {step ? `Step ${index} of ${FLOW_STEPS.length}: ${FLOW_STEP_LABELS[step]}` : 'Commissioned'}
            </h2>
            {step && failure ? (
              <ErrorNotice
                title={`${FLOW_STEP_LABELS[step]} did not finish.`}
                error={{
                  code: 'DISCONNECTED',
                  message: failure,
                  hint: `${step === 'testFire' ? `Check that ${name} and its gates have power and are within about 10 m` : `Check that ${name} has power and that you are within about 10 m of it`}, then press Try again: commissioning resumes at ${FLOW_STEP_LABELS[step]}.`,
                }}
              >
                <button type="button" onClick={() => void retryStep(deviceId)}>
                  Try again
                </button>
              </ErrorNotice>
            ) : null}
            {ready.error ? <ErrorNotice error={ready.error} title="That step was not recorded." /> : null}
            {step === 'claim' ? <ClaimStep deviceId={deviceId} /> : null}
            {step === 'gates' ? <GatesStep deviceId={deviceId} flow={flow} /> : null}
            {step === 'settings' && !failure ? <SettingsStep deviceId={deviceId} flow={flow} /> : null}
            {step === 'testFire' && !lost ? <TestFireStep deviceId={deviceId} /> : null}
            {step === 'report' && !lost ? <ReportStep deviceId={deviceId} /> : null}
            {step === null ? <DoneStep deviceId={deviceId} flow={flow} /> : null}
          </div>
        </div>
      ) : null}
      <TestFireLeavePrompt />
    </section>
  );
}
