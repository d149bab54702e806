/**
 * `npm start` (resources/build/start.mjs): Electron 45 downloads its binary only when asked, so start
 * asks first, then builds and opens the app; where the download fails it says so in one line and points
 * to the browser version (issue 10, section 1).
 */
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { downloadFailure, OFFLINE_HINT, start, type StartSteps } from '../../resources/build/start.mjs';
import { tempDir } from '../helpers/demo';

type Installed = { path: string } | { why: string };
const run = start;
const ROOT = join(import.meta.dirname, '../..');

function steps(options: { installed: Installed[]; download?: { ok: true } | { ok: false; reason: string }; launchCode?: number }) {
  const log: string[] = [];
  let output = '';
  const states = [...options.installed];
  const s: StartSteps = {
    installed: () => (states.length > 1 ? (states.shift() as Installed) : (states[0] as Installed)),
    download: () => (log.push('download'), Promise.resolve(options.download ?? { ok: true })),
    launch: () => (log.push('launch'), Promise.resolve(options.launchCode ?? 0)),
    write: (text) => (output += text),
  };
  return { s, log, output: () => output };
}

describe('npm start: the decision', () => {
  it('launches at once when the binary is there (nothing downloaded, nothing said)', async () => {
    const t = steps({ installed: [{ path: '/x/electron' }], launchCode: 3 });
    expect(await run(t.s)).toBe(3);
    expect(t.log).toEqual(['launch']);
    expect(t.output()).toBe('');
  });

  it('downloads first when it is missing, then launches', async () => {
    const t = steps({ installed: [{ why: 'not yet' }, { path: '/x/electron' }] });
    expect(await run(t.s)).toBe(0);
    expect(t.log).toEqual(['download', 'launch']);
    expect(t.output()).toBe('npm start: downloading the Electron binary (once, about 100 MB)… done.\n');
  });

  it('says in one line that the download failed and points to the browser version; never launches', async () => {
    const t = steps({ installed: [{ why: 'not yet' }], download: { ok: false, reason: 'fetch failed' } });
    expect(await run(t.s)).toBe(1);
    expect(t.log).toEqual(['download']);
    expect(t.output()).toBe(`npm start: downloading the Electron binary (once, about 100 MB)… failed (fetch failed). ${OFFLINE_HINT}\n`);
    expect(OFFLINE_HINT).toContain('npm run web -- --sim');
  });

  it('fails the same way when the installer succeeded but left no binary', async () => {
    const t = steps({ installed: [{ why: 'not yet' }, { why: 'the Electron binary is missing (/x)' }] });
    expect(await run(t.s)).toBe(1);
    expect(t.log).toEqual(['download']);
    expect(t.output().split('\n')).toHaveLength(2);
  });

  it("reads the installer's error without its stack", () => {
    const stack = 'TypeError: fetch failed\n    at node:internal/deps/undici/undici:14976:13\n    at async FetchDownloader.download (file:///x.js:46:30)\n';
    expect(downloadFailure(stack, 1)).toBe('fetch failed');
    expect(downloadFailure('HTTPError: Response code 404 (Not Found)\n', 1)).toBe('Response code 404 (Not Found)');
    expect(downloadFailure('', 7)).toBe('the installer exited with code 7');
  });
});

describe('npm start without a reachable download server (for real)', () => {
  it('runs Electron’s own installer, which fails; one line, exit 1, no stack trace', async () => {
    const empty = join(tempDir(), 'no-electron-here');
    mkdirSync(empty);
    // A mirror on a closed local port makes the real download fail the same way everywhere (here the
    // real mirror is unreachable too); the empty override folder makes the binary count as missing.
    const env = { ...process.env, ELECTRON_MIRROR: 'http://127.0.0.1:9/', electron_config_cache: tempDir(), ELECTRON_OVERRIDE_DIST_PATH: empty, ELECTRON_GET_NO_PROGRESS: '1' };
    const child = spawn('npm', ['start'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += String(d)));
    child.stderr.on('data', (d: Buffer) => (stderr += String(d)));
    const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
    expect(code).toBe(1);
    expect(stderr.split('\n').filter((line) => line !== '')).toHaveLength(1);
    expect(stderr).toMatch(/^npm start: downloading the Electron binary .*… failed \(.+\)\. Without internet, run the same app in a browser: `npm run build`, then `npm run web -- --sim`\.\n$/);
    expect(`${stdout}${stderr}`).not.toMatch(/^\s+at |Electron uninstall|TypeError/m);
  });
});
