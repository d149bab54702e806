/** The virtual controller on raw H4 streams (no host stack, no pty): what a host sees byte for byte. */
import { Duplex, PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { encodeAdStructures } from '../../electron/hci/adStructures';
import { VirtualAir } from '../../electron/hci/air';
import { ADV, EVT, LE_EVT, OP, STATUS } from '../../electron/hci/constants';
import { COMMAND_LOG_KEPT, VirtualController } from '../../electron/hci/controller';
import { addressToBytes, commandPacket, H4Parser, type H4Packet } from '../../electron/hci/h4';

let air: VirtualAir;
afterEach(() => air.close());

/** A controller with a host end the test drives: write commands in, read parsed packets out. */
function rawHost(address: string, rssi = -60) {
  const toController = new PassThrough();
  const fromController = new PassThrough();
  const controller = new VirtualController(air, { address, rssi });
  controller.attach(Duplex.from({ readable: toController, writable: fromController }));
  const parser = new H4Parser();
  const received: H4Packet[] = [];
  fromController.on('data', (chunk: Buffer) => received.push(...parser.push(chunk)));
  const command = (opcode: number, params = Buffer.alloc(0)) => toController.write(commandPacket(opcode, params));
  const complete = (opcode: number) =>
    received.find((p): p is Extract<H4Packet, { kind: 'event' }> => p.kind === 'event' && p.code === EVT.commandComplete && p.params.readUInt16LE(1) === opcode);
  return { controller, received, command, complete };
}

const uint16 = (value: number) => Buffer.from([value & 0xff, value >> 8]);
const tick = (ms = 5) => new Promise((resolve) => setTimeout(resolve, ms));

describe('virtual controller', () => {
  it('completes Reset in the form the UART driver waits for, and reports its address little-endian', async () => {
    air = new VirtualAir();
    const host = rawHost('f1:a0:00:00:00:01');
    host.command(OP.reset);
    host.command(OP.readBdAddr);
    await tick();
    expect(host.complete(OP.reset)?.params.toString('hex')).toBe('01030c00');
    expect(host.complete(OP.readBdAddr)?.params.subarray(4).toString('hex')).toBe('01000000a0f1');
  });

  it('answers a command it does not know with Command Complete "Unknown HCI Command" instead of silence', async () => {
    air = new VirtualAir();
    const host = rawHost('f1:a0:00:00:00:01');
    host.command(0xfc01, Buffer.from([1, 2, 3])); // a vendor-specific command
    await tick();
    expect(host.complete(0xfc01)?.params.readUInt8(3)).toBe(STATUS.unknownCommand);
  });

  it('repeats advertising at the advertising interval and merges the scan response for an active scanner', async () => {
    air = new VirtualAir({ advertisingIntervalMs: 20, rssiNoiseDb: 0 });
    const advertiser = rawHost('f1:a0:00:00:00:01', -58);
    const scanner = rawHost('c0:ff:ee:00:00:01');
    advertiser.command(OP.leSetAdvertisingData, Buffer.concat([Buffer.from([3]), encodeAdStructures({ flags: 6 }), Buffer.alloc(28)]));
    const scanResponse = encodeAdStructures({ localName: 'Gate' });
    advertiser.command(OP.leSetScanResponseData, Buffer.concat([Buffer.from([scanResponse.length]), scanResponse, Buffer.alloc(31 - scanResponse.length)]));
    advertiser.command(OP.leSetAdvertiseEnable, Buffer.from([1]));
    scanner.command(OP.leSetScanParameters, Buffer.from([1, 0x12, 0, 0x12, 0, 0, 0]));
    scanner.command(OP.leSetScanEnable, Buffer.from([1, 0]));
    await tick(210);
    const reports = scanner.received.filter(
      (p): p is Extract<H4Packet, { kind: 'event' }> => p.kind === 'event' && p.code === EVT.leMeta && p.params[0] === LE_EVT.advertisingReport,
    );
    const types = reports.map((r) => r.params.readUInt8(2));
    expect(types.filter((t) => t === ADV.ind).length).toBeGreaterThanOrEqual(5);
    expect(types.filter((t) => t === ADV.scanRsp).length).toBe(types.filter((t) => t === ADV.ind).length);
    const first = reports.find((r) => r.params.readUInt8(2) === ADV.scanRsp);
    const length = first?.params.readUInt8(10) ?? 0;
    expect(first?.params.subarray(11, 11 + length).toString('hex')).toBe(scanResponse.toString('hex'));
    expect(first?.params.readInt8(11 + length)).toBe(-58);
  });

  it('keeps only the latest COMMAND_LOG_KEPT command opcodes of its host, so a long-running controller does not grow', async () => {
    air = new VirtualAir();
    const host = rawHost('f1:a0:00:00:00:01');
    for (let i = 0; i < COMMAND_LOG_KEPT + 10; i++) host.command(OP.readBdAddr);
    host.command(OP.reset);
    await tick(20);
    expect(host.received.filter((p) => p.kind === 'event' && p.code === EVT.commandComplete)).toHaveLength(COMMAND_LOG_KEPT + 11);
    expect(host.controller.commandLog).toHaveLength(COMMAND_LOG_KEPT);
    expect(host.controller.commandLog.at(-1)).toBe(OP.reset);
    expect(host.controller.commandLog.at(0)).toBe(OP.readBdAddr);
  });

  it('keeps only the latest linkHistoryKept links in the history of the air, so their counters do not pile up', async () => {
    air = new VirtualAir({ advertisingIntervalMs: 5, linkHistoryKept: 2 });
    const peripheral = rawHost('f1:a0:00:00:00:01');
    const central = rawHost('c0:ff:ee:00:00:01');
    const made: unknown[] = [];
    for (let round = 0; round < 3; round++) {
      peripheral.command(OP.leSetAdvertiseEnable, Buffer.from([1])); // connectable advertising ends with each connection
      central.command(OP.leCreateConnection, Buffer.concat([Buffer.from('6000300000', 'hex'), Buffer.from([0]), addressToBytes(peripheral.controller.address), Buffer.from('0006000c000000c80004000600', 'hex')]));
      await expect.poll(() => air.links().length).toBe(1);
      made.push(air.links()[0]);
      central.command(OP.disconnect, Buffer.concat([uint16(0x40 + round), Buffer.from([0x13])]));
      await expect.poll(() => air.links().length).toBe(0);
    }
    expect(air.history.map((h) => h.link)).toEqual(made.slice(1));
    expect(air.linkStats(peripheral.controller.address)).toHaveLength(2);
  });
});
