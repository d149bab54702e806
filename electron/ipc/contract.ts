/**
 * The one IPC contract between the renderer and the main-process services (docs/architecture.md).
 * Main, preload, the browser host and the renderer all derive their types from this file; main
 * validates every payload against `requestSchemas` before a handler sees it. This file imports nothing
 * from Electron, Node or the DOM.
 *
 * Every call resolves to an `IpcResult`: errors travel as data ({ code, message, hint }) because
 * Electron strips custom fields from errors thrown across `invoke`.
 */
import { z } from 'zod';
import { ERROR_CODES, type ErrorData } from '../protocol/errors';
import type { AuditRow } from './auditTable';
import {
  accessSettingsSchema,
  auditEntrySchema,
  codeIdSchema,
  codeSummarySchema,
  deviceIdSchema,
  roleSchema,
  settingsSnapshotSchema,
  userIdSchema,
  type AuditEntry,
  type CodeSummary,
  type DeviceEvent,
  type DeviceInfo,
  type Role,
  type SettingsSnapshot,
} from '../protocol/messages';

export type IpcResult<T> = { ok: true; value: T } | { ok: false; error: ErrorData };

const device = z.strictObject({ deviceId: deviceIdSchema });
/** A code's label ("Anna, plumber"): up to 32 characters, no control characters; trimmed by the services. */
export const codeLabelSchema = z.string().max(32, 'a label is at most 32 characters').regex(/^\P{Cc}*$/u, 'a label has no control characters');
const empty = z.strictObject({});

/** Payload schemas of every invoke channel. */
export const requestSchemas = {
  'app.status': empty,
  'scan.start': empty,
  'scan.stop': empty,
  'device.info': device,
  /** Opens (or reuses) an authenticated session with an intercom, as owner or shared user. */
  'intercom.open': z.strictObject({ deviceId: deviceIdSchema, role: roleSchema.optional() }),
  'intercom.close': device,
  'settings.get': device,
  'settings.save': z.strictObject({ deviceId: deviceIdSchema, settings: accessSettingsSchema, baseRevision: z.number().int().min(0) }),
  'codes.list': device,
  'codes.create': z.strictObject({ deviceId: deviceIdSchema, label: codeLabelSchema.optional() }),
  /** Labels a code on this computer only (the device never sees it); an empty label removes it. */
  'codes.label': z.strictObject({ deviceId: deviceIdSchema, codeId: codeIdSchema, label: codeLabelSchema }),
  'codes.revoke': z.strictObject({ deviceId: deviceIdSchema, codeId: codeIdSchema }),
  'gate.identify': device,
  'testFire.start': z.strictObject({ deviceId: deviceIdSchema, mode: z.enum(['diagnostic', 'manual']).optional() }),
  'testFire.cancel': z.strictObject({ runId: z.string().regex(/^[0-9a-f]{16}$/) }),
  // No owner user id: the device learns a random one (security issue #9, finding 10).
  'setup.claim': z.strictObject({ deviceId: deviceIdSchema, setupKey: z.string().max(64), replaceExisting: z.boolean().optional() }),
  'users.list': device,
  /**
   * Adds a shared user: the device learns a random id (HELLO carries it in clear); `label` ("Ben,
   * caretaker") stays on this computer and travels in the invite the call returns.
   */
  'users.add': z.strictObject({ deviceId: deviceIdSchema, label: z.string().max(64) }),
  'users.remove': z.strictObject({ deviceId: deviceIdSchema, userId: userIdSchema }),
  /** One screenful of Device Details' history, newest first: the newest entries, or those before `beforeSeq`. */
  'audit.read': z.strictObject({ deviceId: deviceIdSchema, beforeSeq: z.number().int().min(0).optional() }),
  /**
   * Import access, first step: what an invite is for (its clear header), read from the invite file's text or
   * the text of its QR code (decoded in the page), checked with the invite file's schema. No key is filed.
   */
  'access.inspect': z.strictObject({ inviteText: z.string().max(16 * 1024), source: z.enum(['file', 'qr']) }),
  /** Import access: files the key an owner's invite carries (the invite file's text and its one-time passphrase). */
  'access.import': z.strictObject({ inviteText: z.string().max(16 * 1024), passphrase: z.string().max(128), replaceExisting: z.boolean().optional() }),
  /** Writes report.pdf and report.json of the intercom's last test-fire in this run (a new folder each time). */
  'report.save': z.strictObject({ deviceId: deviceIdSchema, siteName: z.string().max(64).optional() }),
  /** This installation's report-signing key fingerprint (made on first use). */
  'report.key': empty,
  /** Writes the diagnostics bundle (a zip for support) and says where. */
  'diagnostics.save': empty,
  /** Site overview: every intercom heard, from a short scan and this computer's keys (no session opened). */
  'site.list': empty,
  /** Site overview's "Check all": the same, then each intercom this computer can open is read in turn ('site.progress'). */
  'site.checkAll': empty,
  /** Guided commissioning: where this intercom's flow stands (the progress `fluss commission` keeps too), or null. */
  'commission.get': device,
  /** Starts guided commissioning (or returns the unfinished flow to resume); the intercom is looked for first. */
  'commission.start': device,
  /** The flow's "Entry and Exit Device" step: the gates chosen, kept until One Time Access Settings saves them. */
  'commission.gates': z.strictObject({ deviceId: deviceIdSchema, entryDevice: deviceIdSchema, exitDevice: z.union([deviceIdSchema, z.literal('same')]) }),
  'prefs.get': empty,
  'prefs.set': z.strictObject({
    technicianName: z.string().max(64).optional(),
    showOtherDevices: z.boolean().optional(),
  }),
} as const;

