/**
 * Bugs the fuzzer found, each fixed in the decoder itself:
 * - the virtual controller read past the end of a command too short for its parameters and threw out of
 *   its UART's 'data' handler (a crash of `fluss sim hci`); it now refuses it with status 0x12;
 * - dispatch() turned a non-string channel into text with String(), which throws for an object whose
 *   toString is not a function; it now answers INVALID_ARGUMENT.
 */
import { EventEmitter } from 'node:events';
import type { Duplex } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { VirtualAir } from '../../electron/hci/air';
import { EVT, OP, STATUS } from '../../electron/hci/constants';
import { VirtualController } from '../../electron/hci/controller';
import { commandPacket, H4Parser } from '../../electron/hci/h4';
import { dispatch, type Handlers } from '../../electron/services/dispatch';

function controllerAnswers(...commands: Buffer[]) {
  const air = new VirtualAir();
  const controller = new VirtualController(air, { address: 'c0:ff:ee:00:00:09' });
  const uart = Object.assign(new EventEmitter(), { destroyed: false, out: [] as Buffer[], write(b: Buffer) { this.out.push(b); return true; }, destroy() { this.destroyed = true; } });
  controller.attach(uart as unknown as Duplex);
  try {
    for (const command of commands) uart.emit('data', command);
  } finally {
    controller.close();
    air.close();
  }
  return new H4Parser().push(Buffer.concat(uart.out)).map((p) => (p.kind === 'event' ? { code: p.code, params: p.params } : undefined));
}

describe('decoder bugs found by the fuzzer', () => {
  it('the virtual controller refuses commands too short for their parameters, and keeps answering', () => {
    const events = controllerAnswers(commandPacket(OP.leSetScanEnable, Buffer.from([1])), commandPacket(OP.disconnect), commandPacket(OP.leCreateConnection, Buffer.alloc(6)), commandPacket(OP.readBdAddr));
    // Command Complete: [num][opcode u16][status]; Command Status: [status][num][opcode u16].
    expect(events[0]).toMatchObject({ code: EVT.commandComplete });
    expect(events[0]?.params.readUInt16LE(1)).toBe(OP.leSetScanEnable);
    expect(events[0]?.params[3]).toBe(STATUS.invalidParameters);
    expect(events[1]).toMatchObject({ code: EVT.commandStatus });
    expect(events[1]?.params[0]).toBe(STATUS.invalidParameters);
    expect(events[2]?.params[0]).toBe(STATUS.invalidParameters);
    expect(events[3]?.params[3]).toBe(STATUS.success);
  });

  it('dispatch answers a channel that cannot be turned into text as data', async () => {
    const handlers = {} as Handlers;
    await expect(dispatch(handlers, { toString: 1 }, {})).resolves.toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    await expect(dispatch(handlers, Object.create(null), {})).resolves.toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
  });
});
