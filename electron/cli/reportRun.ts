/**
 * The work of `fluss report` (loaded only when a report command runs: it brings pdf-lib and zod).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FlussError } from '../protocol/errors';
import { collectWithCommissioner } from '../report/collectReport';
import { makeReport } from '../report/makeReport';
import { reportKeyFile } from '../report/reportKeyFile';
import { prepareReportFolder, writeReportOrFallback } from '../report/reportFiles';
import { verifyReportText } from '../report/signReport';
import type { SigningKeySource } from '../report/signingKey';
import { defaultDataDir } from '../storage/dataDir';
import { appVersion } from './appVersion';
import type { CliContext } from './context';
import type { Output } from './output';
import { printStepProgress } from './commands/testFire';

/** The installation's key: sealed in the CLI's data folder, like its device keys. */
export function cliSigningKey(): SigningKeySource {
  return reportKeyFile(join(defaultDataDir(), 'report-signing-key.json'));
}

export async function createCliReport(
  context: CliContext,
  intercom: string,
  opts: { out?: string; technician?: string; siteName?: string; manual?: boolean; replace?: boolean },
): Promise<void> {
  const { commissioner, out } = context;
  // Everything that can be refused is checked before the test-fire: a typo must not cost a test code.
  if (opts.out === undefined) throw new FlussError('INVALID_ARGUMENT', 'Say where to write the report with --out <dir>.', 'For example: fluss report "Front Door" --out ./reports/front-door');
  const technician = nameValue('--technician', opts.technician ?? process.env.FLUSS_TECHNICIAN, 'Give --technician "Your Name" (or set FLUSS_TECHNICIAN).');
  const siteName = nameValue('--site-name', opts.siteName ?? process.env.FLUSS_SITE_NAME ?? context.site?.options.site.name, 'Give --site-name "Site name" (or set FLUSS_SITE_NAME).');
  const folder = prepareReportFolder(opts.out, { replace: opts.replace === true });
  const keys = cliSigningKey();
  const key = keys.get();
  for (const notice of keys.notices) out.warn(notice);

  const controller = new AbortController();
  const onInterrupt = () => controller.abort();
  process.once('SIGINT', onInterrupt);
  try {
    const mode = opts.manual ? 'manual' : 'diagnostic';
    // Wall-clock times: a report is a real-world record (a simulated site's clock may run ahead).
    const testFireStartedAt = new Date();
    out.progress(`Test-fire on ${intercom}…`);
    const printed = new Set<string>();
    const testFire = await commissioner.testFire(intercom, {
      mode,
      signal: controller.signal,
      onCodeReady: (digits) => {
        if (opts.manual) out.progress(`Type ${digits} on the intercom's keypad now, then again to leave.`);
      },
      onProgress: (steps) => printStepProgress(steps, printed, out),
    });
    out.progress('Reading the settings and the gates back for the report…');
    const facts = await collectWithCommissioner(commissioner, intercom, { signal: controller.signal });
    context.testFireRecords().record(facts.intercom.deviceId, testFire, new Date(context.now()));
    // Reports are dated by the wall clock, not a simulated site's clock.
    const made = await makeReport(facts, testFire, { siteName, technician, appVersion: appVersion(), bluetooth: commissioner.transport.name, createdAt: new Date(), testFireStartedAt, mode }, key);
    const fallback = join(defaultDataDir(), 'reports', `${facts.intercom.deviceId}-${made.document.body.createdAt.replace(/[:.]/g, '-')}`);
    const paths = writeReportOrFallback(folder, fallback, made.json, made.pdf);
    out.result({ passed: testFire.passed, report: paths, fingerprint: key.fingerprint, codesLeftActive: made.document.body.codes.leftActiveByTest }, () =>
      [`Report written: ${paths.pdf}`, `                ${paths.json}`, `Signed by key ${key.fingerprint}.`, testFire.passed ? 'Test-fire passed.' : 'Test-fire FAILED: the report says where.'].join('\n'),
    );
    if (!testFire.passed) {
      const failed = testFire.steps.find((s) => s.status === 'failed');
      throw new FlussError('TEST_FIRE_FAILED', `Test-fire failed at "${failed?.label ?? 'unknown step'}"; the report records it.`, failed?.error?.hint);
    }
  } finally {
    process.off('SIGINT', onInterrupt);
  }
}

/** `fluss report verify`: exit 0 intact, 1 changed, 2 not a report (or unreadable). */
export function verifyReportFile(file: string, fingerprint: string | undefined, out: Output): void {
  if (!existsSync(file)) throw new FlussError('INVALID_ARGUMENT', `${file} does not exist.`, 'Give the path of a report.json.');
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new FlussError('INVALID_ARGUMENT', `Cannot read ${file}.`, 'Check the path and its permissions.', { cause: error });
  }
  const outcome = verifyReportText(text, fingerprint);
  if (outcome.status === 'malformed') throw new FlussError('INVALID_VALUE', `${file} cannot be checked: ${outcome.message}`, 'Give the report.json written by `fluss report` or the app.');
  if (outcome.status === 'intact') {
    const body = outcome.document.body;
    out.result({ intact: true, fingerprint: outcome.fingerprint, intercom: body.intercom.name, site: body.site.name, createdAt: body.createdAt, passed: body.testFire.passed }, () =>
      [
        `Intact: ${file} is as signed.`,
        `Signed by key ${outcome.fingerprint}${fingerprint === undefined ? ' (compare it with the fingerprint in the technician\'s Preferences, or pass --fingerprint)' : ', the expected key'}.`,
        `${body.intercom.name} at ${body.site.name}, ${body.createdAt}: test-fire ${body.testFire.passed ? 'passed' : 'failed'}.`,
      ].join('\n'),
    );
    return;
  }
  out.result({ intact: false, fingerprint: outcome.fingerprint, reasons: outcome.reasons, changedFields: outcome.changedFields }, () =>
    [
      `Changed: ${file} is not as signed.`,
      ...outcome.reasons.map((r) => `- ${r.charAt(0).toUpperCase()}${r.slice(1)}.`),
      ...(outcome.changedFields.length > 0 ? [`Changed fields: ${outcome.changedFields.join(', ')}`] : []),
    ].join('\n'),
  );
  process.exitCode = 1;
}

export function printSigningKey(out: Output): void {
  const keys = cliSigningKey();
  const key = keys.get();
  for (const notice of keys.notices) out.warn(notice);
  out.result({ fingerprint: key.fingerprint, publicKey: Buffer.from(key.publicKey).toString('base64') }, () => `Report-signing key fingerprint: ${key.fingerprint}`);
}

export function nameValue(option: string, value: string | undefined, hint: string): string {
  const trimmed = value?.trim() ?? '';
  if (trimmed === '') throw new FlussError('INVALID_ARGUMENT', `The report needs ${option === '--technician' ? 'the technician\'s name' : 'the site\'s name'}.`, hint);
  if (trimmed.length > 64) throw new FlussError('INVALID_VALUE', `${option} is at most 64 characters.`, 'Shorten it.');
  return trimmed;
}
