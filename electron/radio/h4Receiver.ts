/**
 * The app's side of the radio process's H4 trace (h4Forwarder.ts is the radio's): one validated `h4`
 * batch into the app's BleTraceSink, which redacts once more as it writes (redact.ts; a no-op on what
 * the radio already blanked) and keeps the count of packets the radio left out.
 */
import type { BleTraceSink } from '../diagnostics/bleTrace';
import type { H4Packet } from './messages';

/** Writes one batch (in one append where the sink can) and then notes the packets dropped after it. */
export function writeH4Batch(trace: BleTraceSink, packets: readonly H4Packet[], dropped: number): void {
  const decoded = packets.map((p) => ({ packet: new Uint8Array(Buffer.from(p.data, 'base64')), direction: p.dir, atUs: BigInt(p.at) }));
  if (trace.recordAll) trace.recordAll(decoded);
  else for (const { packet, direction, atUs } of decoded) trace.record(packet, direction, atUs);
  // The radio dropped these after the queued ones it sent: the records that follow count them.
  if (dropped > 0) trace.dropped?.(dropped);
}
