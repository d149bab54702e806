/**
 * Guided commissioning (issue 11, item 2), one intercom: Claim, Choose the gates, One Time Access
 * Settings, Test-fire, Report. Each finished step is written to the progress store at once, so running
 * the flow again (after a restart, or after the intercom vanished) resumes at the step that had not
 * finished. Every step is safe to do twice: a claim already made by this computer is recognised, the
 * settings are saved again only if they differ from what was saved.
 *
 * A report states a test-fire run in the same attempt (report/README.md): when the flow resumes at
 * Report without one, it test-fires again first.
 */
import { FlussError, toFlussError } from '../protocol/errors';
import type { AccessSettings } from '../protocol/messages';
import type { Commissioner } from './commissioner';
import { COMMISSION_STEP_LABELS, nextStep, type CommissionProgress, type CommissionProgressStore, type CommissionSettings, type CommissionStepId } from './commissionProgress';
import type { SettingsChange } from './settingsWrite';
import type { TestFireReport, TestFireStep } from './testFire';
import type { TestFireRecordStore } from './testFireRecords';

export interface CommissionPlan {
  /** The intercom: name, id or address. */
  intercom: string;
  /** The setup key from its label (needed only if it is not claimed yet). */
  setupKey?: Uint8Array;
  /** Entry Device: a gate name or id. */
  entry: string;
  /** Exit Device: a gate name or id, or 'same' (Same as entry). */
  exit: string;
  maxUsers?: AccessSettings['maxUsers'];
  inviteDurationHours?: AccessSettings['inviteDurationHours'];
}

export type StepStatus = 'running' | 'done' | 'skipped' | 'failed';

export interface ReportPaths {
  json: string;
  pdf: string;
}

export interface CommissionDeps {
  commissioner: Commissioner;
  progress: CommissionProgressStore;
  testFireRecords: TestFireRecordStore;
  /** Writes the report of `testFire` (the shell knows the signing key, the folder and the names). */
  writeReport: (intercom: string, testFire: TestFireReport, testFireStartedAt: Date) => Promise<ReportPaths>;
  /** The devices' clock. */
  now?: () => number;
  onStep?: (step: CommissionStepId, status: StepStatus, detail?: string) => void;
  onTestFireProgress?: (steps: TestFireStep[]) => void;
  signal?: AbortSignal;
}

export interface CommissionOutcome {
  deviceId: string;
  name: string;
  /** Steps found done from an earlier attempt. */
  resumedAt: CommissionStepId;
  settings: CommissionSettings;
  testFire: TestFireReport;
  report: ReportPaths;
}

/**
 * Runs (or resumes) the flow for `plan.intercom`.
 * @throws FlussError with the failing step in its hint ("Run it again to resume at Test-fire."); the
 * progress store says where it stopped. A failed test-fire throws TEST_FIRE_FAILED after it is recorded.
 */
