/**
 * Guided commissioning in the app (issue 11, item 2). The app's own screens do each step through their
 * usual channels (setup.claim, settings.save, testFire.start, report.save); this service watches those
 * outcomes and records each finished step in the progress store `fluss commission` uses
 * (core/commissionProgress.ts), so the app and the CLI resume each other's work, and a restart resumes
 * at the step that had not finished. A step counts only in order (every step before it done) and only
 * while the intercom has an unfinished flow: a settings save outside a flow records nothing.
 */
import { COMMISSION_STEPS, nextStep, type CommissionProgress, type CommissionProgressStore, type CommissionStepId } from '../core/commissionProgress';
import type { CredentialSource } from '../core/credentials';
import type { TestFireReport } from '../core/testFire';
import type { CommissionFlowView, IpcResult, ResultOf } from '../ipc/contract';
import { FlussError, toFlussError, type ErrorData } from '../protocol/errors';
import type { SettingsSnapshot } from '../protocol/messages';
import type { Handlers } from './dispatch';

export interface CommissionFlowDeps {
  progress: CommissionProgressStore;
  /**
   * The intercom as heard now, and whether this computer holds its owner key: one it already owns starts
   * with Claim done, as in `fluss commission`.
   */
  lookUp: (deviceId: string) => Promise<{ name: string; claimed?: boolean }>;
  credentials: CredentialSource;
  /** Wall-clock time for `updatedAt` (when the technician did the step). */
  now?: () => number;
}

type FlowChannel = 'commission.get' | 'commission.start' | 'commission.gates';
/** The channels whose outcome is a step of the flow. */
type StepChannel = 'setup.claim' | 'settings.save' | 'testFire.start' | 'report.save';
const STEP_OF: Record<StepChannel, CommissionStepId> = { 'setup.claim': 'claim', 'settings.save': 'settings', 'testFire.start': 'testFire', 'report.save': 'report' };

