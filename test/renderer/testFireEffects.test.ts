import { beforeEach, describe, expect, it } from 'vitest';
import { setApi } from '../../renderer/src/api';
import { resetStore, useStore } from '../../renderer/src/store/store';
import { firstFailure } from '../../renderer/src/store/testFireSlice';
import { cancelTestFire, onTestFireDone, onTestFireProgress, startTestFire } from '../../renderer/src/effects/testFire';
import type { TestFireStepView } from '../../electron/ipc/contract';
import { err, fakeApi, ok, type FakeApi } from './fakeApi';
import { INTERCOM } from './fixtures';

const RUN = '0123456789abcdef';
const steps = (status: TestFireStepView['status']): TestFireStepView[] => [
  { id: 'settings', label: 'Read One Time Access Settings', status: 'passed', durationMs: 40 },
  { id: 'entry', label: 'Enter the code: Entry Device opens', status, ...(status === 'failed' ? { error: { code: 'GATE_UNREACHABLE', message: 'Main Gate did not answer.', hint: 'Check its power.' } } : {}) },
];

let fake: FakeApi;
beforeEach(() => {
  resetStore();
  fake = fakeApi();
  setApi(fake.api);
});

describe('test-fire effects', () => {
  it('follows progress and the final report of its own run only', async () => {
    fake.handle('testFire.start', () => ok({ runId: RUN }));
    await startTestFire(INTERCOM);
    onTestFireProgress({ runId: 'ffffffffffffffff', steps: steps('failed') });
    onTestFireProgress({ runId: RUN, steps: steps('running') });
    const running = useStore.getState().testFire;
    expect(running.status === 'running' && running.steps[1]?.status).toBe('running');
    onTestFireDone({ runId: RUN, report: { passed: false, steps: steps('failed'), totalMs: 900, codeLeftActive: false } });
    const done = useStore.getState().testFire;
    expect(done.status).toBe('done');
    expect(done.status === 'done' && firstFailure(done.report.steps)?.error?.hint).toBe('Check its power.');
  });

  it('keeps events that arrive before start answers', async () => {
    fake.handle('testFire.start', () => {
      onTestFireProgress({ runId: RUN, steps: steps('running') });
      onTestFireDone({ runId: RUN, report: { passed: true, steps: steps('passed'), totalMs: 500, codeLeftActive: false } });
      return ok({ runId: RUN });
    });
    await startTestFire(INTERCOM);
    const s = useStore.getState().testFire;
    expect(s.status === 'done' && s.report.passed).toBe(true);
  });

  it('shows a refusal to start as an error with its hint', async () => {
    fake.handle('testFire.start', () => err('NO_ENTRY_DEVICE', 'No Entry Device is set.', 'Choose one in One Time Access Settings.'));
    await startTestFire(INTERCOM);
    expect(useStore.getState().testFire).toMatchObject({ status: 'failed', error: { code: 'NO_ENTRY_DEVICE' } });
  });

  it('cancels the run by id', async () => {
    fake.handle('testFire.start', () => ok({ runId: RUN }));
    await startTestFire(INTERCOM);
    await cancelTestFire();
    expect(fake.calls.at(-1)).toEqual({ channel: 'testFire.cancel', request: { runId: RUN } });
  });
});
