/**
 * The versions support asks for first: the app, the OS, Node (and Electron, in the app), and the
 * Bluetooth stack packages, read from their package.json where they are installed.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { arch, platform, release, version as osVersion } from 'node:os';

const PACKAGES = ['@stoprocent/noble', '@stoprocent/bleno', '@stoprocent/bluetooth-hci-socket', 'serialport'];

export function collectVersions(app: { version: string; bluetooth: string }): Record<string, string> {
  const versions: Record<string, string> = {
    app: app.version,
    bluetooth: app.bluetooth,
    os: `${platform()} ${release()} (${arch()})`,
    osVersion: osVersion(),
    node: process.versions.node,
  };
  if (process.versions.electron) versions.electron = process.versions.electron;
  const require = createRequire(import.meta.url);
  for (const name of PACKAGES) {
    try {
      const path = require.resolve(`${name}/package.json`);
      versions[name] = (JSON.parse(readFileSync(path, 'utf8')) as { version?: string }).version ?? 'unknown';
    } catch {
      versions[name] = 'not installed';
    }
  }
  return versions;
}