export function createCommissionFlow(deps: CommissionFlowDeps) {
  const now = deps.now ?? Date.now;
  const unfinished = (deviceId: string) => {
    const progress = deps.progress.get(deviceId);
    return progress && nextStep(progress) !== undefined ? progress : undefined;
  };
  const write = (deviceId: string, progress: CommissionProgress): CommissionProgress => {
    const stamped = { ...progress, updatedAt: new Date(now()).toISOString() };
    deps.progress.save(deviceId, stamped);
    return stamped;
  };
  /** `step` is done: recorded when every step before it is, and the one that stopped the flow is cleared. */
  const complete = (deviceId: string, step: CommissionStepId, change: Partial<CommissionProgress> = {}) => {
    const progress = unfinished(deviceId);
    if (!progress || !COMMISSION_STEPS.slice(0, COMMISSION_STEPS.indexOf(step)).every((s) => progress.completed.includes(s))) return;
    const rest: CommissionProgress = { ...progress };
    delete rest.stopped;
    write(deviceId, { ...rest, completed: [...new Set([...progress.completed, step])], ...change });
  };
  /** The flow's current step failed: kept with the error's words, so the app and the CLI say where it stopped. */
  const stop = (deviceId: string, step: CommissionStepId, error: ErrorData) => {
    const progress = unfinished(deviceId);
    if (progress && nextStep(progress) === step) write(deviceId, { ...progress, stopped: { step, message: error.message.slice(0, 500) } });
  };
  const settingsSaved = (deviceId: string, saved: SettingsSnapshot) => {
    const { entryDevice, exitDevice, maxUsers, inviteDurationHours } = saved.settings;
    // No Entry Device: nothing opens yet, so One Time Access Settings is not done.
    if (entryDevice === null) return;
    // New settings void a test-fire and report of the old ones: those steps are done again.
    complete(deviceId, 'settings', { completed: ['claim', 'gates', 'settings'], settings: { entryDevice, exitDevice, maxUsers, inviteDurationHours } });
  };

  const handlers: Pick<Handlers, FlowChannel> = {
    'commission.get': ({ deviceId }) => result(() => viewOf(deviceId, deps.progress.get(deviceId))),
    'commission.start': async ({ deviceId }) => {
      const earlier = unfinished(deviceId);
      if (earlier) return result(() => mustView(deviceId, earlier));
      let heard: { name: string; claimed?: boolean };
      try {
        heard = await deps.lookUp(deviceId);
      } catch (error) {
        return { ok: false, error: toFlussError(error).toData() };
      }
      return result(() => {
        // An advertised unclaimed intercom is claimed, whatever keys are here (a reset one); a claimed one needs our owner key.
        const mine = heard.claimed !== false && deps.credentials.lookup(deviceId, 'owner') !== undefined;
        if (heard.claimed !== false && !mine) {
          throw new FlussError('ALREADY_CLAIMED', `${heard.name} already has an owner, and this computer holds no owner key for it.`, 'Ask its owner to commission it, or to share access with you.');
        }
        // A finished flow started again is a new commissioning (every step is safe to redo), as in the CLI.
        return mustView(deviceId, write(deviceId, { name: heard.name.slice(0, 64) || deviceId, completed: mine ? ['claim'] : [], updatedAt: '' }));
      });
    },
    'commission.gates': ({ deviceId, entryDevice, exitDevice }) =>
      result(() => {
        const progress = unfinished(deviceId);
        if (!progress) throw new FlussError('INVALID_ARGUMENT', 'This intercom has no commissioning in progress.', 'Start it again with "Commission this intercom" on Device Details.');
        if (!progress.completed.includes('claim')) throw new FlussError('INVALID_ARGUMENT', 'Claim this intercom before choosing its gates.', 'Go back to the Claim step.');
        const same = progress.settings?.entryDevice === entryDevice && progress.settings.exitDevice === exitDevice;
        const rest: CommissionProgress = { ...progress };
        delete rest.stopped;
        // Other gates than those saved: One Time Access Settings, Test-fire and Report are done again.
        const completed = same ? [...new Set([...progress.completed, 'gates' as const])] : (['claim', 'gates'] as CommissionStepId[]);
        return mustView(deviceId, write(deviceId, { ...rest, completed, settings: same && progress.settings ? progress.settings : { entryDevice, exitDevice } }));
      }),
  };

  return {
    handlers,
    /** Wraps a step's channel so its outcome is recorded for the flow (the handler's result is unchanged). */
    follow<C extends StepChannel>(channel: C, handler: Handlers[C]): Handlers[C] {
      const followed = async (request: Parameters<Handlers[C]>[0]) => {
        const outcome = await (handler as (r: typeof request) => Promise<IpcResult<ResultOf<C>>>)(request);
        const { deviceId } = request;
        try {
          if (!outcome.ok) stop(deviceId, STEP_OF[channel], outcome.error);
          else if (channel === 'setup.claim') complete(deviceId, 'claim');
          else if (channel === 'settings.save') settingsSaved(deviceId, outcome.value as SettingsSnapshot);
          else if (channel === 'report.save') {
            const saved = outcome.value as ResultOf<'report.save'>;
            if (saved.passed) complete(deviceId, 'report', { report: { json: saved.json, pdf: saved.pdf } });
          }
        } catch {
          // The progress file could not be written: the step itself is done on the device; the flow redoes safe steps.
        }
        return outcome;
      };
      return followed as Handlers[C];
    },
    /** A test-fire ended (TestFireRuns' record hook): a pass completes the step, a failure stops the flow there. */
    testFireEnded(deviceId: string, report: TestFireReport): void {
      try {
        if (report.passed) complete(deviceId, 'testFire');
        else {
          const failed = report.steps.find((s) => s.status === 'failed');
          const message = `Test-fire failed at "${failed?.label ?? 'unknown step'}": ${failed?.error?.message ?? 'no detail'}`;
          stop(deviceId, 'testFire', { code: 'TEST_FIRE_FAILED', message });
        }
      } catch {
        // As above: an unwritable progress file never hides the test-fire's own result.
      }
    },
  };
}

export type CommissionFlow = ReturnType<typeof createCommissionFlow>;

function viewOf(deviceId: string, progress: CommissionProgress | undefined): CommissionFlowView | null {
  if (!progress) return null;
  return {
    deviceId,
    name: progress.name,
    completed: COMMISSION_STEPS.filter((s) => progress.completed.includes(s)),
    next: nextStep(progress) ?? null,
    ...(progress.settings ? { gates: { entryDevice: progress.settings.entryDevice, exitDevice: progress.settings.exitDevice } } : {}),
    ...(progress.stopped ? { stopped: progress.stopped } : {}),
    ...(progress.report ? { report: progress.report } : {}),
    updatedAt: progress.updatedAt,
  };
}

function mustView(deviceId: string, progress: CommissionProgress): CommissionFlowView {
  return viewOf(deviceId, progress) as CommissionFlowView;
}

/** Runs `work` and returns its value or its error as data (as appServices' handlers do). */
function result<T>(work: () => T): Promise<IpcResult<T>> {
  try {
    return Promise.resolve({ ok: true, value: work() });
  } catch (error) {
    const flussError = error instanceof FlussError ? error : new FlussError('IO_ERROR', 'The commissioning progress could not be read or written.', 'Check the app’s data folder is writable, then try again.', { cause: error });
    return Promise.resolve({ ok: false, error: flussError.toData() });
  }
}
