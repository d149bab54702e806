/**
 * `fluss report` end to end in a child process over the simulated site: the test-fire runs, report.pdf
 * says what a customer must read (pdftotext) and renders (pdftoppm), report.json verifies, and a changed
 * or broken report is told apart. An unwritable --out folder is refused before any test code is made.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { fluss } from '../helpers/cli';
import { tempDir } from '../helpers/demo';
import { toolAvailable } from '../helpers/tools';

const poppler = toolAvailable('pdftotext', 'poppler-utils') && toolAvailable('pdftoppm', 'poppler-utils');

let dataDir: string;
let state: string;
let out: string;

beforeAll(async () => {
  dataDir = tempDir();
  state = join(dataDir, 'state.json');
  out = join(dataDir, 'front-door');
  const result = await fluss(['--sim', '--sim-state', state, 'report', 'Front Door', '--out', out, '--technician', 'Ana Técnica', '--site-name', 'Acme Works'], dataDir, 30_000);
  expect(result.code, result.stderr).toBe(0);
  expect(result.stdout).toMatch(/Report written: .*report\.pdf/);
}, 40_000);

describe('fluss report', () => {
  it('writes a signed report.json stating the intercom, the settings read back, the gates and every step', () => {
    const document = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as { body: Record<string, unknown> & { testFire: { steps: { status: string }[] } } };
    expect(document.body).toMatchObject({
      site: { name: 'Acme Works', technician: 'Ana Técnica' },
      intercom: { name: 'Front Door', deviceId: 'f1a000000001', serial: expect.any(String) as unknown, model: expect.any(String) as unknown, firmware: expect.any(String) as unknown },
      settings: { entryDevice: { name: 'Main Gate' }, exitDevice: 'same' },
      gates: [{ name: 'Main Gate', deviceId: 'f16000000001', role: 'entry and exit' }],
      testFire: { passed: true },
      codes: { leftActiveByTest: 0 },
      app: { name: 'Fluss+ Commissioner' },
    });
    expect(document.body.testFire.steps.map((s) => s.status)).toEqual(Array(7).fill('passed'));
  });

  it.runIf(poppler)('writes a PDF a customer can read: site, technician, identity, settings, gates, steps, codes, fingerprint', async () => {
    const text = spawnSync('pdftotext', ['-layout', join(out, 'report.pdf'), '-'], { encoding: 'utf8' });
    expect(text.status, text.stderr).toBe(0);
    const key = await fluss(['report', 'key'], dataDir);
    const fingerprint = /fingerprint: (.+)$/m.exec(key.stdout)?.[1] ?? 'missing';
    for (const expected of ['Commissioning report', 'PASSED', 'Acme Works', 'Ana Técnica', 'Front Door', 'f1a000000001', 'Main Gate (f16000000001)', 'Same as entry', 'Max Users', 'Invite Duration', 'Enter it a third time: refused', 'Test codes left active', fingerprint, 'fluss report verify']) {
      expect(text.stdout).toContain(expected);
    }
    const render = spawnSync('pdftoppm', ['-png', '-r', '60', join(out, 'report.pdf'), join(dataDir, 'page')], { encoding: 'utf8' });
    expect(render.status, render.stderr).toBe(0);
    const pages = readdirSync(dataDir).filter((f) => /^page-\d+\.png$/.test(f));
    expect(pages.length).toBeGreaterThanOrEqual(1);
    expect(pages.length).toBeLessThanOrEqual(2);
    expect(statSync(join(dataDir, pages[0] ?? '')).size).toBeGreaterThan(10_000);
  });

  it('verify: 0 for the report as written, 1 naming the changed field, 2 for a file that is not a report', async () => {
    const intact = await fluss(['report', 'verify', join(out, 'report.json')], dataDir);
    expect(intact.code, intact.stderr).toBe(0);
    expect(intact.stdout).toMatch(/^Intact/);

    const document = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as { body: { intercom: { serial: string } } };
    document.body.intercom.serial = 'FI100-00-000000';
    const edited = join(dataDir, 'edited.json');
    writeFileSync(edited, JSON.stringify(document, null, 2));
    const changed = await fluss(['report', 'verify', edited], dataDir);
    expect(changed.code).toBe(1);
    expect(changed.stdout).toMatch(/signature does not match: the report was changed after signing/i);
    expect(changed.stdout).toMatch(/Changed fields: intercom\.serial/);

    const garbage = join(dataDir, 'garbage.json');
    writeFileSync(garbage, '{"body": 1');
    const malformed = await fluss(['--json', 'report', 'verify', garbage], dataDir);
    expect(malformed.code).toBe(2);
    expect(malformed.json()).toMatchObject({ error: { code: 'INVALID_VALUE', message: expect.stringMatching(/not JSON/) as unknown } });
  });

  it('refuses an unwritable --out folder, or one holding a report, before the test-fire', async () => {
    const file = join(dataDir, 'a-file');
    writeFileSync(file, 'not a folder');
    const unwritable = await fluss(['--sim', '--sim-state', state, 'report', 'Front Door', '--out', join(file, 'reports'), '--technician', 'Ana'], dataDir);
    expect(unwritable.code).toBe(1);
    expect(unwritable.stderr).toMatch(/Cannot write to .*reports.*nothing was tested or written/);
    expect(unwritable.stderr).not.toMatch(/Test-fire on/);

    const before = readFileSync(join(out, 'report.json'), 'utf8');
    const taken = await fluss(['--sim', '--sim-state', state, 'report', 'Front Door', '--out', out, '--technician', 'Ana'], dataDir);
    expect(taken.code).toBe(2);
    expect(taken.stderr).toMatch(/already holds report\.json and report\.pdf/);
    expect(readFileSync(join(out, 'report.json'), 'utf8')).toBe(before);

    const noName = await fluss(['--sim', '--sim-state', state, 'report', 'Front Door', '--out', join(dataDir, 'x')], dataDir, 20_000, { FLUSS_TECHNICIAN: undefined });
    expect(noName.code).toBe(2);
    expect(noName.stderr).toMatch(/technician's name/);
    expect(existsSync(join(dataDir, 'x'))).toBe(false);
  });
});
