import type { StateCreator } from 'zustand';
import type { CommissionFlowView, CommissionStep } from '@ipc/contract';
import type { ErrorData } from '@protocol/errors';
import type { Store } from './store';

/**
 * Guided commissioning of one intercom (issue 11, item 2): the flow as the services recorded it (the
 * same progress `fluss commission` keeps). `retried` is the flow's `updatedAt` when Try again was
 * pressed: the stopped step's notice gives way to the step itself until something new is recorded.
 */
export type CommissionState =
  | { status: 'idle' }
  | { status: 'loading'; deviceId: string }
  | { status: 'ready'; deviceId: string; flow: CommissionFlowView; busy: boolean; error: ErrorData | null; retried: string | null }
  | { status: 'failed'; deviceId: string; error: ErrorData };

export interface CommissionSlice {
  commission: CommissionState;
}

export const createCommissionSlice: StateCreator<Store, [], [], CommissionSlice> = () => ({
  commission: { status: 'idle' },
});

export const FLOW_STEPS: readonly CommissionStep[] = ['claim', 'gates', 'settings', 'testFire', 'report'];

/** The steps in the product's words (the seed's labels). */
export const FLOW_STEP_LABELS: Record<CommissionStep, string> = {
  claim: 'Claim',
  gates: 'Entry and Exit Device',
  settings: 'One Time Access Settings',
  testFire: 'Test-fire',
  report: 'Report',
};

export type FlowStepState = 'done' | 'current' | 'to do' | 'failed';

/** How the stepper shows `step`: failed is the current step that stopped (and was not retried since). */
export function flowStepState(flow: CommissionFlowView, step: CommissionStep, failedNow: boolean): FlowStepState {
  if (flow.completed.includes(step)) return 'done';
  if (flow.next === step) return failedNow ? 'failed' : 'current';
  return 'to do';
}

/** The stopped step's words, unless Try again was pressed since it was recorded. */
export function stoppedNow(state: Extract<CommissionState, { status: 'ready' }>): { step: CommissionStep; message: string } | undefined {
  const stopped = state.flow.stopped;
  return stopped && stopped.step === state.flow.next && state.retried !== state.flow.updatedAt ? stopped : undefined;
}
