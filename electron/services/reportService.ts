/**
 * The app's commissioning report and diagnostics bundle (issue 11, items 3 and 4), behind the IPC
 * contract: `report.save` writes the report of the intercom's last test-fire in this run, read back over
 * the open owner session; `report.key` gives the signing key's fingerprint for Preferences;
 * `diagnostics.save` zips logs, traces, audit reads and checks for support. pdf-lib and fflate load on
 * first use, not at app start.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Commissioner } from '../core/commissioner';
import type { SavedReport } from '../ipc/contract';
import { FlussError } from '../protocol/errors';
import type { SigningKeySource } from '../report/signingKey';
import type { PrefsStore } from './prefsStore';
import type { SessionRegistry } from './sessionRegistry';
import type { TestFireRuns } from './testFireRuns';

export interface ReportServiceOptions {
  /** The installation's signing key (sealed like the device keys). */
  signingKey: SigningKeySource;
  /** Reports go in a new folder under this one. */
  reportsDir: string;
  /** Diagnostics bundles are saved here. */
  diagnosticsDir: string;
  /** Folders holding the operations logs, BLE traces and audit reads to bundle. */
  logDirs: string[];
  /** Single log files to bundle too (the browser host's, beside a --sim-state file). */
  logFiles?: string[];
  /** `fluss doctor`'s checks as this app can run them (the radio may be in use by the app itself). */
  doctor: () => Promise<{ text: string; data: unknown }>;
}

export interface ReportServiceDeps extends ReportServiceOptions {
  sessions: SessionRegistry;
  commissioner: () => Commissioner;
  runs: TestFireRuns;
  prefs: PrefsStore;
  version: string;
  bluetooth: string;
  siteName?: string;
}

export function createReportService(deps: ReportServiceDeps) {
  return {
    fingerprint: () => ({ fingerprint: deps.signingKey.get().fingerprint }),

    async saveReport(deviceId: string, siteNameGiven?: string): Promise<SavedReport> {
      const technician = deps.prefs.read().technicianName.trim();
      if (technician === '') throw new FlussError('INVALID_ARGUMENT', 'The report needs your name, and none is set.', 'Enter your name under Preferences (Technician name), then save the report again.');
      const siteName = (siteNameGiven ?? '').trim() || deps.siteName;
      if (!siteName) throw new FlussError('INVALID_ARGUMENT', 'The report needs the site name.', 'Type the site name beside Save report, then save again.');
      const last = deps.runs.lastRun(deviceId);
      if (!last) throw new FlussError('INVALID_ARGUMENT', 'No test-fire of this intercom has run since the app started, so there is nothing to report.', 'Run test-fire, then save the report.');
      const [{ collectReportFacts }, { makeReport }, { prepareReportFolder, writeReportOrFallback }] = await Promise.all([
        import('../report/collectReport'),
        import('../report/makeReport'),
        import('../report/reportFiles'),
      ]);
      // The folder is checked before the devices are read: a disk problem is said at once.
      prepareReportFolder(deps.reportsDir, { replace: true });
      const key = deps.signingKey.get();
      const open = await deps.sessions.open(deviceId, 'owner');
      const facts = await collectReportFacts(open.keeper.session, (gateId, o) => deps.commissioner().readInfo(gateId, o));
      // Wall-clock time: a report is a real-world record (a simulated site's clock may run ahead).
      const createdAt = new Date();
      const made = await makeReport(facts, last.report, { siteName, technician, appVersion: deps.version, bluetooth: deps.bluetooth, createdAt, testFireStartedAt: last.startedAt, mode: last.mode }, key);
      const folderName = `${safeName(siteName)} - ${safeName(facts.intercom.name || facts.intercom.deviceId)} - ${createdAt.toISOString().slice(0, 16).replace(/[:T]/g, (c) => (c === 'T' ? ' ' : '-'))}`;
      const folder = uniqueFolder(join(deps.reportsDir, folderName));
      const paths = writeReportOrFallback(folder, join(deps.diagnosticsDir, 'unsaved-reports', folderName), made.json, made.pdf);
      return { folder, ...paths, fingerprint: key.fingerprint, passed: last.report.passed };
    },

    async saveDiagnostics(): Promise<{ path: string; entries: string[] }> {
      const [{ buildBundle }, { prepareBundlePath, writeBundleFile }, { collectVersions }] = await Promise.all([
        import('../diagnostics/bundle'),
        import('../diagnostics/bundleFile'),
        import('../diagnostics/versions'),
      ]);
      const path = prepareBundlePath(join(deps.diagnosticsDir, `fluss-diagnostics-${new Date().toISOString().replace(/[:.]/g, '-')}.zip`));
      const bundle = await buildBundle({
        logDirs: deps.logDirs,
        files: deps.logFiles ?? [],
        doctor: deps.doctor,
        versions: collectVersions({ version: deps.version, bluetooth: deps.bluetooth }),
      });
      writeBundleFile(path, bundle.zip);
      return { path, entries: bundle.entries };
    },
  };
}

/** A folder name from what a technician typed: no path separators or characters Windows refuses. */
function safeName(text: string): string {
  return text.replace(/[\\/:*?"<>|]|\p{Cc}/gu, '-').replace(/\s+/g, ' ').trim().slice(0, 40) || 'report';
}

/** `path`, or `path (2)`, ... when a report was already saved there this minute: never overwrite one. */
function uniqueFolder(path: string): string {
  let candidate = path;
  for (let i = 2; existsSync(candidate); i++) candidate = `${path} (${i})`;
  return candidate;
}
