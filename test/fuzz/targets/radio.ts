/**
 * Fuzz targets for the radio channel's H4 trace (electron/radio): what the app accepts from its radio
 * process (an `h4` message, validated, then written into a trace) and what the radio's forwarder makes of
 * any bytes noble's socket might pass (each batch it sends must be one the app accepts, redacted).
 */
import { MemoryTrace } from '../../../electron/diagnostics/bleTrace';
import { redactH4 } from '../../../electron/diagnostics/redact';
import { H4Forwarder, type H4Batch } from '../../../electron/radio/h4Forwarder';
import { writeH4Batch } from '../../../electron/radio/h4Receiver';
import { fromRadioSchema } from '../../../electron/radio/messages';
import { asText, json, type FuzzTarget } from '../target';

const b64 = (bytes: number[]) => Buffer.from(bytes).toString('base64');
/** An ATT Write Command (HELLO's shape) in one ACL packet on connection 0x0040. */
const ATT_WRITE = [0x02, 0x40, 0x20, 0x0b, 0x00, 0x07, 0x00, 0x04, 0x00, 0x52, 0x12, 0x00, 0xa4, 0x61, 0x76, 0x01];
const RESET = [0x01, 0x03, 0x0c, 0x00];
const same = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((x, i) => x === b[i]);

function message(): FuzzTarget {
  return {
    name: 'radio.h4',
    seeds: [
      json({ t: 'h4', seq: 1, packets: [{ dir: 'sent', at: 1_780_000_000_000_000, data: b64(RESET) }, { dir: 'sent', at: 1_780_000_000_000_010, data: b64(ATT_WRITE) }], dropped: 0 }),
      json({ t: 'h4', seq: 9, packets: [], dropped: 12 }),
    ],
    run(input) {
      let value: unknown;
      try {
        value = JSON.parse(asText(input));
      } catch {
        return undefined; // not JSON: the channel never delivers it
      }
      const parsed = fromRadioSchema.safeParse(value);
      if (!parsed.success || parsed.data.t !== 'h4') return undefined;
      const trace = new MemoryTrace();
      writeH4Batch(trace, parsed.data.packets, parsed.data.dropped);
      if (trace.records.length !== parsed.data.packets.length) return 'a validated batch did not write every packet';
      if (trace.records.some((r) => !same(r.packet, redactH4(r.packet)))) return 'a trace record kept a value redaction blanks';
      return undefined;
    },
  };
}

function forwarder(): FuzzTarget {
  return {
    name: 'radio.h4Forwarder',
    seeds: [new Uint8Array(RESET), new Uint8Array(ATT_WRITE)],
    run(input) {
      const sent: H4Batch[] = [];
      const h4 = new H4Forwarder({ send: (batch) => sent.push(batch), clockUs: () => 1_780_000_000_000_000n });
      h4.push(input, 'received');
      h4.flush();
      h4.close();
      for (const batch of sent) {
        if (!fromRadioSchema.safeParse(batch).success) return 'the forwarder sent a batch the app refuses';
        for (const p of batch.packets) {
          const bytes = new Uint8Array(Buffer.from(p.data, 'base64'));
          if (!same(bytes, redactH4(bytes))) return 'the forwarder sent a packet unredacted';
        }
      }
      if (input.length > 0 && sent.reduce((n, b) => n + b.packets.length + b.dropped, 0) !== 1) return 'the packet was neither sent nor counted as dropped';
      return undefined;
    },
  };
}

export function radioTargets(): FuzzTarget[] {
  return [message(), forwarder()];
}
