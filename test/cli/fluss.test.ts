/** The real `fluss` binary, spawned against the simulated demo site; state persists between runs. */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { DEMO_SITE } from '../../electron/sim/demoSite';
import { fluss } from '../helpers/cli';
import { tempDir } from '../helpers/demo';

let dataDir: string;
let state: string;
beforeEach(() => {
  dataDir = tempDir();
  state = join(dataDir, 'state.json');
});

const sim = (...args: string[]) => fluss(['--sim', '--sim-state', state, ...args], dataDir);
const simJson = (...args: string[]) => fluss(['--sim', '--sim-state', state, '--json', ...args], dataDir);

interface CodeList {
  codes: { codeId: string; state: string }[];
}

describe('fluss CLI on the simulator', () => {
  it('scan --json --all lists the demo intercoms and gates, classified, and the other advertisers', async () => {
    const result = await fluss(['--sim', '--sim-state', state, 'scan', '--json', '--all', '--seconds', '1'], dataDir);
    expect(result.code).toBe(0);
    const { devices } = result.json() as { devices: { kind: string; name: string; claimed?: boolean }[] };
    expect(devices.filter((d) => d.kind === 'intercom').map((d) => d.name).sort()).toEqual(['Front Door', 'New Intercom']);
    expect(devices.filter((d) => d.kind === 'gate').map((d) => d.name).sort()).toEqual(['Garage', 'Main Gate', 'Side Gate']);
    expect(devices.filter((d) => d.kind === 'other').length).toBeGreaterThan(0);
    expect(result.stderr).toMatch(/Scanning/);
  });

  it('settings set saves, reads back, and a later run sees the change', async () => {
    const set = await simJson('settings', 'set', 'Front Door', '--entry', 'Main Gate', '--exit', 'Garage', '--max-users', '5', '--duration', '8');
    expect(set.stderr).toMatch(/Reading back/);
    expect(set.code).toBe(0);
    expect(set.json()).toEqual({ settings: { entryDevice: 'f16000000001', exitDevice: 'f16000000002', maxUsers: 5, inviteDurationHours: 8 }, revision: 1 });
    const get = await sim('settings', 'get', 'f1a000000001');
    expect(get.code).toBe(0);
    expect(get.stdout).toMatch(/Entry Device\s+Main Gate \(f16000000001\)/);
    expect(get.stdout).toMatch(/Exit Device\s+Garage \(f16000000002\)/);
    expect(get.stdout).toMatch(/Max Users\s+5/);
    expect(get.stdout).toMatch(/Invite Duration\s+8 hours/);
  });

  it('refuses Max Users 7, naming 1, 2, 5, 10, 25, 50', async () => {
    const result = await sim('settings', 'set', 'Front Door', '--max-users', '7');
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/1, 2, 5, 10, 25, 50/);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('a shared user is refused by the device when changing settings', async () => {
    const result = await sim('--role', 'shared', 'settings', 'set', 'Front Door', '--duration', '2');
    expect(result.code).toBe(4);
    expect(result.stderr).toMatch(/owner/i);
    const get = await simJson('settings', 'get', 'Front Door');
    expect((get.json() as { settings: { inviteDurationHours: number } }).settings.inviteDurationHours).toBe(12);
  });

  it('creates a code, which expires on the simulated clock; revokes another', async () => {
    expect((await sim('settings', 'set', 'Front Door', '--entry', 'Main Gate', '--duration', '1')).code).toBe(0);
    const created = await simJson('codes', 'create', 'Front Door');
    expect(created.code).toBe(0);
    const { digits, code } = created.json() as { digits: string; code: { codeId: string } };
    expect(digits).toMatch(/^\d{4}$/);
    const listed = await sim('codes', 'list', 'Front Door');
    expect(listed.stdout).toContain(code.codeId);
    expect(listed.stdout).not.toContain(digits);

    expect((await sim('sim', 'advance', '61m')).code).toBe(0);
    const afterExpiry = (await simJson('codes', 'list', 'Front Door')).json() as CodeList;
    expect(afterExpiry.codes.find((c) => c.codeId === code.codeId)?.state).toBe('expired');

    const second = (await simJson('codes', 'create', 'Front Door')).json() as { code: { codeId: string } };
    const revoked = await simJson('codes', 'revoke', 'Front Door', second.code.codeId);
    expect(revoked.code).toBe(0);
    expect((revoked.json() as { code: { state: string } }).code.state).toBe('revoked');
    expect((await sim('codes', 'revoke', 'Front Door', 'nothex')).code).toBe(2);
  });

  it('test-fire passes with per-step times, leaving no code active', async () => {
    await sim('settings', 'set', 'Front Door', '--entry', 'Main Gate', '--exit', 'same');
    const result = await sim('test-fire', 'Front Door');
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/✓ Enter the code: Entry Device opens \(\d+ ms\)/);
    expect(result.stderr).toMatch(/✓ Enter it a third time: refused \(\d+ ms\)/);
    expect(result.stdout).toMatch(/Test-fire passed/);
    const codes = (await simJson('codes', 'list', 'Front Door')).json() as CodeList;
    expect(codes.codes.filter((c) => c.state === 'active' || c.state === 'entered')).toEqual([]);
  });

  it('test-fire passes on the demo site as shipped', async () => {
    const result = await sim('test-fire', 'Front Door');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/Test-fire passed in \d+ ms/);
  });

  it('test-fire fails clearly with no Entry Device chosen', async () => {
    expect((await sim('settings', 'set', 'Front Door', '--entry', 'none')).code).toBe(0);
    const result = await simJson('test-fire', 'Front Door');
    expect(result.code).toBe(6);
    expect(result.stderr).toMatch(/Entry Device/);
    const report = result.json() as { passed: boolean };
    expect(report.passed).toBe(false);
  });

  it('test-fire fails when the gate does not respond, leaving no code active', async () => {
    const site = structuredClone(DEMO_SITE) as unknown as { devices: Record<string, unknown>[] };
    const gate = site.devices.find((d) => d.deviceId === 'f16000000001');
    if (gate) gate.fault = 'no-response';
    const sitePath = join(dataDir, 'site.json');
    writeFileSync(sitePath, JSON.stringify(site));
    const run = (...args: string[]) => fluss(['--sim', sitePath, '--sim-state', state, ...args], dataDir);
    expect((await run('settings', 'set', 'Front Door', '--entry', 'Main Gate')).code).toBe(0);
    const result = await run('test-fire', 'Front Door');
    expect(result.code).toBe(6);
    expect(result.stderr).toMatch(/Main Gate did not answer/);
    const codes = (await run('--json', 'codes', 'list', 'Front Door')).json() as CodeList;
    expect(codes.codes.map((c) => c.state)).toEqual(['revoked']);
  });

  it('claims the unclaimed intercom with its setup key, then uses the stored owner key', async () => {
    const claim = await sim('claim', 'New Intercom', '--setup-key', 'd34e-1930-3fdf-180c-472f-ae12-13eb-49f1', '--owner-id', 'tech1');
    expect(claim.code).toBe(0);
    const users = await simJson('users', 'list', 'New Intercom');
    expect(users.json()).toEqual({ users: [{ userId: 'tech1', role: 'owner' }] });
    const again = await sim('claim', 'New Intercom', '--setup-key', 'd34e-1930-3fdf-180c-472f-ae12-13eb-49f1');
    expect(again.code).toBe(4);
    // Keys are sealed at rest: no key file or state file holds them in plaintext.
    for (const file of readdirSync(dataDir).filter((f) => f.endsWith('.json'))) {
      expect(readFileSync(join(dataDir, file), 'utf8')).not.toContain('d34e19303fdf180c472fae1213eb49f1');
    }
  });

  it('sets a corrupt state file aside with a warning and carries on', async () => {
    writeFileSync(state, 'garbage');
    const result = await sim('settings', 'get', 'Front Door');
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/set aside at .*state\.json\.corrupt-/);
    expect(readdirSync(dataDir).some((f) => f.startsWith('state.json.corrupt-'))).toBe(true);
    expect(existsSync(state)).toBe(true);
  });

  it('names an unknown device clearly', async () => {
    const result = await sim('settings', 'get', 'Back Door');
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/No intercom called "Back Door"/);
  });

  it('refuses unknown options and bad values as usage errors', async () => {
    expect((await sim('scan', '--bogus')).code).toBe(2);
    expect((await sim('--role', 'admin', 'scan')).code).toBe(2);
    expect((await sim('settings', 'set', 'Front Door', '--duration', '25')).stderr).toMatch(/1 to 24/);
  });

  it('without --sim and without an adapter, fails at once with ADAPTER_UNAVAILABLE and a next step', async () => {
    // This machine has no Bluetooth: an HCI UART port that does not exist stands for that everywhere.
    const result = await fluss(['--json', '--hci-uart', join(dataDir, 'no-such-port'), 'scan'], dataDir);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/Bluetooth: HCI over UART on /);
    expect(result.json()).toMatchObject({ error: { code: 'ADAPTER_UNAVAILABLE', hint: expect.stringMatching(/fluss doctor/) as unknown } });
  });
});
