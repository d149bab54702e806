/** Signing and verifying report.json: an intact report verifies; any change is named; garbage is refused as such. */
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../electron/report/canonicalJson';
import { buildReportBody, type ReportFacts } from '../../electron/report/buildReport';
import { signReport, verifyReportText } from '../../electron/report/signReport';
import { fingerprintOf, generateSigningKey } from '../../electron/report/signingKey';
import type { TestFireReport } from '../../electron/core/testFire';

const facts: ReportFacts = {
  intercom: { kind: 'intercom', deviceId: 'f1a000000001', name: 'Front Door', model: 'FI-100', firmware: '1.4.2', hardware: 'C', serial: 'FI100-24-000117', protocolVersion: 1, claimed: true },
  settings: { settings: { entryDevice: 'f16000000001', exitDevice: 'f16000000002', maxUsers: 5, inviteDurationHours: 8 }, revision: 3 },
  gates: [
    { kind: 'gate', deviceId: 'f16000000001', name: 'Main Gate', model: 'FG-200', firmware: '2.1.0', hardware: 'B', serial: 'FG200-1', protocolVersion: 1, claimed: true },
    { kind: 'gate', deviceId: 'f16000000002', name: 'Garage', model: 'FG-200', firmware: '2.1.0', hardware: 'B', serial: 'FG200-2', protocolVersion: 1, claimed: true },
  ],
  activeCodes: 2,
};
const testFire: TestFireReport = {
  passed: true,
  totalMs: 812,
  codeLeftActive: false,
  steps: [
    { id: 'settings', label: 'Read One Time Access Settings', status: 'passed', durationMs: 40, detail: 'Entry Device and Exit Device chosen' },
    { id: 'entry', label: 'Enter the code: Entry Device opens', status: 'passed', durationMs: 70 },
    { id: 'cleanup', label: 'Leave no test code active', status: 'passed', durationMs: 0 },
  ],
};
const meta = { siteName: 'Acme Works', technician: 'Ana', appVersion: '0.1.0', bluetooth: 'sim', createdAt: new Date('2026-12-02T10:00:00Z'), testFireStartedAt: new Date('2026-12-02T09:59:59Z'), mode: 'diagnostic' as const };

function signed() {
  const { key } = generateSigningKey();
  return { key, document: signReport(buildReportBody(facts, testFire, meta), key) };
}

describe('report.json', () => {
  it('states the gates by name and role, the settings read back and the codes left active', () => {
    const { document } = signed();
    expect(document.body.settings.entryDevice).toEqual({ deviceId: 'f16000000001', name: 'Main Gate' });
    expect(document.body.settings.exitDevice).toEqual({ deviceId: 'f16000000002', name: 'Garage' });
    expect(document.body.gates.map((g) => [g.name, g.role])).toEqual([['Main Gate', 'entry'], ['Garage', 'exit']]);
    expect(document.body.codes).toEqual({ leftActiveByTest: 0, activeOnDevice: 2 });
    expect(document.signature.fingerprint).toBe(fingerprintOf(new Uint8Array(Buffer.from(document.signature.publicKey, 'base64'))));
  });

  it('verifies an intact report, also re-indented, and checks an expected fingerprint', () => {
    const { key, document } = signed();
    expect(verifyReportText(JSON.stringify(document, null, 2))).toMatchObject({ status: 'intact', fingerprint: key.fingerprint });
    expect(verifyReportText(JSON.stringify(document), key.fingerprint.toLowerCase().replace(/ /g, ''))).toMatchObject({ status: 'intact' });
    const other = generateSigningKey().key.fingerprint;
    const wrongKey = verifyReportText(JSON.stringify(document), other);
    expect(wrongKey.status).toBe('changed');
    expect(wrongKey.status === 'changed' && wrongKey.reasons.join()).toMatch(/not by the expected key/);
  });

  it('names the field that changed after signing', () => {
    const { document } = signed();
    const edited = structuredClone(document);
    edited.body.settings.maxUsers = 50;
    const step = edited.body.testFire.steps[1];
    if (step) step.status = 'failed';
    const outcome = verifyReportText(JSON.stringify(edited));
    expect(outcome).toMatchObject({ status: 'changed', changedFields: ['settings.maxUsers', 'testFire.steps.1.status'] });
    expect(outcome.status === 'changed' && outcome.reasons[0]).toMatch(/signature does not match: the report was changed after signing/);
  });

  it('names a removed or added field, and says so when the digests were recomputed too', () => {
    const { document } = signed();
    const removed = structuredClone(document);
    removed.body.gates.pop();
    expect(verifyReportText(JSON.stringify(removed))).toMatchObject({ status: 'changed', changedFields: expect.arrayContaining(['gates.1.name', 'gates.1.serial']) as unknown });
    const recomputed = signReport(buildReportBody(facts, { ...testFire, passed: false }, meta), generateSigningKey().key);
    const forged = { body: recomputed.body, signature: document.signature };
    const outcome = verifyReportText(JSON.stringify(forged));
    expect(outcome.status).toBe('changed');
    expect(outcome.status === 'changed' && outcome.reasons.join(' ')).toMatch(/digests or the signature themselves were changed/);
  });

  it('refuses what is not JSON or not a report as malformed, saying where', () => {
    expect(verifyReportText('{ not json')).toMatchObject({ status: 'malformed', message: expect.stringMatching(/not JSON/) as unknown });
    const { document } = signed();
    const bad = structuredClone(document) as unknown as { body: { intercom: { serial: unknown } } };
    bad.body.intercom.serial = 42;
    expect(verifyReportText(JSON.stringify(bad))).toMatchObject({ status: 'malformed', message: expect.stringMatching(/body\.intercom\.serial/) as unknown });
  });

  it('signs the canonical form: key order and whitespace do not matter', () => {
    expect(canonicalJson({ b: 1, a: [true, null, 'x'], c: { z: 1, y: 2 } })).toBe('{"a":[true,null,"x"],"b":1,"c":{"y":2,"z":1}}');
  });
});
