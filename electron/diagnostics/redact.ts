/**
 * What a BLE trace may keep (docs: the diagnostics bundle is redacted). A trace shows support the flow:
 * which packets, which attribute handles, how long, in what order. It never keeps attribute values:
 * HELLO names a user id in clear, and a trace must not be a way to collect them; the other values are
 * sealed frames (ciphertext) and device info, which support does not need byte for byte. SMP payloads
 * and the HCI commands that carry a link key are blanked too. Blanked bytes become zeros, lengths stay.
 */
import { H4 } from './btsnoop';

const ATT_CID = 0x0004;
const SMP_CID = 0x0006;

/** ATT opcodes that carry an attribute value, and where the value starts (Core Spec Vol 3 Part F 3.4). */
const ATT_VALUE_OFFSET: Record<number, number> = {
  0x0b: 1, // Read Response
  0x0d: 1, // Read Blob Response
  0x0f: 1, // Read Multiple Response
  0x12: 3, // Write Request
  0x52: 3, // Write Command
  0xd2: 3, // Signed Write Command
  0x16: 5, // Prepare Write Request
  0x17: 5, // Prepare Write Response
  0x1b: 3, // Handle Value Notification
  0x1d: 3, // Handle Value Indication
  0x23: 3, // Multiple Handle Value Notification (blanked whole after the opcode's first handle)
};

/** HCI commands whose parameters hold key material (LE Encrypt, LE Start Encryption, LE LTK Request Reply). */
const KEYED_COMMANDS = new Set([0x2017, 0x2019, 0x201a]);

/** A copy of one H4 packet with its secrets blanked. */
export function redactH4(packet: Uint8Array): Uint8Array {
  const out = packet.slice();
  const type = out[0];
  if (type === H4.command && out.length >= 4) {
    const opcode = (out[1] ?? 0) | ((out[2] ?? 0) << 8);
    // LE Encrypt has no connection handle; the other two keep theirs (2 bytes) for the reader.
    if (KEYED_COMMANDS.has(opcode)) out.fill(0, opcode === 0x2017 ? 4 : 6);
    return out;
  }
  if (type !== H4.acl || out.length < 5) return out;
  const packetBoundary = ((out[2] ?? 0) >> 4) & 0x03;
  // A continuation fragment carries the middle of an L2CAP PDU: its bytes are part of some value.
  if (packetBoundary === 0x01) {
    out.fill(0, 5);
    return out;
  }
  if (out.length < 9) return out;
  const cid = (out[7] ?? 0) | ((out[8] ?? 0) << 8);
  if (cid === SMP_CID) out.fill(0, 10);
  if (cid === ATT_CID) {
    const valueOffset = ATT_VALUE_OFFSET[out[9] ?? -1];
    if (valueOffset !== undefined) out.fill(0, 9 + valueOffset);
  }
  return out;
}
