/**
 * `fluss --help` and `fluss --sim ...` load only what they use: the real `fluss` in a child process,
 * with a preload (recordModuleLoads.mjs: Node's module hooks) that logs every module the process loads.
 * The radio (noble, bleno, their native HCI bindings) loads only for real Bluetooth.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { beforeEach, describe, expect, it } from 'vitest';
import { fluss } from '../helpers/cli';
import { tempDir } from '../helpers/demo';

const PRELOAD = pathToFileURL(fileURLToPath(new URL('./recordModuleLoads.mjs', import.meta.url))).href;
const RADIO = ['@stoprocent/noble', '@stoprocent/bleno', '@stoprocent/bluetooth-hci-socket', 'serialport'];
const HEAVY = ['zod', 'cborg', '@noble/curves', '@noble/hashes', 'pdf-lib', 'fflate'];

let dataDir: string;
beforeEach(() => {
  dataDir = tempDir();
});

/** Runs fluss and returns its exit code and the packages (node_modules/<name>) it loaded. */
async function packagesLoaded(args: string[]): Promise<{ code: number | null; packages: Set<string>; stdout: string; stderr: string }> {
  const log = join(dataDir, `modules-${Math.random().toString(36).slice(2)}.log`);
  const result = await fluss(args, dataDir, 30_000, { FLUSS_MODULE_LOG: log, NODE_OPTIONS: `--import=${PRELOAD}`, FLUSS_ADAPTER_TIMEOUT_MS: '1000' });
  const packages = new Set<string>();
  for (const line of readFileSync(log, 'utf8').split('\n')) {
    const match = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(line);
    if (match?.[1]) packages.add(match[1]);
  }
  return { code: result.code, packages, stdout: result.stdout, stderr: result.stderr };
}

const absent = (packages: Set<string>, names: string[]) => names.filter((n) => packages.has(n));

describe('what fluss loads', () => {
  it('--help loads commander and none of the engine: no schemas, no crypto, no radio', async () => {
    const { code, packages, stdout } = await packagesLoaded(['--help']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/Usage: fluss/);
    expect(packages.has('commander')).toBe(true);
    expect(absent(packages, [...HEAVY, ...RADIO])).toEqual([]);
  });

  it('--sim settings get runs the protocol (zod, cborg; the curves are node:crypto) but never loads noble, bleno or a JS curve library', async () => {
    const { code, packages, stdout, stderr } = await packagesLoaded(['--sim', '--sim-state', join(dataDir, 'state.json'), 'settings', 'get', 'Front Door']);
    expect(code, stderr).toBe(0);
    expect(stdout).toMatch(/Entry Device\s+Main Gate/);
    expect(packages.has('zod') && packages.has('cborg')).toBe(true);
    expect(absent(packages, [...RADIO, '@noble/curves', '@noble/hashes'])).toEqual([]);
  });

  it('--sim test-fire and scan never load noble or bleno either', async () => {
    const state = join(dataDir, 'state.json');
    for (const args of [['test-fire', 'Front Door'], ['scan']]) {
      const { code, packages, stderr } = await packagesLoaded(['--sim', '--sim-state', state, ...args]);
      expect(code, stderr).toBe(0);
      expect(absent(packages, RADIO)).toEqual([]);
    }
  }, 60_000);

  it('a value refused before any radio work loads no radio, even for real Bluetooth', async () => {
    const { code, packages } = await packagesLoaded(['--hci-uart', join(dataDir, 'no-such-port'), 'settings', 'set', 'Front Door', '--max-users', '7']);
    expect(code).toBe(2);
    expect(absent(packages, RADIO)).toEqual([]);
  });

  it('real Bluetooth does load noble (the log sees it when it loads)', async () => {
    const { code, packages } = await packagesLoaded(['--hci-uart', join(dataDir, 'no-such-port'), 'scan']);
    expect(code).toBe(1);
    expect(packages.has('@stoprocent/noble')).toBe(true);
  });
});
