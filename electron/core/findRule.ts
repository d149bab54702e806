/**
 * When a scan has heard enough to name the device a technician typed. Pure: it looks at what the scan
 * heard so far and says found, refused (with the reason) or keep listening. findDevice.ts runs it on each
 * batch of reports.
 *
 * The rule:
 * - An id or an address names one device: decided on its first report (refused at once if that device is
 *   of the other kind: "Main Gate is a gate, not an intercom").
 * - A name is decided once it matches exactly one device of the wanted kind and the scan has *settled*:
 *   some Fluss+ device has been heard twice. Its second report comes one advertising interval after its
 *   first, so by then the scan has listened for at least that interval, and every device advertising at
 *   least as often (Fluss+ devices all use the same interval) has been heard, a second device of the same
 *   name included. A stack that reports each device only once settles after SETTLE_LIMIT_MS instead.
 * - Two devices of the wanted kind with that name are refused as soon as both are heard.
 * - A name heard only on devices of the other kind is refused once the scan has settled.
 * A same-named device that advertises less often, or whose reports were lost, can still show up later:
 * heardDevices.ts reports it when any later scan of the same run hears it.
 */
import { FlussError } from '../protocol/errors';
import type { DeviceClass, ScannedDevice } from './scanner';

/** Without a second report from anyone (some stacks filter duplicates), the scan counts as settled after this. */
export const SETTLE_LIMIT_MS = 1_000;

export type FindDecision = { status: 'found'; device: ScannedDevice } | { status: 'refused'; error: FlussError } | { status: 'listening' };

/** `reference` is the device's id, key or address (not just its name). */
export function identifies(device: ScannedDevice, reference: string): boolean {
  const ref = reference.trim().toLowerCase();
  return device.key === ref || device.address.toLowerCase() === ref || device.deviceId === ref.replace(/:/g, '');
}

export function matches(device: ScannedDevice, reference: string): boolean {
  return identifies(device, reference) || device.name.toLowerCase() === reference.trim().toLowerCase();
}

/** One advertising interval has passed: some Fluss+ device was heard a second time. */
export function settled(devices: readonly ScannedDevice[], elapsedMs: number): boolean {
  return elapsedMs >= SETTLE_LIMIT_MS || devices.some((d) => d.kind !== 'other' && d.lastSeen > d.firstSeen);
}

export function kindWord(kind: DeviceClass | undefined): string {
  return kind === undefined || kind === 'other' ? 'device' : kind;
}

export function decideFind(devices: readonly ScannedDevice[], reference: string, kind: DeviceClass | undefined, elapsedMs: number): FindDecision {
  const matching = devices.filter((d) => matches(d, reference));
  const wanted = (d: ScannedDevice) => (kind === undefined ? true : d.kind === kind);
  const byId = matching.find((d) => identifies(d, reference));
  if (byId) return wanted(byId) ? { status: 'found', device: byId } : { status: 'refused', error: wrongKind(byId, reference, kind) };

  // Any kind (`fluss info`): a Fluss+ device of that name before an unrelated advertiser of the same name.
  const fluss = matching.filter((d) => d.kind !== 'other' && wanted(d));
  const candidates = kind === undefined && fluss.length === 0 ? matching : fluss;
  if (candidates.length > 1) return { status: 'refused', error: ambiguous(candidates, reference, kind) };
  if (!settled(devices, elapsedMs)) return { status: 'listening' };
  const [only] = candidates;
  if (only) return { status: 'found', device: only };
  const [other] = matching;
  return other ? { status: 'refused', error: wrongKind(other, reference, kind) } : { status: 'listening' };
}

export function ambiguous(devices: readonly ScannedDevice[], reference: string, kind: DeviceClass | undefined): FlussError {
  return new FlussError(
    'INVALID_ARGUMENT',
    `More than one ${kindWord(kind)} is called "${reference}": ${devices.map((d) => d.deviceId ?? d.address).join(', ')}.`,
    'Name the device by its id instead.',
  );
}

function wrongKind(device: ScannedDevice, reference: string, kind: DeviceClass | undefined): FlussError {
  const label = reference.trim().toLowerCase() === device.name.toLowerCase() ? `"${device.name}"` : `${device.name} (${reference})`;
  if (device.kind === 'other') {
    return new FlussError('INVALID_ARGUMENT', `${label} is not a Fluss+ device.`, 'Run `fluss scan` to list the intercoms and gates nearby.');
  }
  const hint = device.kind === 'gate' ? 'Name an intercom: run `fluss scan` to list them.' : 'Name a gate: run `fluss scan` to list them.';
  return new FlussError('INVALID_ARGUMENT', `${label} is ${device.kind === 'gate' ? 'a gate' : 'an intercom'}, not ${kind === 'intercom' ? 'an intercom' : `a ${kindWord(kind)}`}.`, hint);
}
