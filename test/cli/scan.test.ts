/**
 * `fluss scan` on the simulated demo site, as real child processes: it lists the Fluss+ devices (others
 * only with --all, in JSON too), returns once what it heard is stable rather than at its upper bound,
 * and --watch streams changes until Ctrl+C. Find by name refuses a name two intercoms share.
 */
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { DEMO_SITE } from '../../electron/sim/demoSite';
import { fluss, FLUSS_BIN } from '../helpers/cli';
import { tempDir } from '../helpers/demo';

let dataDir: string;
let state: string;
beforeEach(() => {
  dataDir = tempDir();
  state = join(dataDir, 'state.json');
});

interface Listed {
  devices: { kind: string; name: string }[];
}
const FLUSS_NAMES = ['Front Door', 'Garage', 'Main Gate', 'New Intercom', 'Side Gate'];
const names = (list: Listed) => list.devices.map((d) => d.name).sort();

describe('fluss scan', () => {
  it('--json lists only Fluss+ devices; --all adds the unrelated advertisers', async () => {
    const plain = await fluss(['--sim', '--sim-state', state, '--json', 'scan'], dataDir);
    expect(plain.code, plain.stderr).toBe(0);
    expect(names(plain.json() as Listed)).toEqual(FLUSS_NAMES);
    const all = await fluss(['--sim', '--sim-state', state, '--json', 'scan', '--all'], dataDir);
    const listed = all.json() as Listed;
    expect(listed.devices.filter((d) => d.kind === 'other').map((d) => d.name).sort()).toEqual(['Pixel 8', 'Tile', 'Unknown device', '[TV] Samsung']);
    expect(listed.devices.filter((d) => d.kind !== 'other').map((d) => d.name).sort()).toEqual(FLUSS_NAMES);
  }, 45_000);

  it('returns once every device heard was heard again, long before an upper bound of a minute', async () => {
    // The helper gives up after 20 s: a scan that waited out its 60 s window would fail here.
    const result = await fluss(['--sim', '--sim-state', state, '--json', 'scan', '--seconds', '60'], dataDir, 20_000);
    expect(result.code).toBe(0);
    expect(names(result.json() as Listed)).toEqual(FLUSS_NAMES);
  });

  it('--watch --json prints one JSON line per change until --seconds', async () => {
    const result = await fluss(['--sim', '--sim-state', state, '--json', 'scan', '--watch', '--seconds', '2'], dataDir);
    expect(result.code, result.stderr).toBe(0);
    const lines = result.stdout.trim().split('\n').map((line) => JSON.parse(line) as Listed);
    expect(lines.length).toBeGreaterThan(0);
    expect(names(lines.at(-1) ?? { devices: [] })).toEqual(FLUSS_NAMES);
    // One line per change: no two lines in a row list the same devices.
    for (let i = 1; i < lines.length; i++) expect(names(lines[i] ?? { devices: [] })).not.toEqual(names(lines[i - 1] ?? { devices: [] }));
  });

  it('--watch stops cleanly on Ctrl+C (SIGINT), exit 0', async () => {
    const child = spawn(process.execPath, [FLUSS_BIN, '--sim', '--sim-state', state, '--json', 'scan', '--watch'], {
      env: { ...process.env, FLUSS_DATA_DIR: dataDir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    const exit = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
    const kill = setTimeout(() => child.kill('SIGKILL'), 15_000);
    await new Promise<void>((resolve) => {
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
        const lines = stdout.split('\n').filter(Boolean);
        if (lines.some((line) => names(JSON.parse(line) as Listed).length === FLUSS_NAMES.length)) resolve();
      });
    });
    child.kill('SIGINT');
    expect(await exit).toBe(0);
    clearTimeout(kill);
  });

  it('text --watch without a terminal reprints the table on each change', async () => {
    const result = await fluss(['--sim', '--sim-state', state, 'scan', '--watch', '--seconds', '1'], dataDir);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/KIND\s+NAME\s+ID/);
    expect(result.stdout).not.toContain('\x1b[');
  });
});

describe('find by name', () => {
  it('refuses a name two intercoms share, naming both ids', async () => {
    const site = structuredClone(DEMO_SITE) as unknown as { devices: Record<string, unknown>[] };
    const second = site.devices.find((d) => d.deviceId === 'f1a000000002');
    if (second) second.name = 'Front Door';
    const sitePath = join(dataDir, 'site.json');
    writeFileSync(sitePath, JSON.stringify(site));
    const result = await fluss(['--sim', sitePath, '--sim-state', state, 'settings', 'get', 'Front Door'], dataDir);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/More than one intercom is called "Front Door": f1a00000000[12], f1a00000000[12]/);
  });
});
