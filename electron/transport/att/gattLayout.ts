/**
 * What discovery learns about a device's GATT database, in the form the cache keeps on disk: for each
 * wanted service its handle range, the characteristic declarations read from it (to validate a cached
 * layout later), and for each wanted characteristic its value handle and, when it notifies, its CCCD.
 */
import { z } from 'zod';

const handle = z.number().int().min(1).max(0xffff);
const uuid = z.string().regex(/^([0-9a-f]{4}|[0-9a-f]{32})$/);

export const declarationSchema = z.strictObject({ declHandle: handle, properties: z.number().int().min(0).max(0xff), valueHandle: handle, uuid });

export const characteristicLayoutSchema = z.strictObject({
  uuid,
  declHandle: handle,
  valueHandle: handle,
  properties: z.number().int().min(0).max(0xff),
  /** The last handle of the characteristic (its descriptors end here). */
  endHandle: handle,
  /** Client Characteristic Configuration descriptor, for a characteristic that notifies or indicates. */
  cccd: handle.optional(),
});

export const serviceLayoutSchema = z.strictObject({
  uuid,
  start: handle,
  end: handle,
  /** Every declaration the Read By Type pages returned, in order: validation reads them back. */
  declarations: z.array(declarationSchema).max(64),
  characteristics: z.array(characteristicLayoutSchema).max(64),
});

export const gattLayoutSchema = z.strictObject({ services: z.array(serviceLayoutSchema).min(1).max(8) });

export type CharacteristicLayout = z.infer<typeof characteristicLayoutSchema>;
export type ServiceLayout = z.infer<typeof serviceLayoutSchema>;
export type GattLayout = z.infer<typeof gattLayoutSchema>;

/** What a link needs of a device: services by UUID and, optionally, which of their characteristics. */
export interface WantedService {
  uuid: string;
  /** Absent: every characteristic of the service. */
  characteristics?: string[];
}

export function findCharacteristic(layout: GattLayout, service: string, characteristic: string): CharacteristicLayout | undefined {
  return layout.services.find((s) => s.uuid === service)?.characteristics.find((c) => c.uuid === characteristic);
}
