/* global process */
/**
 * `npm start`: fetch Electron's binary if it is not there yet, then build and open the app
 * (`electron-vite preview`). Electron 45 no longer downloads its binary at `npm install`; it does so on
 * the first `require('electron')`, but electron-vite only looks for node_modules/electron/path.txt,
 * which does not exist until then, and fails with "Error: Electron uninstall". So we run Electron's own
 * installer (node_modules/electron/install.js, the `install-electron` command) first. Where it cannot
 * download (no internet), we say so in one line and point to the browser version of the same app.
 */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { electronPackageDir, installedElectron } from './electronBinary.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../..');

export const OFFLINE_HINT = 'Without internet, run the same app in a browser: `npm run build`, then `npm run web -- --sim`.';

/**
 * The decision, with its steps injected (tested in test/packaging/start.test.ts). What it says about
 * the download is one line: it starts the line, and the outcome ends it.
 * @param {{
 *   installed: () => { path: string } | { why: string },
 *   download: () => Promise<{ ok: true } | { ok: false, reason: string }>,
 *   launch: () => Promise<number>,
 *   write: (text: string) => void,
 * }} steps
 * @returns {Promise<number>} the exit code
 */
export async function start(steps) {
  if (!('path' in steps.installed())) {
    steps.write('npm start: downloading the Electron binary (once, about 100 MB)… ');
    const fetched = await steps.download();
    const now = fetched.ok ? steps.installed() : undefined;
    if (!fetched.ok || !now || !('path' in now)) {
      steps.write(`failed (${fetched.ok ? (now && 'why' in now ? now.why : 'no binary') : fetched.reason}). ${OFFLINE_HINT}\n`);
      return 1;
    }
    steps.write('done.\n');
  }
  return steps.launch();
}

/** The last error line Electron's installer printed, without its stack (e.g. "fetch failed"). */
export function downloadFailure(stderr, exitCode) {
  const lines = stderr.split('\n').map((line) => line.trim()).filter((line) => line !== '' && !line.startsWith('at '));
  const error = lines.find((line) => /^(\w*Error|HTTPError)\b/.test(line)) ?? lines[0];
  if (error === undefined) return `the installer exited with code ${exitCode}`;
  return error.replace(/^(\w*Error|HTTPError):\s*/, '').slice(0, 200);
}

/** Runs Electron's own installer; its progress shows, its stack trace on failure does not. */
function download() {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(electronPackageDir(ROOT), 'install.js')], { cwd: ROOT, stdio: ['ignore', 'inherit', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += String(chunk)));
    child.on('error', (error) => resolve({ ok: false, reason: error.message }));
    child.on('close', (code) => resolve(code === 0 ? { ok: true } : { ok: false, reason: downloadFailure(stderr, code) }));
  });
}

/** `electron-vite preview`: builds, then runs the app; its exit code is ours. */
function launch() {
  const cli = join(dirname(createRequire(join(ROOT, 'package.json')).resolve('electron-vite/package.json')), 'bin/electron-vite.js');
  const child = spawn(process.execPath, [cli, 'preview', ...process.argv.slice(2)], { cwd: ROOT, stdio: 'inherit' });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  return new Promise((resolve) => child.on('close', (code, signal) => resolve(code ?? (signal ? 1 : 0))));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const code = await start({ installed: () => installedElectron(ROOT), download, launch, write: (text) => process.stderr.write(text) });
  process.exit(code);
}
