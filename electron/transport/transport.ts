/**
 * The one interface between the core and a Bluetooth LE stack. The in-process simulator
 * (electron/sim/) and noble (issue 3) implement it; the core never imports either.
 *
 * Implementations need not time out: the core bounds every call (noble has no GATT timeouts), and
 * passes an AbortSignal so a caller can give up early. They must reject, not hang, once a link is down.
 */

/** One advertising report, as a scan delivers it (advertising and scan response merged). */
export interface Advertisement {
  /** The transport's handle for connecting (an address, or a platform UUID on macOS). */
  address: string;
  localName?: string;
  rssi: number;
  serviceUuids: string[];
  /** Manufacturer specific data, company id first (little-endian), as in the AD structure. */
  manufacturerData?: Uint8Array;
  /** Milliseconds since the epoch when the report was received. */
  receivedAt: number;
}

export interface ScanOptions {
  signal?: AbortSignal;
  /** Only report advertisers of these services; empty or absent means every advertiser. */
  serviceUuids?: string[];
}

export interface Transport {
  /** 'sim' for the in-process simulator; otherwise the binding in use (for the UI and `fluss doctor`). */
  readonly name: string;
  /** Starts scanning; reports arrive through onAdvertisement until stopScan() or the signal aborts. */
  startScan(onAdvertisement: (advertisement: Advertisement) => void, options?: ScanOptions): Promise<void>;
  stopScan(): Promise<void>;
  connect(address: string, options: { signal?: AbortSignal }): Promise<Link>;
  /** Releases the stack (noble.stop()); the process can exit afterwards. */
  close(): Promise<void>;
}

export interface LinkStats {
  /** ATT PDUs sent and received on this link. */
  pdusOut: number;
  pdusIn: number;
  bytesOut: number;
  bytesIn: number;
  /** Air time the link model charged, in milliseconds. */
  airTimeMs: number;
  /** ATT PDUs by class, both directions (att/attPdu.ts, classifyOpcode): requests each await a response. */
  requests: number;
  responses: number;
  commands: number;
  notifications: number;
  /** Requests plus commands: what costs a round trip or a connection event of its own. */
  exchanges: number;
}

export interface WriteOptions {
  signal?: AbortSignal;
  /**
   * Send an ATT Write Command (no Write Response): the write resolves once handed to the link. For messages
   * whose delivery the protocol confirms itself (sealed frames with counters and replies). Where the
   * characteristic does not permit it, the acknowledged Write Request is used instead.
   */
  withoutResponse?: boolean;
}

/** One connection to one peripheral. */
export interface Link {
  readonly address: string;
  /** Negotiated ATT_MTU; a write or notification carries at most mtu - 3 bytes. */
  readonly mtu: number;
  read(service: string, characteristic: string, options?: { signal?: AbortSignal }): Promise<Uint8Array>;
  write(service: string, characteristic: string, data: Uint8Array, options?: WriteOptions): Promise<void>;
  /** Enables notifications; returns the function that disables them. */
  subscribe(
    service: string,
    characteristic: string,
    onValue: (value: Uint8Array) => void,
    options?: { signal?: AbortSignal },
  ): Promise<() => Promise<void>>;
  /** Called once when the link drops for any reason other than disconnect(). Returns an unsubscribe. */
  onDisconnect(listener: (reason: string) => void): () => void;
  readonly connected: boolean;
  /**
   * How the link learnt the device's GATT layout: 'cache' (a cached layout, validated on the air),
   * 'discovered' (first contact), 'rediscovered' (the cached layout no longer fitted), 'stack' (the OS's own).
   */
  readonly layoutSource?: 'cache' | 'discovered' | 'rediscovered' | 'stack';
  disconnect(): Promise<void>;
  stats(): LinkStats;
}
