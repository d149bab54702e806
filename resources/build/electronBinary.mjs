/* global process */
/**
 * Whether Electron's binary is installed, found the way electron/index.js finds it (path.txt beside
 * the package, the binary under dist/ or ELECTRON_OVERRIDE_DIST_PATH), but without what
 * `require('electron')` does when it is missing: Electron 45 then downloads it, and prints a stack
 * trace where that fails. Used by `npm start` (start.mjs) and the Electron shell test's skip.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** The electron package's folder (resolved from `root`, the project). */
export function electronPackageDir(root) {
  return dirname(createRequire(join(root, 'package.json')).resolve('electron/package.json'));
}

/**
 * @param {string} root the project folder
 * @param {NodeJS.ProcessEnv} env
 * @returns {{ path: string } | { why: string }}
 */
export function installedElectron(root, env = process.env) {
  let dir;
  try {
    dir = electronPackageDir(root);
  } catch {
    return { why: 'the electron package is not installed (run `npm install`)' };
  }
  const pathFile = join(dir, 'path.txt');
  if (!existsSync(pathFile)) return { why: 'the Electron binary has not been downloaded yet' };
  const relative = readFileSync(pathFile, 'utf8');
  const path = env.ELECTRON_OVERRIDE_DIST_PATH ? join(env.ELECTRON_OVERRIDE_DIST_PATH, relative) : join(dir, 'dist', relative);
  return existsSync(path) ? { path } : { why: `the Electron binary is missing (${path})` };
}
