/** How `fluss scan` shows what it heard: one JSON entry per device, or a table for people. */
import type { ScannedDevice } from '../../core/scanner';
import { table } from '../output';

export function scanEntry(d: ScannedDevice) {
  return {
    kind: d.kind,
    name: d.name,
    address: d.address,
    rssi: Math.round(d.rssi),
    ...(d.deviceId === undefined ? {} : { deviceId: d.deviceId, claimed: d.claimed, model: d.model, firmware: d.firmware }),
  };
}

export function humanScan(devices: ScannedDevice[], hidden: number): string {
  const note = hidden > 0 ? `\n(${hidden} other Bluetooth device${hidden === 1 ? '' : 's'} hidden; --all shows them)` : '';
  if (devices.length === 0) return `No Fluss+ devices heard. Check they have power and move closer.${note}`;
  const rows = [['KIND', 'NAME', 'ID', 'SIGNAL', 'STATE']];
  for (const d of devices) {
    rows.push([d.kind, d.name, d.deviceId ?? d.address, `${Math.round(d.rssi)} dBm`, d.kind === 'intercom' ? (d.claimed ? 'claimed' : 'unclaimed') : '']);
  }
  return table(rows) + note;
}