export type InvokeChannel = keyof typeof requestSchemas;
export type RequestOf<C extends InvokeChannel> = z.infer<(typeof requestSchemas)[C]>;

/** What the Devices screen shows of one advertiser. */
export interface ScannedDeviceView {
  key: string;
  kind: 'intercom' | 'gate' | 'other';
  deviceId?: string;
  name: string;
  claimed?: boolean;
  model?: string;
  firmware?: string;
  /** Smoothed RSSI, dBm. */
  rssi: number;
  /**
   * What "strongest first" sorts by: a slow average of `rssi` that moves only by 6 dB or more
   * (electron/services/signalRank.ts), so jitter never reorders rows. Absent: sort by `rssi`.
   */
  rankRssi?: number;
  lastSeen: number;
}

/** A device whose signal moved or that was heard again: only what changed (see ScanChange). */
export interface ScanSignal {
  key: string;
  rssi: number;
  rankRssi: number;
  lastSeen: number;
}

/**
 * The live scan as changes (issue 10, section 3): a full `snapshot` when a window (re)subscribes
 * (`scan.start`), then `delta`s, batched about every 200 ms. `changed` carries devices that are new or
 * whose name, kind, claim or firmware changed, in full; `signals` carries RSSI and last-heard updates,
 * sent only when they matter on screen (electron/services/scanDelta.ts says when); `removed` the keys
 * of devices aged out. `seq` goes up by one per message: a window that sees a gap asks for a snapshot.
 */
export type ScanChange =
  | { type: 'snapshot'; seq: number; devices: ScannedDeviceView[] }
  | { type: 'delta'; seq: number; changed: ScannedDeviceView[]; signals: ScanSignal[]; removed: string[] };

export interface AppStatus {
  /** 'sim' when the built-in simulated site is in use (the UI shows a banner). */
  transport: string;
  simulated: boolean;
  /** Why real Bluetooth is not in use, when it is not. */
  adapterProblem?: ErrorData;
  siteName?: string;
  version: string;
}

export interface SessionView {
  info: DeviceInfo;
  role: Role;
  userId: string;
}

export interface Prefs {
  technicianName: string;
  showOtherDevices: boolean;
}

export interface TestFireStepView {
  id: string;
  label: string;
  status: 'pending' | 'running' | 'passed' | 'failed' | 'skipped';
  durationMs?: number;
  detail?: string;
  error?: ErrorData;
}

