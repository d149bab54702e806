import type { CommissionFlowView } from '@ipc/contract';
import { FLOW_STEP_LABELS, FLOW_STEPS, flowStepState, type FlowStepState } from '../store/commissionSlice';

const ICON: Record<FlowStepState, string> = { done: '✓', current: '●', 'to do': '○', failed: '✕' };
const WORD: Record<FlowStepState, string> = { done: 'Done', current: 'Current', 'to do': 'To do', failed: 'Failed' };

/**
 * The flow's progress: every step with its state in words (not colour alone), the current one marked
 * for assistive technology, and why the failed one stopped.
 */
export function CommissionFlowStepper({ flow, failure }: { flow: CommissionFlowView; failure: string | undefined }) {
  return (
    <ol className="flow-steps" aria-label="Commissioning steps">
      {FLOW_STEPS.map((step, i) => {
        const state = flowStepState(flow, step, failure !== undefined);
        return (
          <li key={step} className={`flow-step flow-step-${state.replace(' ', '-')}`} aria-current={state === 'current' || state === 'failed' ? 'step' : undefined}>
            <span className="flow-step-icon" aria-hidden="true">
              {ICON[state]}
            </span>
            <span className="flow-step-label">
              <span className="visually-hidden">Step {i + 1}: </span>
              {FLOW_STEP_LABELS[step]}
            </span>
            <span className="flow-step-state">{WORD[state]}</span>
            {state === 'failed' && failure ? <span className="flow-step-why">{failure}</span> : null}
          </li>
        );
      })}
    </ol>
  );
}
