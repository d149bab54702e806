/**
 * A simulated site of 1,000 Fluss+ gates (issue 10, section 3): the demo site's two intercoms and three
 * gates, plus generated gates "Gate 0004" ... with signals spread between -65 and -99 dBm (below Front Door and Main Gate), and one gate,
 * "Orchard Gate", weakest of all so it sorts last. Written as a site file for `npm run web -- --sim`.
 */
import { writeFileSync } from 'node:fs';
import { DEMO_SITE } from '../../electron/sim/demoSite';

export const FAR_GATE = { name: 'Orchard Gate', deviceId: 'f160000003e8', serial: 'FG200-25-009999' } as const;

export function bigSite(gates = 1000, advertisingIntervalMs = 100): unknown {
  const demoGates = DEMO_SITE.devices.filter((d) => d.kind === 'gate');
  const generated = [];
  for (let i = demoGates.length + 1; i < gates; i++) {
    // A fixed spread (no randomness): the same site on every run.
    generated.push({
      kind: 'gate',
      deviceId: `f16${i.toString(16).padStart(9, '0')}`,
      name: `Gate ${String(i).padStart(4, '0')}`,
      serial: `FG200-25-${String(i).padStart(6, '0')}`,
      firmware: '2.1.0',
      rssi: -65 - ((i * 37) % 35),
    });
  }
  generated.push({ kind: 'gate', deviceId: FAR_GATE.deviceId, name: FAR_GATE.name, serial: FAR_GATE.serial, firmware: '2.1.0', rssi: -105 });
  return { ...DEMO_SITE, name: 'Big site', devices: [...DEMO_SITE.devices, ...generated], radio: { ...DEMO_SITE.radio, advertisingIntervalMs } };
}

/** Writes the site to `path` and returns the path. */
export function writeBigSite(path: string, gates = 1000, advertisingIntervalMs = 100): string {
  writeFileSync(path, JSON.stringify(bigSite(gates, advertisingIntervalMs), null, 1));
  return path;
}