export async function commission(plan: CommissionPlan, deps: CommissionDeps): Promise<CommissionOutcome> {
  const { commissioner, signal } = deps;
  const now = deps.now ?? Date.now;
  const options = signal ? { signal } : {};
  const device = await commissioner.find(plan.intercom, 'intercom', options);
  const deviceId = device.deviceId;
  if (deviceId === undefined) throw new FlussError('INVALID_ARGUMENT', `${device.name} is not a Fluss+ intercom.`, 'Run `fluss scan` to list the intercoms nearby.');

  const earlier = deps.progress.get(deviceId);
  // A finished flow run again is a new commissioning: start from the top (every step is safe to redo).
  let progress: CommissionProgress = earlier && nextStep(earlier) !== undefined ? { ...earlier, name: device.name } : { name: device.name.slice(0, 64), completed: [], updatedAt: new Date(now()).toISOString() };
  const resumedAt = nextStep(progress) ?? 'claim';
  const save = (change: Partial<CommissionProgress>) => {
    progress = { ...progress, ...change, updatedAt: new Date(now()).toISOString() };
    deps.progress.save(deviceId, progress);
  };
  const complete = (step: CommissionStepId, change: Partial<CommissionProgress> = {}) => {
    const rest: CommissionProgress = { ...progress, completed: [...new Set([...progress.completed, step])] };
    delete rest.stopped; // the step that stopped the last attempt is done now
    progress = rest;
    save(change);
  };

  let step: CommissionStepId = 'claim';
  try {
    // 1. Claim: unclaimed -> claim; claimed with this computer's owner key -> already done.
    step = 'claim';
    deps.onStep?.(step, 'running');
    if (device.claimed === false) {
      if (plan.setupKey === undefined) throw new FlussError('INVALID_ARGUMENT', `${device.name} is not set up yet: its setup key is needed.`, 'Give the setup key from its label (--setup-key).');
      await commissioner.claim(deviceId, plan.setupKey, options);
      deps.onStep?.(step, 'done', `${device.name} is now yours.`);
    } else if (commissioner.credentials.lookup(deviceId, 'owner')) {
      deps.onStep?.(step, 'skipped', 'Already yours.');
    } else {
      throw new FlussError('ALREADY_CLAIMED', `${device.name} already has an owner, and this computer holds no owner key for it.`, 'Ask its owner to commission it, or to share access with you.');
    }
    complete('claim');

    // 2. Choose the gates: the names typed are found among the gates heard.
    step = 'gates';
    deps.onStep?.(step, 'running');
    const entry = await commissioner.find(plan.entry, 'gate', options);
    const exit = plan.exit.toLowerCase() === 'same' ? undefined : await commissioner.find(plan.exit, 'gate', options);
    const wanted: CommissionSettings = {
      entryDevice: entry.deviceId ?? entry.key,
      exitDevice: exit ? (exit.deviceId ?? exit.key) : 'same',
      ...(plan.maxUsers === undefined ? {} : { maxUsers: plan.maxUsers }),
      ...(plan.inviteDurationHours === undefined ? {} : { inviteDurationHours: plan.inviteDurationHours }),
    };
    const settingsSaved = progress.completed.includes('settings') && sameSettings(progress.settings, wanted);
    deps.onStep?.(step, 'done', `Entry Device: ${entry.name}; Exit Device: ${exit ? exit.name : 'Same as entry'}.`);
    // Other gates or settings than the earlier attempt saved: the steps after this one are done again.
    complete('gates', settingsSaved ? {} : { completed: ['claim', 'gates'], settings: wanted });

    // 3. One Time Access Settings: saved atomically and read back (skipped when these very settings were saved).
    step = 'settings';
    deps.onStep?.(step, 'running');
    if (settingsSaved) deps.onStep?.(step, 'skipped', 'Saved in the earlier attempt.');
    else {
      const change: SettingsChange = { entryDevice: wanted.entryDevice, exitDevice: wanted.exitDevice };
      if (plan.maxUsers !== undefined) change.maxUsers = plan.maxUsers;
      if (plan.inviteDurationHours !== undefined) change.inviteDurationHours = plan.inviteDurationHours;
      const saved = await commissioner.saveSettings(deviceId, change, { ...options, role: 'owner' });
      deps.onStep?.(step, 'done', `Saved and read back (revision ${saved.revision}).`);
    }
    complete('settings', { settings: wanted });

    // 4. Test-fire (always in this attempt: the report states it).
    step = 'testFire';
    deps.onStep?.(step, 'running');
    const testFireStartedAt = new Date(now());
    const testFire = await commissioner.testFire(deviceId, { ...options, mode: 'diagnostic', ...(deps.onTestFireProgress ? { onProgress: deps.onTestFireProgress } : {}) });
    deps.testFireRecords.record(deviceId, testFire, new Date(now()));
    if (!testFire.passed) {
      const failed = testFire.steps.find((s) => s.status === 'failed');
      throw new FlussError('TEST_FIRE_FAILED', `Test-fire failed at "${failed?.label ?? 'unknown step'}": ${failed?.error?.message ?? 'no detail'}`, failed?.error?.hint);
    }
    deps.onStep?.(step, 'done', `Passed in ${testFire.totalMs} ms.`);
    complete('testFire');

    // 5. Report.
    step = 'report';
    deps.onStep?.(step, 'running');
    const report = await deps.writeReport(deviceId, testFire, testFireStartedAt);
    complete('report', { report });
    deps.onStep?.(step, 'done', report.pdf);
    return { deviceId, name: device.name, resumedAt, settings: wanted, testFire, report };
  } catch (thrown) {
    const error = toFlussError(thrown);
    deps.onStep?.(step, 'failed', error.message);
    try {
      save({ stopped: { step, message: error.message.slice(0, 500) } });
    } catch {
      // The progress file is unwritable: the error below still says what stopped; the next run redoes safe steps.
    }
    if (error.code === 'ABORTED' || error.code === 'INVALID_ARGUMENT' || error.code === 'INVALID_VALUE') throw error;
    const resume = `Run it again to resume at ${COMMISSION_STEP_LABELS[nextStep(progress) ?? step]}.`;
    throw new FlussError(error.code, error.message, error.hint ? `${error.hint} ${resume}` : resume, { cause: thrown });
  }
}

function sameSettings(a: CommissionSettings | undefined, b: CommissionSettings): boolean {
  return a !== undefined && a.entryDevice === b.entryDevice && a.exitDevice === b.exitDevice && a.maxUsers === b.maxUsers && a.inviteDurationHours === b.inviteDurationHours;
}
