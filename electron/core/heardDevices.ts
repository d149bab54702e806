/**
 * What the scans of one run have heard: later steps read names from it instead of scanning again (the
 * gates a setting points at), and it remembers which device each name was taken to mean, so that a
 * second device of that name heard by any later scan is reported rather than silently ignored
 * (findRule.ts says why a find by name cannot wait for every device that might ever advertise).
 */
import { ambiguous } from './findRule';
import type { DeviceClass, ScannedDevice } from './scanner';

export class HeardDevices {
  private readonly devices = new Map<string, ScannedDevice>();
  /** Name (lower case) -> the device a find by that name chose, and the kind it asked for. */
  private readonly chosen = new Map<string, { device: ScannedDevice; reference: string; kind: DeviceClass | undefined }>();

  record(devices: readonly ScannedDevice[]): void {
    for (const device of devices) this.devices.set(device.key, device);
  }

  /** A Fluss+ device heard by id (or any advertiser by address). */
  get(key: string): ScannedDevice | undefined {
    return this.devices.get(key);
  }

  /** The names of the Fluss+ devices heard, by device id. */
  names(): Record<string, string> {
    const names: Record<string, string> = {};
    for (const device of this.devices.values()) if (device.deviceId !== undefined) names[device.deviceId] = device.name;
    return names;
  }

  /** A find took the name `reference` to mean `device`. */
  choose(reference: string, device: ScannedDevice, kind: DeviceClass | undefined): void {
    this.chosen.set(reference.trim().toLowerCase(), { device, reference, kind });
  }

  /** The ambiguity, if a device heard since shares a name chosen earlier (the choice may have been wrong). */
  conflict(): Error | undefined {
    for (const [name, { device, reference, kind }] of this.chosen) {
      const sameName = [...this.devices.values()].filter((d) => d.name.toLowerCase() === name && (kind === undefined ? d.kind !== 'other' : d.kind === kind));
      if (sameName.some((d) => d.key !== device.key)) return ambiguous(sameName, reference, kind);
    }
    return undefined;
  }
}
