/**
 * The Fluss+ GATT profile as attributes: which characteristics a device's service has and what each
 * permits, for whatever characteristics PROFILES lists (docs/protocol.md, "GATT profile"). Shared by the
 * bleno host and the simulator's GATT server, so the in-process air and the real stacks see one database.
 */
import { PROFILES, type ServiceProfile } from '../protocol/gattProfile';

export type CharacteristicProperty = 'read' | 'write' | 'writeWithoutResponse' | 'notify';

export interface CharacteristicSpec {
  /** The field of ServiceProfile it comes from: 'info', 'control', ... */
  role: string;
  uuid: string;
  properties: CharacteristicProperty[];
}

/** info is read in clear; control takes Write and Write Without Response and notifies; any other notifies. */
const ROLE_PROPERTIES: Record<string, CharacteristicProperty[]> = {
  info: ['read'],
  control: ['write', 'writeWithoutResponse', 'notify'],
};

export function profileCharacteristics(profile: ServiceProfile): CharacteristicSpec[] {
  return Object.entries(profile as unknown as Record<string, string>)
    .filter(([role]) => role !== 'service')
    .map(([role, uuid]) => ({ role, uuid, properties: ROLE_PROPERTIES[role] ?? ['notify'] }));
}

/** The profile whose service a device advertises. */
export function profileOf(serviceUuids: readonly string[]): ServiceProfile | undefined {
  return Object.values(PROFILES).find((p) => serviceUuids.includes(p.service));
}

/**
 * Filler characteristics placed before the profile's, moving every handle after them: how a test stands
 * in for a firmware update that moved the device's handles. Read-only, with UUIDs of their own.
 */
export function fillerCharacteristics(count: number): CharacteristicSpec[] {
  return Array.from({ length: count }, (_, i) => ({
    role: `filler${i}`,
    uuid: `f1055000ff${i.toString(16).padStart(2, '0')}4a7e9b3c5d2e8f601a2b`,
    properties: ['read'] as CharacteristicProperty[],
  }));
}
