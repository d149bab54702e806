/**
 * What a simulated Fluss+ device looks like to whatever hosts it (the in-process simulator, or bleno in
 * issue 3). Models are pure TypeScript: no transport, no timers, no I/O; time and randomness are injected
 * so every test is deterministic.
 */
import type { Result } from '../protocol/errors';
import type { DeviceEvent, DeviceInfo, Request, Role } from '../protocol/messages';

/** What a device is: its label and what info.get reports. */
export interface DeviceIdentity {
  deviceId: string;
  name: string;
  model: string;
  firmware: string;
  hardware: string;
  serial: string;
}

export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
}

/** n bytes from a CSPRNG (or a seeded stream in tests); the protocol layer's type, so there is one. */
export type { RandomSource } from '../protocol/secureSession';

/** Who a secure session was authenticated as. `setup` is the first-time-setup key of an unclaimed intercom. */
export type SessionIdentity = { kind: 'user'; userId: string; role: Role } | { kind: 'setup' };

/** Where a session gets the key to authenticate a user id with (the `setup` user id means the setup key). */
export interface KeyRing {
  /** The key and identity for a user id, or undefined when the device does not know it. */
  lookup(userId: string): { key: Uint8Array; identity: SessionIdentity } | undefined;
}

export interface DeviceModel extends KeyRing {
  readonly kind: 'intercom' | 'gate';
  readonly deviceId: string;
  info(): DeviceInfo;
  /**
   * Handles one validated request from an authenticated session. Never throws: refusals and rule
   * violations are returned as data with a code and a message a technician understands.
   */
  handle(request: Request, identity: SessionIdentity): Promise<Result<unknown>>;
  /** Live events (audit entries as they are appended; gate relay events). Returns an unsubscribe. */
  onEvent(listener: (event: DeviceEvent) => void): () => void;
  /** Whether an authenticated session of `identity` may receive `event` live (roles.ts, mayReceiveEvent). */
  mayReceive(event: DeviceEvent, identity: SessionIdentity): boolean;
  /** Called after every change of persistent state, so the host can write it to "flash". */
  onPersist(listener: () => void): () => void;
  /** The whole persistent state, JSON-serialisable; `secrets` holds everything that must be sealed at rest. */
  snapshot(): PersistedDevice;
}

/** A device's flash: `state` is plain, `secrets` (keys, code digits) is sealed by the state store. */
export interface PersistedDevice {
  kind: 'intercom' | 'gate';
  deviceId: string;
  state: Record<string, unknown>;
  secrets: Record<string, unknown>;
}

/** How an intercom tells a bound gate to fire (the gate-to-intercom radio link is outside the GATT profile). */
export interface GateLink {
  /** Resolves true when the gate confirmed its relay fired, false when the gate did not answer. */
  trigger(gateId: string, source: { intercomId: string; leg: 'entry' | 'exit' }): Promise<boolean>;
}
