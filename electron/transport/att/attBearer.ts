/**
 * An ATT bearer as the client procedures see it: send a request and get its response PDU, send a command,
 * hear notifications. noble's HCI binding provides one (noble/nobleAttBearer.ts) and the in-process air
 * another (electron/sim/simBearer.ts), so discovery, the GATT cache and handle-level access run the same
 * code on both.
 */
export interface AttBearer {
  /** The ATT_MTU in force (after the exchange at connection). */
  readonly mtu: number;
  /** Sends a request; resolves with the response PDU, an Error Response included. Bounded and cancellable. */
  request(pdu: Uint8Array, signal?: AbortSignal): Promise<Uint8Array>;
  /** Sends a command (no response PDU); resolves once it is handed to the link. */
  command(pdu: Uint8Array, signal?: AbortSignal): Promise<void>;
  /** Every Handle Value Notification on this link; returns the unsubscribe. */
  onNotification(listener: (handle: number, value: Uint8Array) => void): () => void;
}
