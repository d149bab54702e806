/** noble's view of an advertiser (advertising and scan response already merged) as the transport's Advertisement. */
import type { Peripheral } from '@stoprocent/noble';
import type { Advertisement } from '../transport';

export function toAdvertisement(peripheral: Peripheral, rssi: number): Advertisement {
  const ad = peripheral.advertisement;
  // noble's types promise a name and manufacturer data; advertisers without them leave them undefined.
  const localName = ad.localName as string | undefined;
  const manufacturerData = ad.manufacturerData as Buffer | undefined;
  return {
    // On macOS noble has no addresses, only per-machine ids; those are what connect() takes there.
    address: peripheral.address && peripheral.address !== 'unknown' ? peripheral.address.toLowerCase() : peripheral.id,
    ...(localName ? { localName } : {}),
    rssi,
    serviceUuids: ad.serviceUuids.map((u) => u.toLowerCase()),
    ...(manufacturerData ? { manufacturerData: new Uint8Array(manufacturerData) } : {}),
    receivedAt: Date.now(),
  };
}