export interface TestFireReportView {
  passed: boolean;
  steps: TestFireStepView[];
  totalMs: number;
  codeLeftActive: boolean;
}

/** Result types of every invoke channel. */
export interface ResultTypes {
  'app.status': AppStatus;
  'scan.start': null;
  'scan.stop': null;
  'device.info': DeviceInfo;
  'intercom.open': SessionView;
  'intercom.close': null;
  'settings.get': SettingsSnapshot;
  'settings.save': SettingsSnapshot;
  /** `deviceNow` is the device's clock, for "time left" (a simulated site's clock may run ahead). */
  /** `labels` by code id (this computer's, never the device's); `maxActive` is the intercom's Max Users, when it could be read. */
  'codes.list': { codes: CodeSummary[]; deviceNow: number; labels: Record<string, string>; maxActive?: number };
  /** The digits are shown once and never stored by the app. */
  'codes.create': { code: CodeSummary; digits: string; label?: string };
  'codes.label': { codeId: string; label: string };
  'codes.revoke': CodeSummary;
  'gate.identify': null;
  'testFire.start': { runId: string };
  'testFire.cancel': null;
  'setup.claim': DeviceInfo;
  /** `label`: this computer's name for the user, where it has one. */
  'users.list': { userId: string; role: Role; label?: string }[];
  'users.add': { userId: string; label: string; invite: InviteView };
  'users.remove': null;
  /** Newest first, in people's words (auditTable.ts); `next` is the `beforeSeq` of the older page. */
  'audit.read': { rows: AuditRow[]; lastSeq: number; next?: number };
  /** `label`: the owner's name for the person invited ("Ben, caretaker"); `createdAt`: when the invite was made (ISO 8601). */
  'access.inspect': { deviceId: string; deviceName: string; label: string; createdAt: string };
  'access.import': { deviceId: string; deviceName: string; userId: string; role: 'shared' };
  'report.save': SavedReport;
  'report.key': { fingerprint: string };
  'diagnostics.save': { path: string; entries: string[] };
  'site.list': { rows: SiteRowView[] };
  'site.checkAll': { rows: SiteRowView[] };
  'commission.get': CommissionFlowView | null;
  'commission.start': CommissionFlowView;
  'commission.gates': CommissionFlowView;
  'prefs.get': Prefs;
  'prefs.set': Prefs;
}

/** The steps of guided commissioning, in order (electron/core/commissionProgress.ts). */
export type CommissionStep = 'claim' | 'gates' | 'settings' | 'testFire' | 'report';

/**
 * Where one intercom's guided commissioning stands. Each step is recorded by the services when the
 * channel that does it succeeds (setup.claim, commission.gates, settings.save, a passed test-fire,
 * report.save); `stopped` is the step that failed last and why.
 */
export interface CommissionFlowView {
  deviceId: string;
  name: string;
  completed: CommissionStep[];
  /** The step to do now; null once the report is written. */
  next: CommissionStep | null;
  gates?: { entryDevice: string; exitDevice: string };
  stopped?: { step: CommissionStep; message: string };
  report?: { json: string; pdf: string };
  updatedAt: string;
}

/**
 * An invite for a new shared user: the file's text (to save as `fileName`), the same as a QR code, and the
 * one-time passphrase that opens it, shown once and never stored. The shared user's key is in the invite
 * only: this computer keeps no copy.
 */
export interface InviteView {
  text: string;
  fileName: string;
  qrDataUrl: string;
  passphrase: string;
}

/** One row of the Site overview (electron/core/siteStatus.ts makes them; this is their shape on the wire). */
export interface SiteRowView {
  deviceId: string;
  name: string;
  relationship: 'owner' | 'shared' | 'not mine' | 'unclaimed';
  model?: string;
  firmware?: string;
  rssi: number;
  lastTestFire?: { passed: boolean; at: string; totalMs: number; failedStep?: string };
  check:
    | { status: 'not checked' }
    | { status: 'checking' }
    | {
        status: 'checked';
        at: string;
        settings: {
          entryDevice: { deviceId: string; name?: string } | null;
          exitDevice: { deviceId: string; name?: string } | 'same';
          maxUsers: number;
          inviteDurationHours: number;
          activeCodes: number;
        };
      }
    | { status: 'failed'; error: ErrorData }
    | { status: 'not readable'; reason: string };
}

