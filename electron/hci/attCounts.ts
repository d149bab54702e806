/**
 * ATT PDUs by class on one link, as the virtual controller sees them on the air: what tests and the bench
 * count round trips with (docs/protocol.md, "Exchanges"). Classes as electron/transport/att/attPdu.ts
 * defines them; "exchanges" are requests plus commands.
 */
import { classifyOpcode } from '../transport/att/attPdu';

export interface AttCounts {
  requests: number;
  responses: number;
  commands: number;
  notifications: number;
  exchanges: number;
  /** PDUs per opcode, both directions, keyed "0x12" and so on. */
  byOpcode: Record<string, number>;
}

export function emptyAttCounts(): AttCounts {
  return { requests: 0, responses: 0, commands: 0, notifications: 0, exchanges: 0, byOpcode: {} };
}

/** Counts one ATT PDU (its first byte is the opcode). */
export function countAttPdu(counts: AttCounts, opcode: number): void {
  const kind = classifyOpcode(opcode);
  if (kind === 'request') counts.requests += 1;
  else if (kind === 'response') counts.responses += 1;
  else if (kind === 'command') counts.commands += 1;
  else counts.notifications += 1;
  counts.exchanges = counts.requests + counts.commands;
  const key = `0x${opcode.toString(16).padStart(2, '0')}`;
  counts.byOpcode[key] = (counts.byOpcode[key] ?? 0) + 1;
}
