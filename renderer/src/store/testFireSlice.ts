import type { StateCreator } from 'zustand';
import type { TestFireReportView, TestFireStepView } from '@ipc/contract';
import type { ErrorData } from '@protocol/errors';
import type { Store } from './store';

export type TestFireState =
  | { status: 'idle' }
  | { status: 'starting'; deviceId: string }
  | { status: 'running'; deviceId: string; runId: string; steps: TestFireStepView[]; cancelling: boolean; startedAt: number }
  | { status: 'done'; deviceId: string; report: TestFireReportView }
  | { status: 'failed'; deviceId: string; error: ErrorData };

export interface TestFireSlice {
  testFire: TestFireState;
}

export const createTestFireSlice: StateCreator<Store, [], [], TestFireSlice> = () => ({
  testFire: { status: 'idle' },
});

/** The first failed step of a report: what the explanation is about. */
export function firstFailure(steps: readonly TestFireStepView[]): TestFireStepView | undefined {
  return steps.find((s) => s.status === 'failed');
}
