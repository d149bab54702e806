/**
 * `fluss site status` and `fluss commission` as child processes on the simulated site (issue 11, items
 * 1 and 2): the table, --json and --csv; a test-fire shows up as the last test-fire; commission claims,
 * configures, test-fires and writes a verifiable report; bad arguments are refused before any radio work.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { fluss } from '../helpers/cli';
import { tempDir } from '../helpers/demo';

const NEW_INTERCOM_KEY = 'd34e-1930-3fdf-180c-472f-ae12-13eb-49f1';

let dataDir: string;
let state: string;
const sim = (...args: string[]) => ['--sim', '--sim-state', state, ...args];

beforeAll(() => {
  dataDir = tempDir();
  state = join(dataDir, 'state.json');
});

interface Row {
  name: string;
  relationship: string;
  lastTestFire?: { passed: boolean; at: string };
  check: { status: string; settings?: { entryDevice: { name?: string } | null; exitDevice: unknown; maxUsers: number; inviteDurationHours: number; activeCodes: number } };
}

describe('fluss site status and fluss commission', () => {
  it('lists every intercom heard with who I am to it, its settings read by session, and no test-fire yet', async () => {
    const result = await fluss(['--json', ...sim('site', 'status')], dataDir, 30_000);
    expect(result.code, result.stderr).toBe(0);
    const rows = (result.json() as { intercoms: Row[] }).intercoms;
    expect(rows.map((r) => [r.name, r.relationship])).toEqual([
      ['Front Door', 'owner'],
      ['New Intercom', 'unclaimed'],
    ]);
    expect(rows[0]).toMatchObject({ check: { status: 'checked', settings: { entryDevice: { name: 'Main Gate' }, exitDevice: 'same', activeCodes: 0 } } });
    expect(rows[0]?.lastTestFire).toBeUndefined();
    expect(rows[1]?.check).toMatchObject({ status: 'not readable', reason: expect.stringMatching(/claim it with its setup key/) as unknown });
    expect(result.stderr).toMatch(/Checking Front Door \(1 of 1\)/);
  }, 40_000);

  it('refuses every bad argument before any radio work, with the usual exit codes', async () => {
    const base = ['commission', 'New Intercom', '--setup-key', NEW_INTERCOM_KEY, '--entry', 'Garage', '--report', join(dataDir, 'r0'), '--technician', 'Ana'];
    const cases: [string[], RegExp][] = [
      [['commission', 'New Intercom', '--report', join(dataDir, 'r0'), '--technician', 'Ana'], /Entry Device with --entry/],
      [['commission', 'New Intercom', '--entry', 'Garage', '--technician', 'Ana'], /--report <dir>/],
      [[...base, '--max-users', '7'], /Max Users 7 is not allowed/],
      [[...base, '--duration', '48'], /Invite Duration/],
      [[...base.slice(0, 3), 'not-a-key', ...base.slice(4)], /setup key/i],
      [['site', 'status', '--sort', 'colour'], /Cannot sort by "colour"/],
    ];
    for (const [args, message] of cases) {
      const result = await fluss(sim(...args), dataDir);
      expect(result.code, `${args.join(' ')}\n${result.stderr}`).toBe(2);
      expect(result.stderr).toMatch(message);
      // Refused before scanning: no radio work was started.
      expect(result.stderr).not.toMatch(/Claim…|Scanning/);
    }
  }, 60_000);

  it('commissions a new intercom in one command and writes a report that verifies', async () => {
    const report = join(dataDir, 'new-intercom');
    const result = await fluss(
      sim('commission', 'New Intercom', '--setup-key', NEW_INTERCOM_KEY, '--entry', 'Garage', '--exit', 'Side Gate', '--max-users', '5', '--duration', '4', '--report', report, '--technician', 'Ana Técnica'),
      dataDir,
      40_000,
    );
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/New Intercom is commissioned\./);
    for (const step of ['✓ Claim', '✓ Choose the gates: Entry Device: Garage; Exit Device: Side Gate', '✓ One Time Access Settings', '✓ Test-fire', '✓ Report']) expect(result.stderr).toContain(step);
    expect(existsSync(join(report, 'report.pdf'))).toBe(true);
    const document = JSON.parse(readFileSync(join(report, 'report.json'), 'utf8')) as { body: unknown };
    expect(document.body).toMatchObject({ intercom: { name: 'New Intercom' }, testFire: { passed: true }, codes: { leftActiveByTest: 0 }, site: { technician: 'Ana Técnica' } });
    const verified = await fluss(['report', 'verify', join(report, 'report.json')], dataDir);
    expect(verified.code, verified.stdout).toBe(0);
    // The setup key was used and is not kept anywhere in the progress file.
    const progress = readFileSync(`${state}.commissioning.json`, 'utf8');
    expect(progress).toContain('"report"');
    expect(progress.replace(/-/g, '')).not.toContain(NEW_INTERCOM_KEY.replace(/-/g, ''));
  }, 60_000);

  it('shows the commissioned intercom and its test-fire in the overview, as CSV sorted by signal', async () => {
    const result = await fluss(sim('site', 'status', '--csv', '--sort', 'signal', '--desc'), dataDir, 30_000);
    expect(result.code, result.stderr).toBe(0);
    const lines = result.stdout.trimEnd().split('\r\n');
    expect(lines[0]).toBe('Intercom,Id,Me,Entry Device,Exit Device,Max Users,Invite Duration,Active codes,Last test-fire,Firmware,Signal,Check');
    // Front Door (-58 dBm) is stronger than New Intercom (-71 dBm).
    expect(lines.slice(1).map((l) => l.split(',')[0])).toEqual(['Front Door', 'New Intercom']);
    expect(lines[2]).toMatch(/^New Intercom,f1a000000002,owner,Garage,Side Gate,5,4 h,0,passed \d{4}-\d\d-\d\dT[\d:.]+Z,1\.4\.2,-\d+ dBm,ok$/);
  }, 40_000);

  it('commissioning again is safe: the claim is recognised as done and the flow runs through', async () => {
    const result = await fluss(sim('commission', 'New Intercom', '--entry', 'Garage', '--report', join(dataDir, 'again'), '--technician', 'Ana'), dataDir, 40_000);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain('✓ Claim: Already yours.');
    expect(result.stderr).toContain('Exit Device: Same as entry');
  }, 60_000);

  it('commissions an intercom already claimed with this computer\'s owner key, one JSON document on stdout', async () => {
    const result = await fluss(['--json', ...sim('commission', 'Front Door', '--entry', 'Main Gate', '--report', join(dataDir, 'front'), '--technician', 'Ana')], dataDir, 30_000);
    // The demo site lends this computer Front Door's owner key: the claim step is done already.
    expect(result.code, result.stderr).toBe(0);
    expect(result.json()).toMatchObject({ commissioned: 'f1a000000001', testFire: { passed: true } });
  }, 60_000);
});
