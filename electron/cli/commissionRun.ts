/** The work of `fluss commission` (loaded only when it runs: it brings the report modules and pdf-lib). */
import { join } from 'node:path';
import { COMMISSION_STEP_LABELS, type CommissionStepId } from '../core/commissionProgress';
import { commission, type CommissionPlan, type StepStatus } from '../core/commissioning';
import { FlussError } from '../protocol/errors';
import { collectWithCommissioner } from '../report/collectReport';
import { makeReport } from '../report/makeReport';
import { prepareReportFolder, writeReportOrFallback } from '../report/reportFiles';
import { CommissionProgressFile } from '../services/commissionProgressFile';
import { defaultDataDir } from '../storage/dataDir';
import { parseSetupKey } from './args';
import { appVersion } from './appVersion';
import type { CommissionCliOptions } from './commands/commission';
import { printStepProgress } from './commands/testFire';
import type { CliContext } from './context';
import { parseInviteHours, parseMaxUsers } from './numberArgs';
import { cliSigningKey, nameValue } from './reportRun';

const MARK: Record<StepStatus, string> = { running: '…', done: '✓', skipped: '✓', failed: '✗' };

/** Where the CLI keeps commissioning progress: beside the simulator's state for --sim-state, else in its data folder. */
function progressPath(context: CliContext, simState: string | undefined): string {
  if (context.site) return simState ? `${simState}.commissioning.json` : join(defaultDataDir(), 'sim-commissioning.json');
  return join(defaultDataDir(), 'commissioning.json');
}

export async function runCommission(context: CliContext, intercom: string, opts: CommissionCliOptions, simState = context.site?.options.statePath): Promise<void> {
  const { commissioner, out } = context;
  // Every argument is checked before any radio work: a typo in a rollout script must cost nothing.
  if (intercom.trim() === '') throw new FlussError('INVALID_ARGUMENT', 'Name the intercom to commission.', 'Run `fluss commission <intercom> ...`.');
  if (opts.entry === undefined || opts.entry.trim() === '') throw new FlussError('INVALID_ARGUMENT', 'Say which gate is the Entry Device with --entry <gate>.', 'For example: --entry "Main Gate". `fluss scan` lists the gates.');
  if (opts.report === undefined) throw new FlussError('INVALID_ARGUMENT', 'Say where to write the report with --report <dir>.', 'For example: --report ./reports/front-door');
  const plan: CommissionPlan = {
    intercom,
    entry: opts.entry,
    exit: opts.exit ?? 'same',
    ...(opts.setupKey === undefined ? {} : { setupKey: parseSetupKey(opts.setupKey) }),
    ...(opts.maxUsers === undefined ? {} : { maxUsers: parseMaxUsers(opts.maxUsers) }),
    ...(opts.duration === undefined ? {} : { inviteDurationHours: parseInviteHours(opts.duration) }),
  };
  if (plan.exit.trim() === '') throw new FlussError('INVALID_ARGUMENT', 'The Exit Device is empty.', 'Give --exit <gate>, or --exit same for Same as entry.');
  const technician = nameValue('--technician', opts.technician ?? process.env.FLUSS_TECHNICIAN, 'Give --technician "Your Name" (or set FLUSS_TECHNICIAN).');
  const siteName = nameValue('--site-name', opts.siteName ?? process.env.FLUSS_SITE_NAME ?? context.site?.options.site.name, 'Give --site-name "Site name" (or set FLUSS_SITE_NAME).');
  const folder = prepareReportFolder(opts.report, { replace: opts.replace === true });
  const keys = cliSigningKey();
  const key = keys.get();
  for (const notice of keys.notices) out.warn(notice);
  const progress = new CommissionProgressFile(progressPath(context, simState));
  if (progress.notice) out.warn(progress.notice);

  const controller = new AbortController();
  const onInterrupt = () => controller.abort();
  process.once('SIGINT', onInterrupt);
  const printed = new Set<string>();
  try {
    const outcome = await commission(plan, {
      commissioner,
      progress,
      testFireRecords: context.testFireRecords(),
      now: context.now,
      signal: controller.signal,
      onStep: (step: CommissionStepId, status, detail) =>
        out.progress(status === 'running' ? `${COMMISSION_STEP_LABELS[step]}…` : `${MARK[status]} ${COMMISSION_STEP_LABELS[step]}${detail ? `: ${detail}` : ''}`),
      onTestFireProgress: (steps) => printStepProgress(steps, printed, out),
      writeReport: async (deviceId, testFire, testFireStartedAt) => {
        const facts = await collectWithCommissioner(commissioner, deviceId, { signal: controller.signal });
        const made = await makeReport(facts, testFire, { siteName, technician, appVersion: appVersion(), bluetooth: commissioner.transport.name, createdAt: new Date(context.now()), testFireStartedAt, mode: 'diagnostic' }, key);
        const fallback = join(defaultDataDir(), 'reports', `${facts.intercom.deviceId}-${made.document.body.createdAt.replace(/[:.]/g, '-')}`);
        return writeReportOrFallback(folder, fallback, made.json, made.pdf);
      },
    });
    out.result(
      { commissioned: outcome.deviceId, name: outcome.name, resumedAt: outcome.resumedAt, settings: outcome.settings, testFire: { passed: outcome.testFire.passed, totalMs: outcome.testFire.totalMs }, report: outcome.report, fingerprint: key.fingerprint },
      () =>
        [
          `${outcome.name} is commissioned${outcome.resumedAt === 'claim' ? '' : ` (resumed at ${COMMISSION_STEP_LABELS[outcome.resumedAt]})`}.`,
          `Report written: ${outcome.report.pdf}`,
          `                ${outcome.report.json}`,
          `Signed by key ${key.fingerprint}.`,
        ].join('\n'),
    );
  } finally {
    process.off('SIGINT', onInterrupt);
  }
}
