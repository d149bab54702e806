/**
 * The main-process services behind the IPC contract, shared by the Electron main process and the
 * browser host (Node only: no Electron import). One handler per channel, each returning an IpcResult;
 * events go out through `emit`, device events and scan updates batched.
 */
import type { AppStatus, EventChannel, EventTypes, IpcResult } from '../ipc/contract';
import { Commissioner } from '../core/commissioner';
import type { CredentialSource } from '../core/credentials';
import { saveSettings } from '../core/settingsWrite';
import { confirmedChange, type ConfirmableOp } from '../core/confirmedChange';
import { newRequestId } from '../core/idempotentRequest';
import type { ArgsOf } from '../protocol/messages';
import { FlussError, toFlussError, type ErrorData } from '../protocol/errors';
import { PRODUCTION_TRUST, SIMULATED_SITE_TRUST, type TrustPolicy } from '../protocol/trustAnchors';
import { setupKeyText } from '../sim/siteFile';
import type { Transport } from '../transport/transport';
import { dispatch, type Handlers } from './dispatch';
import { describeCall, type OperationLog } from './operationLog';
import { Batcher } from './eventBatcher';
import { LiveScan } from './liveScan';
import type { PrefsStore } from './prefsStore';
import { ScanShare } from './scanShare';
import { SessionRegistry } from './sessionRegistry';
import { TestFireRuns } from './testFireRuns';
import { createReportService, type ReportServiceOptions } from './reportService';
import type { AuditReadLog } from '../diagnostics/auditReads';
import type { BleTraceSink } from '../diagnostics/bleTrace';
import { traceTransport } from '../diagnostics/gattTrace';
import { memoryUserLabels, type UserLabels } from '../invite/userLabels';
import { addUserWithInvite, importAccess, inspectAccess, listUsersWithLabels, removeUserByLabelOrId } from './userInvites';
import { memoryTestFireRecords, type TestFireRecordStore } from '../core/testFireRecords';
import { createSiteOverview } from './siteOverview';
import { readAuditHistory } from './auditHistory';
import { EventResync } from './eventResync';

/** At most this many audit entries are read again after an event gap (the Live events show 50). */
const MISSED_AUDIT_MAX = 200;
import { memoryCommissionProgress, type CommissionProgressStore } from '../core/commissionProgress';
import { createCommissionFlow } from './commissionFlow';

export type Emit = <E extends EventChannel>(event: E, payload: EventTypes[E]) => void;

export interface AppServicesOptions {
  /** The radio: the simulated site's transport, or real Bluetooth. */
  transport: Transport;
  credentials: CredentialSource;
  prefs: PrefsStore;
  emit: Emit;
  version: string;
  simulated: boolean;
  /** Why real Bluetooth is not in use, when it is not. */
  adapterProblem?: ErrorData;
  siteName?: string;
  /** The devices' clock (a simulated site's clock may run ahead of the wall clock). */
  now?: () => number;
  /** How often scan updates and device events are batched (ms). */
  batchMs?: number;
  /** Where each call's outcome is recorded for support (operationLog.ts); absent, nothing is logged. */
  log?: OperationLog;
  /** Whose device certificates to believe; by default the test factory's only when `simulated`. */
  trust?: TrustPolicy;
  /** The BLE trace of recent sessions; absent, nothing is traced. */
  trace?: BleTraceSink;
  /**
   * The transport feeds `trace` itself (noble's H4 tap on the HCI bindings, in process or in the radio
   * process); else links are traced at the GATT level. A function is asked at each connection (a radio
   * process says which once it is ready).
   */
  transportTracesH4?: boolean | (() => boolean);
  /** Where audit logs read are kept for support (auditReads.ts). */
  auditReads?: AuditReadLog;
  /** The owner's labels for shared users (kept on this computer only); absent, kept in memory. */
  userLabels?: UserLabels;
  /** Commissioning report and diagnostics bundle; absent, those channels say they are unavailable. */
  reports?: ReportServiceOptions;
  /** Each intercom's last test-fire, for the Site overview (a file beside the prefs); absent, kept in memory. */
  testFireRecords?: TestFireRecordStore;
  /** Guided commissioning's progress, the store `fluss commission` uses too (commissionProgressFile.ts); absent, kept in memory. */
  commissionProgress?: CommissionProgressStore;
}

