/**
 * The GATT cache file: entries keyed by device id, valid for one firmware and one profile; a file that
 * does not parse is ignored and rewritten, never a crash.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { encodeManufacturerData } from '../../electron/protocol/advertising';
import { PROFILES } from '../../electron/protocol/gattProfile';
import type { GattLayout } from '../../electron/transport/att/gattLayout';
import { fluss, GattCacheFile, type GattCacheKey } from '../../electron/transport/gattCache';
import { tempDir } from '../helpers/demo';

const layout: GattLayout = {
  services: [
    {
      uuid: PROFILES.intercom.service,
      start: 10,
      end: 17,
      declarations: [{ declHandle: 11, properties: 0x1c, valueHandle: 12, uuid: PROFILES.intercom.control }],
      characteristics: [{ declHandle: 11, properties: 0x1c, valueHandle: 12, uuid: PROFILES.intercom.control, endHandle: 13, cccd: 13 }],
    },
  ],
};
const key: GattCacheKey = { deviceId: 'f1a000000001', firmware: '1.4.2', profile: 'p' };

describe('GattCacheFile', () => {
  it('keeps a layout across instances (separate runs) and misses on another firmware or profile', () => {
    const path = join(tempDir(), 'gatt-cache.json');
    new GattCacheFile(path).set(key, layout);
    const reopened = new GattCacheFile(path);
    expect(reopened.notice).toBeUndefined();
    expect(reopened.get(key)).toEqual(layout);
    expect(reopened.get({ ...key, firmware: '1.5.0' })).toBeUndefined();
    expect(reopened.get({ ...key, profile: 'other' })).toBeUndefined();
    expect(reopened.get({ ...key, deviceId: 'f1a000000002' })).toBeUndefined();
    // A firmware update replaces the device's one entry rather than adding another.
    reopened.set({ ...key, firmware: '1.5.0' }, layout);
    expect(Object.keys((JSON.parse(readFileSync(path, 'utf8')) as { devices: object }).devices)).toEqual([key.deviceId]);
  });

  it('two processes writing one file keep each other\'s devices', () => {
    const path = join(tempDir(), 'gatt-cache.json');
    const app = new GattCacheFile(path);
    const cli = new GattCacheFile(path);
    app.set(key, layout);
    cli.set({ ...key, deviceId: 'f16000000001' }, layout);
    const reopened = new GattCacheFile(path);
    expect(reopened.get(key)).toEqual(layout);
    expect(reopened.get({ ...key, deviceId: 'f16000000001' })).toEqual(layout);
  });

  it.each([
    ['not JSON', '{ this is not json'],
    ['the wrong structure', JSON.stringify({ format: 'fluss-gatt-cache-v1', devices: { f1a000000001: { firmware: '1', profile: 'p', layout: { services: [] }, savedAt: 1 } } })],
    ['a handle out of range', JSON.stringify({ format: 'fluss-gatt-cache-v1', devices: { f1a000000001: { firmware: '1.4.2', profile: 'p', layout: { services: [{ ...layout.services[0], start: 0x10000 }] }, savedAt: 1 } } })],
  ])('ignores a file with %s, and rewrites it on the next save', (_what, content) => {
    const path = join(tempDir(), 'gatt-cache.json');
    writeFileSync(path, content);
    const cache = new GattCacheFile(path);
    expect(cache.notice).toMatch(/ignored and will be rewritten/);
    expect(cache.get(key)).toBeUndefined();
    cache.set(key, layout);
    expect(new GattCacheFile(path).get(key)).toEqual(layout);
  });

  it('keys a Fluss+ advertisement by device id, firmware and the profile PROFILES lists', () => {
    const data = encodeManufacturerData({ kind: 'intercom', claimed: true, deviceId: 'f1a000000001', modelCode: 1, firmware: '1.4.2' });
    const found = fluss(data);
    expect(found?.key).toMatchObject({ deviceId: 'f1a000000001', firmware: '1.4.2' });
    const { service, ...characteristics } = PROFILES.intercom as unknown as Record<string, string>;
    expect(found?.wanted).toEqual([{ uuid: service, characteristics: Object.values(characteristics) }]);
    expect(fluss(new Uint8Array([0xff, 0xff, 0x09]))).toBeUndefined();
    expect(fluss(undefined)).toBeUndefined();
  });
});
