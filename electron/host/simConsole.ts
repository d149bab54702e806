/**
 * `npm run web -- --sim --sim-console`: fault injection on the simulated site from standard input, one
 * command a line, for UI tests and demonstrations of what the app does when a device goes away:
 *
 *   vanish <device name or id>     its power is cut: it stops advertising and answering at once, and
 *                                  links to it end after the supervision timeout (sim/supervision.ts)
 *   reappear <device name or id>   it is back: it advertises and answers again
 *
 * Each command is answered on standard output (`sim: Front Door vanished`). Off unless asked for, and
 * only for the in-process simulated site: it never touches real Bluetooth.
 */
import { createInterface } from 'node:readline';
import type { SimSite } from '../sim/simSite';
import type { SimTransport } from '../sim/simTransport';

/** The address a site device advertises from: its id as a MAC-style string (as DeviceEndpoint uses). */
const addressOf = (deviceId: string) => deviceId.replace(/(..)(?!$)/g, '$1:');

export function attachSimConsole(input: NodeJS.ReadableStream, site: SimSite, transport: SimTransport, say: (line: string) => void): () => void {
  const lines = createInterface({ input });
  lines.on('line', (line) => say(runCommand(line.trim(), site, transport)));
  return () => lines.close();
}

/** Runs one console line; returns what to print. */
export function runCommand(line: string, site: SimSite, transport: SimTransport): string {
  const match = /^(vanish|reappear)\s+(.+)$/.exec(line);
  if (!match) return `sim: unknown command "${line.slice(0, 60)}"; use: vanish <device>, reappear <device>`;
  const [, verb, reference] = match as unknown as [string, 'vanish' | 'reappear', string];
  const wanted = reference.toLowerCase();
  const device = site.options.site.devices.find((d) => d.deviceId === wanted || d.name.toLowerCase() === wanted);
  if (!device) return `sim: no device "${reference.slice(0, 60)}" on this site`;
  if (verb === 'vanish') transport.vanish(addressOf(device.deviceId));
  else transport.supervision.reappear(addressOf(device.deviceId));
  return `sim: ${device.name} ${verb === 'vanish' ? 'vanished' : 'reappeared'}`;
}
