/**
 * A simulated device as a GATT peripheral: what a radio host (the in-process air of simTransport.ts, or
 * bleno in issue 3) drives. The peripheral knows nothing of how its bytes travel.
 */

export interface AdvertisingData {
  localName: string;
  serviceUuids: string[];
  /** Company id first (little-endian), as in the AD structure. */
  manufacturerData: Uint8Array;
}

/** The host's side of one connection: how the peripheral sends notifications to its central. */
export interface CentralHandle {
  /** Negotiated ATT_MTU; a notification carries at most mtu - 3 bytes. */
  readonly mtu: number;
  notify(service: string, characteristic: string, value: Uint8Array): void;
  /** The peripheral ends the link (a device drops a central that sent forged or replayed frames). */
  disconnect(reason: string): void;
}

/** One central's connection, as the peripheral sees it. */
export interface PeripheralConnection {
  read(service: string, characteristic: string): Promise<Uint8Array>;
  /** Resolves when the write is accepted (ATT Write Response); rejects with a FlussError on an ATT error. */
  write(service: string, characteristic: string, value: Uint8Array): Promise<void>;
  setNotify(service: string, characteristic: string, enabled: boolean): void;
  /** The link is gone; drop every per-connection secret. */
  disconnected(): void;
}

export interface Peripheral {
  /** The radio address a central connects to (here the device id as a MAC-style string). */
  readonly address: string;
  /**
   * Filler characteristics ahead of the profile's (gattRoles.ts): a firmware whose handles moved. Hosts read
   * it when they publish the service (bleno) or when a central connects (the in-process air).
   */
  readonly gattFillers?: number;
  advertising(): AdvertisingData;
  accept(central: CentralHandle): PeripheralConnection;
}
