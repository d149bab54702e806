/**
 * The Fluss+ GATT profile, version 2 (docs/protocol.md is the prose of this file).
 * UUIDs are lower-case, dash-less 128-bit strings, the form noble and bleno both use.
 */
export const PROTOCOL_VERSION = 2;

const uuid = (short: string): string => `f1055000${short}4a7e9b3c5d2e8f601a2b`;

export const INTERCOM_SERVICE = uuid('1000');
export const INTERCOM_INFO = uuid('1001');
export const INTERCOM_CONTROL = uuid('1002');

export const GATE_SERVICE = uuid('2000');
export const GATE_INFO = uuid('2001');
export const GATE_CONTROL = uuid('2002');

export type DeviceKind = 'intercom' | 'gate';

export interface ServiceProfile {
  service: string;
  info: string;
  /** Frames both ways; the device's responses and events arrive as notifications here. */
  control: string;
}

export const PROFILES: Record<DeviceKind, ServiceProfile> = {
  intercom: { service: INTERCOM_SERVICE, info: INTERCOM_INFO, control: INTERCOM_CONTROL },
  gate: { service: GATE_SERVICE, info: GATE_INFO, control: GATE_CONTROL },
};

/**
 * Which kinds seal their events to a session from HELLO_REPLY on, before AUTH (docs/protocol.md,
 * "Listening sessions"): a gate, so that test-fire confirms its relay without a request of its own (lean
 * test-fire, issue #7 item 6). An intercom's audit events wait for AUTH.
 */
export const EVENTS_BEFORE_AUTH: Record<DeviceKind, boolean> = { intercom: false, gate: true };

/** Bluetooth SIG company id 0xFFFF is reserved for testing; a shipping device would use its maker's id. */
export const COMPANY_ID = 0xffff;

/** ATT_MTU before negotiation (Core Spec Vol 3 Part F 3.2.8); a write carries MTU - 3 bytes. */
export const DEFAULT_ATT_MTU = 23;
export const MAX_ATT_MTU = 517;

/** Largest reassembled message either side accepts; bigger is a protocol error, not an allocation. */
export const MAX_MESSAGE_BYTES = 8192;

/** Advertised local names are short: the scan response also carries 17 bytes of manufacturer data. */
export const MAX_NAME_BYTES = 12;
