/**
 * The work of `fluss diagnostics` (loaded only when it runs: it brings fflate). Gathers what this
 * computer's Fluss+ installs wrote in the data folder (the app's, the browser host's and the CLI's
 * operations logs, BLE traces and audit reads), runs `fluss doctor`'s checks and zips it all.
 */
import { join } from 'node:path';
import { fileAuditReadLog, type AuditReadLog } from '../diagnostics/auditReads';
import { buildBundle } from '../diagnostics/bundle';
import { prepareBundlePath, writeBundleFile } from '../diagnostics/bundleFile';
import { collectVersions } from '../diagnostics/versions';
import { defaultDataDir } from '../storage/dataDir';
import { describeBinding } from '../transport/noble/bindingChoice';
import { appVersion } from './appVersion';
import { adapterTimeoutMs, bindingFor, type GlobalOptions } from './context';
import type { Output } from './output';

export function cliAuditReadLog(): AuditReadLog {
  return fileAuditReadLog(join(defaultDataDir(), 'logs', 'audit-read.jsonl'));
}

export async function saveDiagnostics(file: string, options: { replace?: boolean }, globals: GlobalOptions, out: Output): Promise<void> {
  const path = prepareBundlePath(file, options);
  const { binding, source } = bindingFor(globals);
  const logs = join(defaultDataDir(), 'logs');
  out.progress('Gathering logs, traces and the Bluetooth checks…');
  const bundle = await buildBundle({
    logDirs: [logs],
    // The browser host keeps its logs beside a --sim-state file.
    files: globals.simState === undefined ? [] : [`${globals.simState}.operations.log`],
    doctor: async () => {
      const [{ doctorPassed, evaluateDoctor }, { gatherProbes }] = await Promise.all([import('../transport/noble/doctor'), import('../transport/noble/doctorProbes')]);
      const checks = evaluateDoctor(await gatherProbes(binding, source, Math.min(adapterTimeoutMs(), 3_000)));
      const text = [...checks.map((c) => `${c.status.toUpperCase()} ${c.title}: ${c.detail}${c.fix ? `\n    Fix: ${c.fix}` : ''}`), doctorPassed(checks) ? 'Ready: Bluetooth is usable.' : 'Not ready.'].join('\n');
      return { text, data: { passed: doctorPassed(checks), checks } };
    },
    versions: collectVersions({ version: appVersion(), bluetooth: describeBinding(binding) }),
  });
  writeBundleFile(path, bundle.zip);
  out.result({ path, entries: bundle.entries }, () => `Diagnostics saved: ${path}\n${bundle.entries.map((e) => `  ${e}`).join('\n')}\nNo code digits or keys are in it; send it to support.`);
}
