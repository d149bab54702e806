import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  classifyAdvertisement,
  decodeManufacturerData,
  encodeManufacturerData,
  modelName,
  type AdvertisedDevice,
} from '../../electron/protocol/advertising';
import { FlussError } from '../../electron/protocol/errors';
import { GATE_SERVICE, INTERCOM_SERVICE } from '../../electron/protocol/gattProfile';

const intercom: AdvertisedDevice = {
  kind: 'intercom',
  claimed: true,
  deviceId: '00a1b2c3d4e5',
  modelCode: 1,
  firmware: '1.4.2',
};
const gate: AdvertisedDevice = {
  kind: 'gate',
  claimed: false,
  deviceId: 'ffeeddccbbaa',
  modelCode: 2,
  firmware: '0.9.12',
};
const dashed = (uuid: string) =>
  `${uuid.slice(0, 8)}-${uuid.slice(8, 12)}-${uuid.slice(12, 16)}-${uuid.slice(16, 20)}-${uuid.slice(20)}`.toUpperCase();

describe('manufacturer data', () => {
  it('lays out 15 bytes: company id LE, version, kind, flags, device id, model, firmware', () => {
    expect([...encodeManufacturerData(intercom)]).toEqual([
      0xff, 0xff, 1, 1, 1, 0x00, 0xa1, 0xb2, 0xc3, 0xd4, 0xe5, 1, 1, 4, 2,
    ]);
  });

  it('round trips intercoms and gates', () => {
    for (const device of [intercom, gate])
      expect(decodeManufacturerData(encodeManufacturerData(device))).toEqual({ ok: true, value: device });
  });

  it('round trips any valid device', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('intercom' as const, 'gate' as const),
        fc.boolean(),
        fc.uint8Array({ minLength: 6, maxLength: 6 }),
        fc.integer({ min: 0, max: 255 }),
        fc.tuple(
          fc.integer({ min: 0, max: 255 }),
          fc.integer({ min: 0, max: 255 }),
          fc.integer({ min: 0, max: 255 }),
        ),
        (kind, claimed, id, modelCode, version) => {
          const device = {
            kind,
            claimed,
            deviceId: Buffer.from(id).toString('hex'),
            modelCode,
            firmware: version.join('.'),
          };
          expect(decodeManufacturerData(encodeManufacturerData(device))).toEqual({ ok: true, value: device });
        },
      ),
    );
  });

  it('ignores reserved flag bits', () => {
    const bytes = encodeManufacturerData(gate);
    bytes[4] = 0xfe;
    expect(decodeManufacturerData(bytes)).toMatchObject({ ok: true, value: { claimed: false } });
  });

  it.each([
    ['another company id', (b: Uint8Array) => (b[0] = 0x4c)],
    ['an unknown format version', (b: Uint8Array) => (b[2] = 2)],
    ['an unknown kind', (b: Uint8Array) => (b[3] = 3)],
  ])('rejects %s', (_, mutate) => {
    const bytes = encodeManufacturerData(intercom);
    mutate(bytes);
    expect(decodeManufacturerData(bytes)).toMatchObject({ ok: false, error: { code: 'PROTOCOL_ERROR' } });
  });

  it('rejects a wrong length', () => {
    const bytes = encodeManufacturerData(intercom);
    expect(decodeManufacturerData(bytes.subarray(0, 14)).ok).toBe(false);
    expect(decodeManufacturerData(Uint8Array.of(...bytes, 0)).ok).toBe(false);
  });

  it('refuses to encode values that do not fit', () => {
    expect(() => encodeManufacturerData({ ...intercom, firmware: '1.256.0' })).toThrow(FlussError);
    expect(() => encodeManufacturerData({ ...intercom, firmware: '1.4' })).toThrow(FlussError);
    expect(() => encodeManufacturerData({ ...intercom, deviceId: 'A1B2' })).toThrow(FlussError);
    expect(() => encodeManufacturerData({ ...intercom, modelCode: 256 })).toThrow(FlussError);
  });
});

describe('classifyAdvertisement', () => {
  it('recognises an intercom and a gate by service UUID and matching manufacturer data', () => {
    expect(
      classifyAdvertisement({
        serviceUuids: [INTERCOM_SERVICE],
        manufacturerData: encodeManufacturerData(intercom),
      }),
    ).toEqual(intercom);
    expect(
      classifyAdvertisement({ serviceUuids: [GATE_SERVICE], manufacturerData: encodeManufacturerData(gate) }),
    ).toEqual(gate);
  });

  it('compares service UUIDs ignoring case and dashes', () => {
    expect(
      classifyAdvertisement({
        serviceUuids: [dashed(INTERCOM_SERVICE)],
        manufacturerData: encodeManufacturerData(intercom),
      }),
    ).toEqual(intercom);
  });

  it('calls a device "other" when its manufacturer data names the other kind', () => {
    expect(
      classifyAdvertisement({
        serviceUuids: [GATE_SERVICE],
        manufacturerData: encodeManufacturerData(intercom),
      }),
    ).toEqual({ kind: 'other' });
  });

  it('calls a device "other" when it has the service but no valid manufacturer data', () => {
    expect(classifyAdvertisement({ serviceUuids: [INTERCOM_SERVICE] })).toEqual({ kind: 'other' });
    expect(
      classifyAdvertisement({
        serviceUuids: [INTERCOM_SERVICE],
        manufacturerData: Uint8Array.of(0xff, 0xff, 1),
      }),
    ).toEqual({ kind: 'other' });
  });

  it('calls phones and beacons "other", even one reusing the test company id', () => {
    const iBeacon = Uint8Array.of(0x4c, 0x00, 0x02, 0x15, ...new Uint8Array(21));
    expect(classifyAdvertisement({ serviceUuids: [], manufacturerData: iBeacon })).toEqual({ kind: 'other' });
    expect(classifyAdvertisement({ serviceUuids: ['180f', '0000fe9f-0000-1000-8000-00805f9b34fb'] })).toEqual(
      { kind: 'other' },
    );
    expect(
      classifyAdvertisement({ serviceUuids: ['fd6f'], manufacturerData: encodeManufacturerData(intercom) }),
    ).toEqual({ kind: 'other' });
  });
});

describe('model names', () => {
  it('names known model codes and shows unknown ones by number', () => {
    expect([modelName(1), modelName(2), modelName(7)]).toEqual(['FI-100', 'FG-200', 'model 7']);
  });
});
