import { useEffect, useState } from 'react';
import type { CommissionFlowView } from '@ipc/contract';
import { FLOW_STEP_LABELS } from '../store/commissionSlice';
import { unfinishedFlow } from '../effects/commission';
import { navigate } from '../effects/navigation';

/** The intercom's unfinished flow: undefined while it is read, null when there is none (or it cannot be read). */
export function useUnfinishedFlow(deviceId: string, enabled = true): CommissionFlowView | null | undefined {
  const [flow, setFlow] = useState<CommissionFlowView | null | undefined>(undefined);
  useEffect(() => {
    if (!enabled) return;
    let live = true;
    void unfinishedFlow(deviceId).then((found) => {
      if (live) setFlow(found);
    });
    return () => {
      live = false;
    };
  }, [deviceId, enabled]);
  return flow;
}

/**
 * Where guided commissioning starts or resumes: "Resume commissioning" at the step not finished when the
 * intercom has an unfinished flow (after a reload, a restart, or `fluss commission` stopped part-way);
 * otherwise, with `offerNew` (an unclaimed intercom), "Commission this intercom".
 */
export function CommissionOffer({ deviceId, flow, offerNew }: { deviceId: string; flow: CommissionFlowView | null | undefined; offerNew: boolean }) {
  const go = () => navigate({ screen: 'commission', deviceId });
  if (flow === undefined) return null;
  if (flow?.next) {
    return (
      <div className="card narrow flow-offer" role="region" aria-label="Commissioning in progress">
        <p>
          <strong>Commissioning of {flow.name} is not finished.</strong> {flow.completed.length} of 5 steps are done; it resumes at{' '}
          {FLOW_STEP_LABELS[flow.next]}.{flow.stopped ? ` It stopped there: ${flow.stopped.message}` : ''}
        </p>
        <button type="button" className="primary" onClick={go}>
          Resume commissioning
        </button>
      </div>
    );
  }
  if (!offerNew) return null;
  return (
    <div className="card narrow flow-offer" role="region" aria-label="Guided commissioning">
      <p>Guided commissioning takes you through it step by step: Claim, Entry and Exit Device, One Time Access Settings, Test-fire, Report.</p>
      <button type="button" className="primary" onClick={go}>
        Commission this intercom
      </button>
    </div>
  );
}
