/**
 * `fluss diagnostics` in a child process over the simulated site, after a session that used secrets: a
 * code's digits (shown by `codes create`, typed in `sim keypad` as a CLI argument), a setup key (`claim`),
 * the demo users' keys and ids (HELLO names the user id in clear). None of them may be in the bundle; the
 * trace must still open in an independent btsnoop reader (tshark) and show the session's ATT packets.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEMO_SITE } from '../../electron/sim/demoSite';
import { fluss } from '../helpers/cli';
import { tempDir } from '../helpers/demo';
import { toolAvailable } from '../helpers/tools';

const tshark = toolAvailable('tshark', 'tshark');
const SETUP_KEY = 'd34e-1930-3fdf-180c-472f-ae12-13eb-49f1';
const ENV = { FLUSS_ADAPTER_TIMEOUT_MS: '500' };

let dataDir: string;
let entries: Record<string, Uint8Array>;
let digits: string;

beforeAll(async () => {
  dataDir = tempDir();
  const sim = ['--sim', '--sim-state', join(dataDir, 'state.json')];
  const created = await fluss([...sim, '--json', 'codes', 'create', 'Front Door'], dataDir, 20_000, ENV);
  expect(created.code, created.stderr).toBe(0);
  digits = (created.json() as { digits: string }).digits;
  for (const args of [['sim', 'keypad', 'Front Door', digits], ['claim', 'New Intercom', '--setup-key', SETUP_KEY], ['audit', 'Front Door'], ['test-fire', 'Front Door']]) {
    const result = await fluss([...sim, ...args], dataDir, 20_000, ENV);
    expect(result.code, `${args.join(' ')}: ${result.stderr}`).toBe(0);
  }
  const saved = await fluss([...sim, 'diagnostics', '--out', join(dataDir, 'support', 'diag.zip')], dataDir, 30_000, ENV);
  expect(saved.code, saved.stderr).toBe(0);
  entries = unzipSync(new Uint8Array(readFileSync(join(dataDir, 'support', 'diag.zip'))));
}, 90_000);

describe('fluss diagnostics', () => {
  it('holds the BLE trace, the audit log read, the doctor checks and the versions', () => {
    const names = Object.keys(entries);
    expect(names).toEqual(expect.arrayContaining(['traces/cli-ble-trace.btsnoop', 'audit/audit-read.jsonl', 'doctor.txt', 'doctor.json', 'versions.json', 'README.txt']));
    const versions = JSON.parse(new TextDecoder().decode(entries['versions.json'])) as Record<string, string>;
    expect(versions).toMatchObject({ app: expect.stringMatching(/^\d+\.\d+\.\d+/) as unknown, node: process.versions.node, '@stoprocent/noble': expect.any(String) as unknown });
    const audit = new TextDecoder().decode(entries['audit/audit-read.jsonl']);
    expect(audit).toMatch(/"deviceId":"f1a000000001"/);
    expect(audit).toMatch(/"actor":"user-[0-9a-f]{8}"/);
  });

  it('is redacted: no code digits, setup key, user key or user id anywhere in it', () => {
    const secrets = [
      SETUP_KEY,
      SETUP_KEY.replace(/-/g, ''),
      ...DEMO_SITE.users.flatMap((u) => [u.key, Buffer.from(u.key, 'base64').toString('hex'), u.userId]),
    ];
    for (const [name, bytes] of Object.entries(entries)) {
      const text = Buffer.from(bytes).toString('latin1');
      for (const secret of secrets) expect(text.includes(secret), `${secret} in ${name}`).toBe(false);
      // Raw key bytes too (a trace is binary).
      for (const user of DEMO_SITE.users) expect(Buffer.from(bytes).includes(Buffer.from(user.key, 'base64')), `${user.userId}'s key in ${name}`).toBe(false);
      // The digits as a number of their own (not inside a longer run such as a timestamp).
      expect(new RegExp(`(?<![0-9])${digits}(?![0-9])`).test(text), `the code digits in ${name}`).toBe(false);
    }
  });

  it.runIf(tshark)("opens in tshark, which finds the session's ATT packets", () => {
    const trace = join(dataDir, 'unzipped', 'trace.btsnoop');
    mkdirSync(join(dataDir, 'unzipped'), { recursive: true });
    writeFileSync(trace, entries['traces/cli-ble-trace.btsnoop'] ?? new Uint8Array());
    const result = spawnSync('tshark', ['-r', trace, '-Y', 'btatt', '-T', 'fields', '-e', 'btatt.opcode', '-e', 'bthci_acl.dst.bd_addr', '-e', 'bthci_acl.src.bd_addr'], { encoding: 'utf8' });
    expect(result.status, result.stderr).toBe(0);
    const rows = result.stdout.trim().split('\n').filter((l) => l !== '');
    expect(rows.length).toBeGreaterThan(20);
    const opcodes = new Set(rows.map((r) => r.split('\t')[0]));
    // Write Request and Response (the CCCD), Write Command (HELLO, AUTH and requests on control), Notification (replies).
    for (const opcode of ['0x12', '0x13', '0x52', '0x1b']) expect(opcodes).toContain(opcode);
    // Sent to the intercom Front Door (f1a000000001) and to its gate Main Gate (f16000000001).
    expect(result.stdout).toContain('f1:a0:00:00:00:01');
    expect(result.stdout).toContain('f1:60:00:00:00:01');
  });

  it('refuses to overwrite an existing file and says so', async () => {
    const target = join(dataDir, 'support', 'diag.zip');
    const before = readFileSync(target);
    const again = await fluss(['--sim', 'diagnostics', '--out', target], dataDir, 20_000, ENV);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/already exists; it was left as it was/);
    expect(readFileSync(target).equals(before)).toBe(true);
    expect(existsSync(`${target}.tmp`)).toBe(false);
  });
});
