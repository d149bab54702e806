/**
 * The app's "Save report" and "Save diagnostics" through the services, on the demo site: the report of
 * the last test-fire, read back over the owner session and signed with the installation's key; the
 * bundle holding the GATT-level trace of the app's sessions and the audit log read.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { afterEach, describe, expect, it } from 'vitest';
import type { ResultOf } from '../../electron/ipc/contract';
import { fileAuditReadLog } from '../../electron/diagnostics/auditReads';
import { BleTraceFile } from '../../electron/diagnostics/bleTrace';
import { decodeBtsnoop } from '../../electron/diagnostics/btsnoop';
import { verifyReportText } from '../../electron/report/signReport';
import { reportKeyFile } from '../../electron/report/reportKeyFile';
import { memoryPrefs } from '../../electron/services/prefsStore';
import { memoryProtection } from '../../electron/storage/keyProtection';
import { FRONT_DOOR, tempDir } from '../helpers/demo';
import { servicesOnDemo, value } from './harness';

function reportApp() {
  const dir = tempDir();
  const prefs = memoryPrefs();
  const logs = join(dir, 'logs');
  const app = servicesOnDemo({
    prefs,
    extra: {
      trace: new BleTraceFile(join(logs, 'ble-trace.btsnoop')),
      auditReads: fileAuditReadLog(join(logs, 'audit-read.jsonl')),
      reports: {
        signingKey: reportKeyFile(join(dir, 'report-signing-key.json'), memoryProtection('tests')),
        reportsDir: join(dir, 'reports'),
        diagnosticsDir: join(dir, 'diagnostics'),
        logDirs: [logs],
        doctor: () => Promise.resolve({ text: 'checks', data: [] }),
      },
    },
  });
  const call = (channel: string, payload: unknown) => app.services.invoke(channel, payload);
  return { app, dir, prefs, call };
}

let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

describe('report.save', () => {
  it('refuses with what to do until the name is set and a test-fire has run', async () => {
    const { app, prefs, call } = reportApp();
    close = app.close;
    expect(await call('report.save', { deviceId: FRONT_DOOR })).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT', hint: expect.stringMatching(/Preferences/) as unknown } });
    prefs.update({ technicianName: 'Ana' });
    expect(await call('report.save', { deviceId: FRONT_DOOR })).toMatchObject({ ok: false, error: { message: expect.stringMatching(/No test-fire/) as unknown } });
  });

  it('writes a signed report of the last test-fire, with the fingerprint Preferences shows', async () => {
    const { app, prefs, call } = reportApp();
    close = app.close;
    prefs.update({ technicianName: 'Ana' });
    const { runId } = value(await call('testFire.start', { deviceId: FRONT_DOOR })) as ResultOf<'testFire.start'>;
    await app.waitFor('testFire.done', (d) => d.runId === runId, 15_000);
    const saved = value(await call('report.save', { deviceId: FRONT_DOOR, siteName: 'Acme Works' })) as ResultOf<'report.save'>;
    expect(saved.passed).toBe(true);
    expect(existsSync(saved.pdf)).toBe(true);
    const outcome = verifyReportText(readFileSync(saved.json, 'utf8'));
    expect(outcome).toMatchObject({ status: 'intact', fingerprint: saved.fingerprint });
    expect(outcome.status === 'intact' && outcome.document.body).toMatchObject({ site: { name: 'Acme Works', technician: 'Ana' }, intercom: { deviceId: FRONT_DOOR }, codes: { leftActiveByTest: 0 } });
    expect(value(await call('report.key', {}))).toEqual({ fingerprint: saved.fingerprint });
    // A second save never overwrites the first.
    const again = value(await call('report.save', { deviceId: FRONT_DOOR, siteName: 'Acme Works' })) as ResultOf<'report.save'>;
    expect(again.folder).not.toBe(saved.folder);
    expect(existsSync(saved.json)).toBe(true);
  });
});

describe('diagnostics.save', () => {
  it("bundles the trace of the app's sessions and the audit log read, with user ids pseudonymised", async () => {
    const { app, call } = reportApp();
    close = app.close;
    value(await call('codes.create', { deviceId: FRONT_DOOR }));
    value(await call('audit.read', { deviceId: FRONT_DOOR }));
    const saved = value(await call('diagnostics.save', {})) as ResultOf<'diagnostics.save'>;
    const entries = unzipSync(new Uint8Array(readFileSync(saved.path)));
    expect(Object.keys(entries)).toEqual(expect.arrayContaining(['traces/ble-trace.btsnoop', 'audit/audit-read.jsonl', 'doctor.txt', 'versions.json']));
    const records = decodeBtsnoop(entries['traces/ble-trace.btsnoop'] ?? new Uint8Array()) ?? [];
    expect(records.filter((r) => r.packet[0] === 0x02).length).toBeGreaterThan(4);
    const all = Object.values(entries).map((b) => Buffer.from(b).toString('latin1')).join('\n');
    expect(all).not.toContain('demo-owner');
  });
});
