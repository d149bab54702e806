/**
 * Counts ATT PDUs the way the virtual controller does (electron/hci/airLink.ts): every PDU in each
 * direction with its full length (opcode and parameters), and each by class. An "exchange" is what costs a
 * round trip or a connection event of its own: a request (which awaits its response) or a command.
 */
import type { LinkStats } from '../transport';
import { classifyOpcode } from './attPdu';

/** L2CAP header plus link-layer overhead per PDU, and the inter frame space, at LE 1M (8 us per octet). */
const OVERHEAD_OCTETS = 4 + 10;
const T_IFS_US = 150;

export class AttCounters {
  private readonly counters: LinkStats = emptyStats();

  /** One PDU on the air; `airTimeMs`, when given, replaces the estimate from its length. */
  count(direction: 'out' | 'in', pdu: Uint8Array, airTimeMs?: number): void {
    this.countOpcode(direction, pdu[0] ?? 0, pdu.length, airTimeMs);
  }

  /** One PDU known only by its opcode and length (a stack that hides its PDUs: the estimate of what it sent). */
  countOpcode(direction: 'out' | 'in', opcode: number, length: number, airTimeMs?: number): void {
    const c = this.counters;
    if (direction === 'out') {
      c.pdusOut += 1;
      c.bytesOut += length;
    } else {
      c.pdusIn += 1;
      c.bytesIn += length;
    }
    const kind = classifyOpcode(opcode);
    if (kind === 'request') c.requests += 1;
    else if (kind === 'response') c.responses += 1;
    else if (kind === 'command') c.commands += 1;
    else c.notifications += 1;
    c.exchanges = c.requests + c.commands;
    c.airTimeMs += airTimeMs ?? ((length + OVERHEAD_OCTETS) * 8 + T_IFS_US) / 1000;
  }

  addAirTime(ms: number): void {
    this.counters.airTimeMs += ms;
  }

  snapshot(): LinkStats {
    return { ...this.counters, airTimeMs: Math.round(this.counters.airTimeMs * 1000) / 1000 };
  }
}

export function emptyStats(): LinkStats {
  return { pdusOut: 0, pdusIn: 0, bytesOut: 0, bytesIn: 0, airTimeMs: 0, requests: 0, responses: 0, commands: 0, notifications: 0, exchanges: 0 };
}
