/**
 * Fuzz targets for the virtual controller's side of the UART: the H4 stream parser, and the controller's
 * handling of every command a host may send (with any parameters), fed as a byte stream split anywhere.
 * A real controller never crashes on a host's bytes: it answers a malformed command with an error status.
 */
import { EventEmitter } from 'node:events';
import type { Duplex } from 'node:stream';
import { VirtualAir } from '../../../electron/hci/air';
import { H4 } from '../../../electron/hci/constants';
import { OP } from '../../../electron/hci/constants';
import { VirtualController } from '../../../electron/hci/controller';
import { aclPacket, addressToBytes, commandPacket, eventPacket, H4Parser } from '../../../electron/hci/h4';
import { packChunks, unpackChunks } from '../mutate';
import type { FuzzTarget } from '../target';

const hex = (s: string) => Buffer.from(s.replace(/ /g, ''), 'hex');
const PEER = addressToBytes('f1:a0:00:00:00:01');

/** A host's start-up, scan, advertising and a connection attempt: what noble and bleno send. */
const COMMANDS: Buffer[] = [
  commandPacket(OP.reset),
  commandPacket(OP.setEventMask, hex('ffffffffffff1f00')),
  commandPacket(OP.leSetEventMask, hex('ff07000000000000')),
  commandPacket(OP.readLocalVersion),
  commandPacket(OP.readBdAddr),
  commandPacket(OP.leReadBufferSize),
  commandPacket(OP.leSetScanParameters, hex('01 1000 1000 00 00')),
  commandPacket(OP.leSetScanEnable, hex('01 01')),
  commandPacket(OP.leSetAdvertisingParameters, hex('a000 a000 00 00 00 000000000000 07 00')),
  commandPacket(OP.leSetAdvertisingData, Buffer.concat([hex('03 020106'), Buffer.alloc(28)])),
  commandPacket(OP.leSetScanResponseData, Buffer.concat([hex('06 05094672 6f6e'), Buffer.alloc(25)])),
  commandPacket(OP.leSetAdvertiseEnable, hex('01')),
  commandPacket(OP.leCreateConnection, Buffer.concat([hex('6000 3000 00 00'), PEER, hex('00 0600 0c00 0000 c800 0400 0600')])),
  commandPacket(OP.leCreateConnectionCancel),
  commandPacket(OP.disconnect, hex('4000 13')),
  commandPacket(OP.readRssi, hex('4000')),
  commandPacket(OP.leConnectionUpdate, hex('4000 0600 0c00 0000 c800 0400 0600')),
  commandPacket(OP.leSetDataLength, hex('4000 fb00 4808')),
  commandPacket(OP.leReadPhy, hex('4000')),
  commandPacket(OP.leSetPhy, hex('4000 00 01 01 0000')),
  commandPacket(OP.leLtkNegativeReply, hex('4000')),
  commandPacket(0x0c14),
];
const ACL = aclPacket(0x40, 2, hex('0700 0400 0a 0300'));

function h4Stream(): FuzzTarget {
  return {
    name: 'hci.h4',
    seeds: [packChunks(COMMANDS), packChunks([Buffer.concat(COMMANDS.slice(0, 5)), ACL, eventPacket(0x0e, hex('01030c00'))]), packChunks([ACL.subarray(0, 3), ACL.subarray(3)])],
    run(input) {
      const parser = new H4Parser();
      for (const chunk of unpackChunks(input)) {
        for (const packet of parser.push(Buffer.from(chunk))) {
          if (packet.kind === 'command' && packet.opcode > 0xffff) return 'a command opcode beyond 16 bits';
          if (packet.kind === 'acl' && (packet.handle > 0x0fff || packet.pb > 3)) return 'an ACL header field out of range';
        }
      }
      return undefined;
    },
  };
}

/** The host's end of the UART, as far as the controller uses it: 'data' in, write() out. */
class FakeUart extends EventEmitter {
  destroyed = false;
  written = 0;
  write(packet: Buffer): boolean {
    if (packet[0] !== H4.event && packet[0] !== H4.acl) throw new Error('the controller wrote something that is not an event or ACL packet');
    this.written++;
    return true;
  }
  destroy(): void {
    this.destroyed = true;
    this.emit('close');
  }
}

function controller(): FuzzTarget {
  return {
    name: 'hci.controller',
    seeds: [packChunks(COMMANDS), packChunks([Buffer.concat(COMMANDS), ACL]), packChunks(COMMANDS.map((c) => c.subarray(0, 4)))],
    run(input) {
      // No advertising timers run between inputs: every input gets its own air, closed at the end.
      const air = new VirtualAir({ advertisingIntervalMs: 1_000_000 });
      const radio = new VirtualController(air, { address: 'c0:ff:ee:00:00:01' });
      const uart = new FakeUart();
      radio.attach(uart as unknown as Duplex);
      try {
        for (const chunk of unpackChunks(input)) uart.emit('data', Buffer.from(chunk));
      } finally {
        radio.close();
        air.close();
      }
      return undefined;
    },
  };
}

export function hciTargets(): FuzzTarget[] {
  return [h4Stream(), controller()];
}
