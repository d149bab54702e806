/**
 * How a link reaches characteristics by (service, characteristic) UUID. Two ways exist: by handle over an
 * ATT bearer (handleAccess.ts: noble's HCI binding and the simulator), or through a stack's own
 * characteristic objects where the OS owns GATT and caches it itself (noble/objectAccess.ts: macOS,
 * Windows, BlueZ over D-Bus). The link runs each call inside its bounded, cancellable GattQueue.
 */
export interface GattAccess {
  /** How the layout was obtained, for stats and tests. */
  readonly source: LayoutSource;
  read(service: string, characteristic: string, signal?: AbortSignal): Promise<Uint8Array>;
  write(service: string, characteristic: string, data: Uint8Array, withoutResponse: boolean, signal?: AbortSignal): Promise<void>;
  /** Enables notifications and routes them to `onValue` until disableNotifications. */
  enableNotifications(service: string, characteristic: string, onValue: (value: Uint8Array) => void, signal?: AbortSignal): Promise<void>;
  disableNotifications(service: string, characteristic: string): Promise<void>;
  /** Detaches from the stack (the link is gone). */
  close(): void;
}

/** 'cache': a validated cached layout; 'discovered': first contact; 'rediscovered': the cached one no longer fit; 'stack': the OS's own. */
export type LayoutSource = 'cache' | 'discovered' | 'rediscovered' | 'stack';
