/**
 * The report's content from what the core read: the intercom's identity and settings read back after the
 * test-fire, the gates' identities, the test-fire's steps. Pure: the same facts make the same body.
 */
import type { TestFireReport } from '../core/testFire';
import type { DeviceInfo, SettingsSnapshot } from '../protocol/messages';
import { REPORT_FORMAT, REPORT_VERSION, type ReportBody, type ReportDevice } from './reportSchema';

export interface ReportFacts {
  intercom: DeviceInfo;
  settings: SettingsSnapshot;
  /** Info of each gate named in the settings (read without a key); a gate that did not answer is absent. */
  gates: DeviceInfo[];
  /** Codes active on the intercom after the test. */
  activeCodes: number;
}

export interface ReportMeta {
  siteName: string;
  technician: string;
  appVersion: string;
  /** The Bluetooth in use ("sim", "noble (HCI UART on /dev/ttyACM0)"). */
  bluetooth: string;
  createdAt: Date;
  testFireStartedAt: Date;
  mode: 'diagnostic' | 'manual';
}

export function buildReportBody(facts: ReportFacts, testFire: TestFireReport, meta: ReportMeta): Omit<ReportBody, 'fieldDigests'> {
  const { settings } = facts.settings;
  const gateName = (id: string) => facts.gates.find((g) => g.deviceId === id)?.name ?? id;
  const entry = settings.entryDevice;
  const exit = settings.exitDevice === 'same' ? entry : settings.exitDevice;
  return {
    format: REPORT_FORMAT,
    version: REPORT_VERSION,
    createdAt: meta.createdAt.toISOString(),
    site: { name: meta.siteName, technician: meta.technician },
    intercom: identity(facts.intercom),
    settings: {
      entryDevice: entry === null ? null : { deviceId: entry, name: gateName(entry) },
      exitDevice: settings.exitDevice === 'same' ? 'same' : { deviceId: settings.exitDevice, name: gateName(settings.exitDevice) },
      maxUsers: settings.maxUsers,
      inviteDurationHours: settings.inviteDurationHours,
      revision: facts.settings.revision,
    },
    gates: facts.gates.map((g) => ({ ...identity(g), role: g.deviceId === entry && g.deviceId === exit ? 'entry and exit' : g.deviceId === entry ? 'entry' : 'exit' })),
    testFire: {
      passed: testFire.passed,
      startedAt: meta.testFireStartedAt.toISOString(),
      totalMs: Math.max(0, Math.round(testFire.totalMs)),
      mode: meta.mode,
      steps: testFire.steps.map((s) => ({
        id: s.id,
        label: s.label,
        status: s.status,
        ...(s.durationMs === undefined ? {} : { durationMs: Math.max(0, Math.round(s.durationMs)) }),
        ...(s.detail === undefined ? {} : { detail: s.detail.slice(0, 300) }),
        ...(s.error === undefined ? {} : { error: { code: s.error.code, message: s.error.message, ...(s.error.hint === undefined ? {} : { hint: s.error.hint }) } }),
      })),
    },
    codes: { leftActiveByTest: testFire.codeLeftActive ? 1 : 0, activeOnDevice: facts.activeCodes },
    app: { name: 'Fluss+ Commissioner', version: meta.appVersion, bluetooth: meta.bluetooth.slice(0, 120) },
  };
}

function identity(info: DeviceInfo): ReportDevice {
  return { name: info.name, deviceId: info.deviceId, serial: info.serial, model: info.model, firmware: info.firmware, hardware: info.hardware };
}

/** The gates the settings name, entry first, each once. */
export function gatesOf(settings: SettingsSnapshot): string[] {
  const { entryDevice, exitDevice } = settings.settings;
  return [...new Set([entryDevice, exitDevice === 'same' ? entryDevice : exitDevice].filter((g): g is string => g !== null))];
}