export interface AppServices {
  handlers: Handlers;
  /** Validates and runs one call (what both hosts' IPC layers call). Never throws. */
  invoke(channel: unknown, payload: unknown): Promise<IpcResult<unknown>>;
  close(): Promise<void>;
}

export function createAppServices(options: AppServicesOptions): AppServices {
  const { credentials, prefs, emit } = options;
  const now = options.now ?? Date.now;
  const tracesH4 = options.transportTracesH4;
  const transport =
    options.trace && tracesH4 !== true ? traceTransport(options.transport, options.trace, typeof tracesH4 === 'function' ? tracesH4 : undefined) : options.transport;
  const share = new ScanShare(transport);
  const trust = options.trust ?? (options.simulated ? SIMULATED_SITE_TRUST : PRODUCTION_TRUST);
  const commissioner = () => new Commissioner(share.view(), credentials, trust);
  const records = options.testFireRecords ?? memoryTestFireRecords();
  const flow = createCommissionFlow({
    progress: options.commissionProgress ?? memoryCommissionProgress(),
    credentials,
    lookUp: (deviceId) => commissioner().find(deviceId, 'intercom'),
  });
  const deviceEvents = new Batcher<EventTypes['device.events'][number]>((batch) => emit('device.events', batch), options.batchMs ?? 200);
  const sessions = new SessionRegistry({
    transport: () => share.view(),
    credentials,
    trust,
    onConnectionState: (state) => emit('connection.state', state),
    onDeviceEvent: (deviceId, event) => deviceEvents.push({ deviceId, event }),
    // The events before the gap go out first, so a window applies what was read again after them.
    onEventsMissed: (deviceId, name, notice) => {
      deviceEvents.flush();
      resync.missed(deviceId, name, notice);
    },
  });
  const scan = new LiveScan({
    transport: () => share.view(),
    emit: (change) => emit('scan.devices', change),
    onSeen: (devices) => prefs.noteDevicesSeen(devices, options.siteName),
    coalesceMs: options.batchMs ?? 200,
  });
  const runs = new TestFireRuns({
    emitProgress: (payload) => emit('testFire.progress', payload),
    emitDone: (payload) => emit('testFire.done', payload),
    record: (deviceId, report, endedAt) => {
      records.record(deviceId, report, endedAt);
      flow.testFireEnded(deviceId, report);
    },
  });
  const site = createSiteOverview({ commissioner, records, emitProgress: (payload) => emit('site.progress', payload) });
  const session = async (deviceId: string) => (await sessions.open(deviceId)).keeper.session;
  /**
   * A state-changing request, sent again with the same request id while its reply is lost, and read back
   * when every retry is lost (confirmedChange.ts).
   */
  const remembered = async <O extends ConfirmableOp>(deviceId: string, op: O, args: Omit<ArgsOf<O>, 'requestId'>) =>
    confirmedChange((await sessions.open(deviceId)).keeper, op, { ...args, requestId: newRequestId() } as ArgsOf<O>);
  const labels = options.userLabels ?? memoryUserLabels();
  const reports = options.reports
    ? createReportService({ ...options.reports, sessions, commissioner, runs, prefs, version: options.version, bluetooth: options.transport.name, ...(options.siteName === undefined ? {} : { siteName: options.siteName }) })
    : undefined;
  const reportsOrRefuse = () => {
    if (!reports) throw new FlussError('INTERNAL', 'Reports and diagnostics are not available in this window.', 'Restart the app.');
    return reports;
  };

  const own: Omit<Handlers, keyof typeof flow.handlers> = {
    'app.status': () =>
      result(async () => {
        const status: AppStatus = { transport: options.transport.name, simulated: options.simulated, version: options.version };
        if (options.adapterProblem) status.adapterProblem = options.adapterProblem;
        if (options.siteName !== undefined) status.siteName = options.siteName;
        return Promise.resolve(status);
      }),
    'scan.start': () => result(async () => (await scan.start(), null)),
    'scan.stop': () => result(async () => (await scan.stop(), null)),
    'device.info': ({ deviceId }) =>
      result(async () => sessions.current(deviceId)?.keeper.session.info ?? (await commissioner().readInfo(deviceId))),
    'intercom.open': ({ deviceId, role }) =>
      result(async () => {
        const open = await sessions.open(deviceId, role);
        return { info: open.keeper.session.info, role: open.role, userId: open.userId };
      }),
    'intercom.close': ({ deviceId }) => result(async () => (await sessions.close(deviceId), null)),
    'settings.get': ({ deviceId }) => result(async () => (await session(deviceId)).getSettings()),
    'settings.save': ({ deviceId, settings, baseRevision }) =>
      result(async () => {
        const open = await sessions.open(deviceId);
        return saveSettings(open.keeper, settings, baseRevision);
      }),
    'codes.list': ({ deviceId }) =>
      result(async () => {
        const open = await session(deviceId);
        const codes = await open.listCodes();
        // Max Users bounds the active codes ("4 of 5 active"); the list still shows if settings cannot be read.
        const maxActive = await open.getSettings().then((s) => s.settings.maxUsers, () => undefined);
        return { codes, deviceNow: now(), labels: prefs.codeLabels(deviceId), ...(maxActive === undefined ? {} : { maxActive }) };
      }),
    'codes.create': ({ deviceId, label }) =>
      result(async () => {
        const created = await remembered(deviceId, 'codes.create', {});
        const trimmed = label?.trim() ?? '';
        if (trimmed !== '') prefs.setCodeLabel(deviceId, created.code.codeId, trimmed);
        return trimmed === '' ? created : { ...created, label: trimmed };
      }),
    'codes.label': ({ deviceId, codeId, label }) =>
      result(() => {
        prefs.setCodeLabel(deviceId, codeId, label.trim());
        return Promise.resolve({ codeId, label: label.trim() });
      }),
    'codes.revoke': ({ deviceId, codeId }) => result(async () => (await remembered(deviceId, 'codes.revoke', { codeId })).code),
    'gate.identify': ({ deviceId }) => result(async () => (await commissioner().withGate(deviceId, {}, (gate) => gate.identify()), null)),
    'testFire.start': ({ deviceId, mode }) =>
      result(async () => {
        const open = await sessions.open(deviceId, sessions.current(deviceId) ? undefined : 'owner');
        if (open.role !== 'owner') {
          throw new FlussError('NOT_AUTHORIZED', 'Test-fire needs the owner: this computer is connected as a shared user.', "Open the intercom as its owner, or ask the owner to run the test.");
        }
        const runId = runs.start({
          intercom: open.keeper,
          connectGate: (gateId, signal) => commissioner().openGate(gateId, { signal, role: 'owner' }),
          mode: mode ?? 'diagnostic',
        });
        return { runId };
      }),
    'testFire.cancel': ({ runId }) =>
      result(async () => {
        if (!runs.cancel(runId)) throw new FlussError('INVALID_ARGUMENT', `No test-fire run ${runId} was started.`, 'Start a test-fire first.');
        return Promise.resolve(null);
      }),
    'setup.claim': ({ deviceId, setupKey, replaceExisting }) =>
      result(async () => {
        const key = parseSetupKey(setupKey);
        const info = await commissioner().claim(deviceId, key, { replaceExisting });
        return { ...info, claimed: true };
      }),
    'users.list': ({ deviceId }) => result(async () => listUsersWithLabels(await session(deviceId), labels)),
    'users.add': ({ deviceId, label }) => result(async () => addUserWithInvite((await sessions.open(deviceId)).keeper, labels, label)),
    'users.remove': ({ deviceId, userId }) => result(async () => (await removeUserByLabelOrId((await sessions.open(deviceId)).keeper, labels, userId), null)),
    'access.inspect': ({ inviteText, source }) => result(() => Promise.resolve(inspectAccess(inviteText, source))),
    'access.import': ({ inviteText, passphrase, replaceExisting }) => result(() => importAccess(credentials, inviteText, passphrase, replaceExisting === true)),
    'audit.read': ({ deviceId, beforeSeq }) =>
      result(async () => {
        const { entries, ...page } = await readAuditHistory(await session(deviceId), beforeSeq, prefs, labels);
        options.auditReads?.record(deviceId, entries);
        return page;
      }),
    'report.save': ({ deviceId, siteName }) => result(() => reportsOrRefuse().saveReport(deviceId, siteName)),
    'report.key': () => result(() => Promise.resolve(reportsOrRefuse().fingerprint())),
    'diagnostics.save': () => result(() => reportsOrRefuse().saveDiagnostics()),
    'site.list': () => result(() => site.list()),
    'site.checkAll': () => result(() => site.checkAll()),
    'prefs.get': () => result(() => Promise.resolve(prefs.read())),
    'prefs.set': (patch) =>
      result(() =>
        Promise.resolve(
          prefs.update({
            ...(patch.technicianName === undefined ? {} : { technicianName: patch.technicianName.trim() }),
            ...(patch.showOtherDevices === undefined ? {} : { showOtherDevices: patch.showOtherDevices }),
          }),
        ),
      ),
  };

  // Guided commissioning: its own channels, and the steps' channels followed so each finished step is recorded.
  const handlers: Handlers = {
    ...own,
    ...flow.handlers,
    'setup.claim': flow.follow('setup.claim', own['setup.claim']),
    'settings.save': flow.follow('settings.save', own['settings.save']),
    'testFire.start': flow.follow('testFire.start', own['testFire.start']),
    'report.save': flow.follow('report.save', own['report.save']),
  };
  const resync = new EventResync({
    handlers,
    // The missed entries only: a gap is a few events, so one page of the audit log holds them.
    readAudit: (deviceId, fromSeq) => result(async () => (await (await session(deviceId)).readAudit(fromSeq, MISSED_AUDIT_MAX)).entries),
    roleOf: (deviceId) => sessions.current(deviceId)?.role,
    emit: (payload) => emit('device.resynced', payload),
    log: options.log,
  });

  return {
    handlers,
    invoke: async (channel, payload) => {
      const started = performance.now();
      const outcome = await dispatch(handlers, channel, payload);
      options.log?.record(describeCall(channel, payload, outcome, performance.now() - started, new Date()));
      return outcome;
    },
    close: async () => {
      await scan.stop().catch(() => undefined);
      await runs.close();
      await resync.close();
      await sessions.closeAll();
      deviceEvents.flush();
      deviceEvents.close();
      prefs.flush();
    },
  };
}

/** Runs `work` and returns its value or its error as data. */
async function result<T>(work: () => Promise<T>): Promise<IpcResult<T>> {
  try {
    return { ok: true, value: await work() };
  } catch (error) {
    return { ok: false, error: toFlussError(error).toData() };
  }
}

/** A setup key as printed on the label (the CLI's rule, electron/cli/args.ts). */
function parseSetupKey(text: string): Uint8Array {
  const parsed = setupKeyText.safeParse(text);
  if (!parsed.success) {
    throw new FlussError('INVALID_VALUE', "That setup key is not valid: it is 32 hex digits, as printed on the intercom's label.", 'Type it again exactly as on the label (dashes are optional).');
  }
  return new Uint8Array(Buffer.from(parsed.data, 'hex'));
}
