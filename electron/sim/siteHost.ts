/**
 * `fluss sim serve`: a simulated site's devices as real BLE peripherals, in order, one bleno instance per
 * HCI UART port, all in one process so the intercom's radio link can fire its gates.
 */
import type { Beacon } from '../hci/air';
import { encodeAdStructures } from '../hci/adStructures';
import { FlussError } from '../protocol/errors';
import { BlenoHost } from './blenoHost';
import type { SimSite } from './simSite';
import type { Site } from './siteFile';

export interface HostedDevice {
  deviceId: string;
  name: string;
  address: string;
  port: string;
}

export interface SiteHost {
  readonly devices: HostedDevice[];
  /** Stops every bleno instance (each releases its port). */
  stop(): void;
}

/** Hosts the site's devices in order on `ports` (one per port); extra devices are left out and named in `skipped`. */
export async function hostSite(sim: SimSite, ports: string[], options: { poweredOnTimeoutMs?: number; baudRate?: number } = {}): Promise<SiteHost & { skipped: string[] }> {
  const devices = sim.options.site.devices;
  if (ports.length === 0) throw new FlussError('INVALID_ARGUMENT', 'No HCI UART port given.', 'Give one --hci-uart <port> per device to host, in the order of the site file.');
  if (ports.length > devices.length) {
    throw new FlussError('INVALID_ARGUMENT', `${ports.length} ports were given, but the site has only ${devices.length} devices.`, 'Give one --hci-uart <port> per device, in the order of the site file.');
  }
  const endpoints = sim.peripherals();
  // Each bleno instance and its serial port add a process 'exit' handler: a site has a dozen, by design.
  process.setMaxListeners(Math.max(process.getMaxListeners(), 10 + 3 * ports.length));
  const started = await Promise.allSettled(
    ports.map((port, i) => {
      const endpoint = endpoints[i];
      if (!endpoint) throw new FlussError('INTERNAL', `No endpoint for device ${i + 1}.`);
      return BlenoHost.start(endpoint, { hciUart: port, ...options });
    }),
  );
  const hosts = started.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
  const failed = started.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) {
    for (const host of hosts) host.stop();
    throw failed.reason;
  }
  return {
    devices: ports.map((port, i) => {
      const device = devices[i];
      return { deviceId: device?.deviceId ?? '', name: device?.name ?? '', address: endpoints[i]?.address ?? '', port };
    }),
    skipped: devices.slice(ports.length).map((d) => d.name),
    stop: () => {
      for (const host of hosts) host.stop();
    },
  };
}

/** The site's unrelated advertisers (phones, tags, TVs) as beacons on a virtual air. */
export function siteBeacons(site: Site): Beacon[] {
  return site.others.map((other) => {
    const manufacturerData = other.manufacturerData === undefined ? undefined : new Uint8Array(Buffer.from(other.manufacturerData, 'hex'));
    return {
      address: other.address,
      rssi: other.rssi,
      data: encodeAdStructures({ serviceUuids: other.serviceUuids, ...(manufacturerData ? { manufacturerData } : {}) }),
      ...(other.name === undefined ? {} : { scanResponse: encodeAdStructures({ localName: other.name }) }),
    };
  });
}

/** The radio address a site device advertises from (its id as a MAC-style string, as DeviceEndpoint uses). */
export function deviceAddress(deviceId: string): string {
  return deviceId.replace(/(..)(?!$)/g, '$1:');
}
