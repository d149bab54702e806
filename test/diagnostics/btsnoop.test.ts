/** The btsnoop writer and the trace redaction, byte for byte. */
import { describe, expect, it } from 'vitest';
import { btsnoopHeader, decodeBtsnoop, encodeBtsnoop, EPOCH_OFFSET_US } from '../../electron/diagnostics/btsnoop';
import { MemoryTrace } from '../../electron/diagnostics/bleTrace';
import { traceTransport } from '../../electron/diagnostics/gattTrace';
import { redactH4 } from '../../electron/diagnostics/redact';
import { openDemo } from '../helpers/demo';
import { PROFILES } from '../../electron/protocol/gattProfile';

const ascii = (text: string) => [...new TextEncoder().encode(text)];
const contains = (haystack: Uint8Array, needle: string) => Buffer.from(haystack).includes(Buffer.from(needle));

/** An ATT Write Request (handle 0x0013) carrying `value`, in one ACL packet on connection 0x0040. */
function attWrite(value: number[]): Uint8Array {
  const att = [0x12, 0x13, 0x00, ...value];
  const l2cap = [att.length & 0xff, att.length >> 8, 0x04, 0x00, ...att];
  return new Uint8Array([0x02, 0x40, 0x20, l2cap.length & 0xff, l2cap.length >> 8, ...l2cap]);
}

describe('btsnoop', () => {
  it('writes the header Wireshark expects: magic, version 1, datalink 1002 (H4)', () => {
    expect(Buffer.from(btsnoopHeader()).toString('hex')).toBe(`${Buffer.from('btsnoop\0').toString('hex')}00000001000003ea`);
  });

  it('writes records with lengths, direction and command/event flags, and time since 0 AD', () => {
    const event = new Uint8Array([0x04, 0x0e, 0x04, 0x01, 0x03, 0x0c, 0x00]);
    const acl = attWrite([1, 2, 3]);
    const file = encodeBtsnoop([
      { packet: event, direction: 'received', atUs: 1_000_000n },
      { packet: acl, direction: 'sent', atUs: 2_000_000n },
    ]);
    const view = new DataView(file.buffer);
    expect(view.getUint32(16)).toBe(event.length); // original length
    expect(view.getUint32(20)).toBe(event.length); // included length
    expect(view.getUint32(24)).toBe(0b11); // received, event
    expect(view.getBigUint64(32)).toBe(1_000_000n + EPOCH_OFFSET_US);
    expect(view.getUint32(16 + 24 + event.length + 8)).toBe(0b00); // sent, data
    expect(decodeBtsnoop(file)?.map((r) => [r.direction, r.packet.length, r.atUs])).toEqual([
      ['received', event.length, 1_000_000n],
      ['sent', acl.length, 2_000_000n],
    ]);
  });
});

describe('trace redaction', () => {
  it('blanks attribute values (a HELLO names a user id in clear) but keeps opcode, handle and length', () => {
    const hello = attWrite([0x01, ...ascii('demo-owner'), 0xaa]);
    const redacted = redactH4(hello);
    expect(redacted.length).toBe(hello.length);
    expect(contains(redacted, 'demo-owner')).toBe(false);
    expect([...redacted.slice(0, 12)]).toEqual([...hello.slice(0, 12)]);
    expect(redacted.slice(12).every((b) => b === 0)).toBe(true);
  });

  it('blanks continuation fragments, SMP payloads and the HCI commands that carry a link key', () => {
    const continuation = new Uint8Array([0x02, 0x40, 0x10, 0x04, 0x00, ...ascii('anna')]);
    expect(contains(redactH4(continuation), 'anna')).toBe(false);
    const smp = new Uint8Array([0x02, 0x40, 0x20, 0x07, 0x00, 0x03, 0x00, 0x06, 0x00, 0x04, 0xde, 0xad]);
    expect([...redactH4(smp).slice(10)]).toEqual([0, 0]);
    const ltkReply = new Uint8Array([0x01, 0x1a, 0x20, 0x12, 0x40, 0x00, ...Array<number>(16).fill(0x5a)]);
    expect([...redactH4(ltkReply).slice(4, 6)]).toEqual([0x40, 0x00]);
    expect(redactH4(ltkReply).slice(6).every((b) => b === 0)).toBe(true);
  });

  it('traces a simulated session at the GATT level as ATT packets on one connection', async () => {
    const demo = openDemo();
    const trace = new MemoryTrace();
    const transport = traceTransport(demo.transport, trace);
    const device = await new Promise<string>((resolve) => {
      void transport.startScan((a) => {
        if (a.localName === 'Front Door') resolve(a.address);
      });
    });
    await transport.stopScan();
    const link = await transport.connect(device, {});
    await link.read(PROFILES.intercom.service, PROFILES.intercom.info);
    await link.disconnect();
    await demo.transport.close();
    const kinds = trace.records.map((r) => `${r.direction}:${r.packet[0]}:${r.packet[0] === 0x02 ? r.packet[9] : r.packet[1]}`);
    expect(kinds).toEqual(['received:4:62', 'sent:2:10', 'received:2:11', 'received:4:5']);
    // The info read carries the device's name; a trace keeps only its length.
    expect(trace.records.some((r) => contains(r.packet, 'Front Door'))).toBe(false);
  });
});

describe('bundle scrubbing', () => {
  it('blanks key-shaped text and pseudonymises quoted user ids in log lines', async () => {
    const { scrub } = await import('../../electron/diagnostics/bundle');
    const { pseudonym } = await import('../../electron/diagnostics/auditReads');
    const line = JSON.stringify({ code: 'USER_EXISTS', message: 'This intercom already has a user "anna".', key: 'qOr+m3vNpBCmEisjoKLIkK6KmgVZIcr0QXqkTco7HZ0=', setup: 'd34e-1930-3fdf-180c-472f-ae12-13eb-49f1' });
    const scrubbed = scrub(line);
    expect(scrubbed).not.toContain('anna');
    expect(scrubbed).toContain(pseudonym('anna'));
    expect(scrubbed).not.toContain('qOr+m3vN');
    expect(scrubbed).not.toContain('d34e-1930');
    expect(() => JSON.parse(scrubbed) as unknown).not.toThrow();
  });
});