/** Where a report was written, and what it says in one word. */
export interface SavedReport {
  folder: string;
  pdf: string;
  json: string;
  fingerprint: string;
  passed: boolean;
}

export type ResultOf<C extends InvokeChannel> = ResultTypes[C];

/** Events main sends to the renderer. Bursts are batched (about every 200 ms) before they are sent. */
export interface EventTypes {
  /** The live scan: a snapshot on (re)subscribe, then batched deltas (ScanChange). */
  'scan.devices': ScanChange;
  /** Device events (audit entries, gate relay events), batched. Never contain code digits or keys. */
  'device.events': { deviceId: string; event: DeviceEvent }[];
  'connection.state': { deviceId: string; state: 'connected' | 'lost' | 'closed'; reason?: string };
  'testFire.progress': { runId: string; steps: TestFireStepView[] };
  'testFire.done': { runId: string; report: TestFireReportView };
  /** "Check all" in progress: `done` of `total` intercoms read; `row` is the one just started or finished. */
  'site.progress': { done: number; total: number; row: SiteRowView };
  /** Events were missed and what they keep current was read again (DeviceResynced). */
  'device.resynced': DeviceResynced;
}

/**
 * After an event gap (issue 8, item 5; docs/protocol.md, "Sealed frames and counters"): the intercom sent
 * events this app did not receive, so the services read again what events keep current. Each part
 * present replaces what a window shows for `deviceId`; a part is absent when this role may not read it
 * or it could not be read (then `error` says what happened and what to do). `message` is the notice in
 * the technician's words. Never carries code digits or keys.
 */
export interface DeviceResynced {
  deviceId: string;
  deviceName: string;
  missed: number;
  codes?: ResultTypes['codes.list'];
  settings?: SettingsSnapshot;
  users?: ResultTypes['users.list'];
  /** The audit entries the missed events carried (owner only), oldest first. */
  events?: AuditEntry[];
  message: string;
  error?: ErrorData;
}

/** What the services check a `device.resynced` payload against before it is sent (it gathers several reads). */
export const deviceResyncedSchema = z.strictObject({
  deviceId: deviceIdSchema,
  deviceName: z.string().max(64),
  missed: z.number().int().min(1),
  // Not strict: the codes view may gain fields (paging) without this notice being refused.
  codes: z
    .object({ codes: z.array(codeSummarySchema), deviceNow: z.number(), labels: z.record(z.string(), z.string()), maxActive: z.number().int().optional() })
    .optional(),
  settings: settingsSnapshotSchema.optional(),
  users: z.array(z.strictObject({ userId: userIdSchema, role: roleSchema, label: z.string().max(64).optional() })).optional(),
  events: z.array(auditEntrySchema).max(200).optional(),
  message: z.string().min(1).max(1000),
  error: z.strictObject({ code: z.enum(ERROR_CODES), message: z.string().max(1000), hint: z.string().max(1000).optional() }).optional(),
});

export type EventChannel = keyof EventTypes;
export const EVENT_CHANNELS: readonly EventChannel[] = ['scan.devices', 'device.events', 'connection.state', 'testFire.progress', 'testFire.done', 'site.progress', 'device.resynced'];

export const INVOKE_CHANNELS = Object.keys(requestSchemas) as InvokeChannel[];

/**
 * The API the renderer sees (window.fluss in Electron, the WebSocket bridge in the browser host): one
 * named method per channel, never a generic ipcRenderer, plus `on` for the event channels.
 */
export type FlussApi = { [C in InvokeChannel]: (request: RequestOf<C>) => Promise<IpcResult<ResultOf<C>>> } & {
  on<E extends EventChannel>(channel: E, listener: (payload: EventTypes[E]) => void): () => void;
};
