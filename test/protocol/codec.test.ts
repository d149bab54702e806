import { encode as rawCbor } from 'cborg';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decodeEvent,
  decodeInfo,
  decodeRequest,
  decodeResponse,
  decodeResult,
  encodeEvent,
  encodeInfo,
  encodeRequest,
  encodeResponse,
} from '../../electron/protocol/codec';
import type { DeviceEvent, DeviceInfo, Request, Response } from '../../electron/protocol/messages';

const key = Uint8Array.from({ length: 32 }, (_, i) => i);

const requests: Request[] = [
  { id: 1, op: 'info.get', args: {} },
  {
    id: 2,
    op: 'settings.set',
    args: {
      requestId: '0123456789abcdef0123456789abcdef',
      baseRevision: 4,
      settings: { entryDevice: 'a1b2c3d4e5f6', exitDevice: 'same', maxUsers: 10, inviteDurationHours: 12 },
    },
  },
  { id: 3, op: 'users.add', args: { requestId: 'cd'.repeat(16), userId: 'alice', role: 'shared', key } },
  { id: 4, op: 'claim', args: { requestId: 'ef'.repeat(16), ownerUserId: 'owner', ownerKey: key } },
  { id: 0xffffffff, op: 'audit.read', args: { fromSeq: 0, limit: 200 } },
];

const info: DeviceInfo = {
  kind: 'intercom',
  deviceId: '00a1b2c3d4e5',
  name: 'Lobby',
  model: 'FI-100',
  firmware: '1.4.2',
  hardware: 'B',
  serial: 'FI1-000123',
  protocolVersion: 1,
  claimed: false,
};

const event: DeviceEvent = {
  seq: 7,
  at: 1_700_000_000_000,
  type: 'code.used',
  actor: 'keypad',
  detail: { codeId: 'deadbeef', leg: 'entry', ok: true, n: null },
};

function expectProtocolError(result: { ok: boolean }): void {
  expect(result).toMatchObject({ ok: false, error: { code: 'PROTOCOL_ERROR' } });
}

describe('codec round trips', () => {
  it.each(requests)('round trips a $op request', (request) => {
    expect(decodeRequest(encodeRequest(request))).toEqual({ ok: true, value: request });
  });

  it('decodes byte strings as Uint8Array, which the key schemas accept', () => {
    const decoded = decodeRequest(
      encodeRequest({ id: 3, op: 'users.add', args: { requestId: 'cd'.repeat(16), userId: 'bob', role: 'shared', key } }),
    );
    expect(decoded.ok && decoded.value.op === 'users.add' && decoded.value.args.key).toBeInstanceOf(
      Uint8Array,
    );
  });

  it('round trips success and error responses', () => {
    const success: Response = { id: 9, ok: true, result: { settings: requests[1]?.args, revision: 5 } };
    const failure: Response = {
      id: 9,
      ok: false,
      error: { code: 'STALE_REVISION', message: 'Changed elsewhere.', hint: 'Reload.' },
    };
    expect(decodeResponse(encodeResponse(success))).toEqual({ ok: true, value: success });
    expect(decodeResponse(encodeResponse(failure))).toEqual({ ok: true, value: failure });
  });

  it('leaves out undefined fields, as JSON would', () => {
    const failure: Response = {
      id: 1,
      ok: false,
      error: { code: 'TIMEOUT', message: 'Late.', hint: undefined },
    };
    expect(decodeResponse(encodeResponse(failure))).toEqual({
      ok: true,
      value: { id: 1, ok: false, error: { code: 'TIMEOUT', message: 'Late.' } },
    });
  });

  it('round trips device info and events', () => {
    expect(decodeInfo(encodeInfo(info))).toEqual({ ok: true, value: info });
    expect(decodeEvent(encodeEvent(event))).toEqual({ ok: true, value: event });
  });
});

describe('decodeResult', () => {
  it('accepts a result that matches the op asked', () => {
    expect(decodeResult('gate.testTrigger', { firedAt: 5 })).toEqual({ ok: true, value: { firedAt: 5 } });
    expect(decodeResult('info.get', info)).toEqual({ ok: true, value: info });
  });

  it('rejects a result shaped for another op', () => {
    expectProtocolError(decodeResult('gate.testTrigger', {}));
    expectProtocolError(decodeResult('codes.create', { code: {}, digits: '1234' }));
  });
});

