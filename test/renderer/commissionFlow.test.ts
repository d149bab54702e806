/**
 * Guided commissioning's renderer rules: how each step shows in the stepper, when the stopped step's
 * words give way after Try again, and that opening the flow starts one only when none is unfinished.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { CommissionFlowView } from '../../electron/ipc/contract';
import { setApi } from '../../renderer/src/api';
import { resetStore, useStore } from '../../renderer/src/store/store';
import { flowStepState, stoppedNow } from '../../renderer/src/store/commissionSlice';
import { loadFlow, retryStep } from '../../renderer/src/effects/commission';
import { fakeApi, ok, type FakeApi } from './fakeApi';
import { INTERCOM } from './fixtures';

const flow = (change: Partial<CommissionFlowView> = {}): CommissionFlowView => ({
  deviceId: INTERCOM,
  name: 'Front Door',
  completed: ['claim'],
  next: 'gates',
  updatedAt: '2026-12-02T06:00:00.000Z',
  ...change,
});

let fake: FakeApi;
beforeEach(() => {
  resetStore();
  fake = fakeApi();
  setApi(fake.api);
});

describe('guided commissioning in the renderer', () => {
  it('shows done, current, to do and failed steps', () => {
    const f = flow();
    expect(['claim', 'gates', 'settings'].map((s) => flowStepState(f, s as 'claim', false))).toEqual(['done', 'current', 'to do']);
    expect(flowStepState(f, 'gates', true)).toBe('failed');
  });

  it('resumes an unfinished flow without starting a new one', async () => {
    fake.handle('commission.get', () => ok(flow({ completed: ['claim', 'gates'], next: 'settings' })));
    await loadFlow(INTERCOM);
    expect(useStore.getState().commission).toMatchObject({ status: 'ready', flow: { next: 'settings' } });
    expect(fake.calls.map((c) => c.channel)).toEqual(['commission.get']);
  });

  it('starts a flow when the intercom has none', async () => {
    fake.handle('commission.get', () => ok(null));
    fake.handle('commission.start', () => ok(flow({ completed: [], next: 'claim' })));
    await loadFlow(INTERCOM);
    expect(useStore.getState().commission).toMatchObject({ status: 'ready', flow: { next: 'claim' } });
    expect(fake.calls.map((c) => c.channel)).toEqual(['commission.get', 'commission.start']);
  });

  it('hides the stopped step’s words after Try again until something new is recorded', async () => {
    const stopped = flow({ stopped: { step: 'gates', message: 'Front Door stopped answering.' } });
    fake.handle('commission.get', () => ok(stopped));
    await loadFlow(INTERCOM);
    const before = useStore.getState().commission;
    expect(before.status === 'ready' && stoppedNow(before)).toMatchObject({ message: 'Front Door stopped answering.' });
    await retryStep(INTERCOM);
    const after = useStore.getState().commission;
    expect(after.status === 'ready' && stoppedNow(after)).toBeUndefined();
    // The step failed again: recorded anew, so shown again.
    fake.handle('commission.get', () => ok({ ...stopped, updatedAt: '2026-12-02T06:05:00.000Z' }));
    await loadFlow(INTERCOM);
    const again = useStore.getState().commission;
    expect(again.status === 'ready' && stoppedNow(again)).toMatchObject({ step: 'gates' });
  });
});