describe('codec rejects malformed input as PROTOCOL_ERROR', () => {
  it('rejects bytes that are not CBOR', () => {
    expectProtocolError(decodeRequest(Uint8Array.of(0xff, 0xff)));
    expectProtocolError(decodeRequest(new Uint8Array(0)));
  });

  it('rejects trailing bytes after the value', () => {
    const bytes = encodeRequest({ id: 1, op: 'info.get', args: {} });
    expectProtocolError(decodeRequest(Uint8Array.of(...bytes, 0x00)));
  });

  it('rejects a value that is not a map', () => {
    expectProtocolError(decodeRequest(rawCbor([1, 2, 3])));
    expectProtocolError(decodeRequest(rawCbor('info.get')));
  });

  it('rejects values outside the CBOR profile: dates, big integers, typed arrays', () => {
    // {"id": 1(0)}: tag 1 is an epoch date.
    expectProtocolError(decodeRequest(Uint8Array.of(0xa1, 0x62, 0x69, 0x64, 0xc1, 0x00)));
    expectProtocolError(
      decodeRequest(
        Uint8Array.of(0xa1, 0x62, 0x69, 0x64, 0x1b, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff),
      ),
    );
    // {"f": 85(h'0000')}: tag 85 is a Float32Array (RFC 8746).
    expectProtocolError(decodeRequest(Uint8Array.of(0xa1, 0x61, 0x66, 0xd8, 0x55, 0x42, 0x00, 0x00)));
  });

  it('rejects an unknown op and names where the problem is', () => {
    const result = decodeRequest(rawCbor({ id: 1, op: 'door.open', args: {} }));
    expectProtocolError(result);
    expect(!result.ok && result.error.message).toMatch(/request is invalid at op/);
  });

  it('rejects unknown fields without echoing their names', () => {
    const result = decodeRequest(rawCbor({ id: 1, op: 'info.get', args: { secretish: 'x' } }));
    expectProtocolError(result);
    expect(!result.ok && result.error.message).not.toContain('secretish');
  });

  it('never puts code digits or key bytes into an error message', () => {
    const result = decodeRequest(rawCbor({ id: 1, op: 'keypad.enter', args: { digits: '98765' } }));
    expectProtocolError(result);
    expect(!result.ok && result.error.message).not.toContain('98765');
  });

  it('keeps error messages within what ErrorData may carry', () => {
    let deep: object = {};
    for (let i = 0; i < 40; i++) deep = { [`level${i}`]: deep };
    const nested = decodeRequest(rawCbor(deep));
    expectProtocolError(nested);
    expect(!nested.ok && nested.error.message.length).toBeLessThanOrEqual(300);
  });

  it('rejects a wrong-length user key', () => {
    expectProtocolError(
      decodeRequest(
        encodeRequest({
          id: 3,
          op: 'users.add',
          args: { requestId: 'cd'.repeat(16), userId: 'bob', role: 'shared', key: new Uint8Array(31) },
        }),
      ),
    );
  });
});

describe('codec robustness', () => {
  const decoders = [decodeRequest, decodeResponse, decodeEvent, decodeInfo];

  it('never throws on random bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 512 }), (bytes) => {
        for (const decode of decoders) expect(typeof decode(bytes).ok).toBe('boolean');
      }),
      { numRuns: 1000 },
    );
  });

  it('never throws on truncated or mutated valid messages', () => {
    const valid = [...requests.map(encodeRequest), encodeInfo(info), encodeEvent(event)];
    fc.assert(
      fc.property(
        fc.constantFrom(...valid),
        fc.nat(),
        fc.integer({ min: 0, max: 255 }),
        fc.nat(),
        (bytes, at, value, cut) => {
          const mutated = Uint8Array.from(bytes);
          mutated[at % mutated.length] = value;
          const truncated = bytes.subarray(0, cut % bytes.length);
          for (const decode of decoders) {
            expect(typeof decode(mutated).ok).toBe('boolean');
            expect(typeof decode(truncated).ok).toBe('boolean');
          }
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('never throws on arbitrary CBOR values', () => {
    fc.assert(
      fc.property(
        fc.anything({
          withDate: true,
          withTypedArray: true,
          withBigInt: true,
          withMap: true,
          withSet: true,
          withNullPrototype: true,
        }),
        (value) => {
          let bytes: Uint8Array;
          try {
            bytes = rawCbor(value);
          } catch {
            return; // not every JS value encodes
          }
          for (const decode of decoders) expect(typeof decode(bytes).ok).toBe('boolean');
        },
      ),
      { numRuns: 500 },
    );
  });
});
