/**
 * The ATT client procedures against the simulator's GATT server, with no air in between: discovery by
 * UUID and layout validation page through small MTUs, see moved handles, and refuse what does not parse.
 */
import { describe, expect, it } from 'vitest';
import { PROFILES } from '../../electron/protocol/gattProfile';
import { fillerCharacteristics, profileCharacteristics } from '../../electron/sim/gattRoles';
import type { PeripheralConnection } from '../../electron/sim/peripheral';
import { SimGattServer } from '../../electron/sim/simGatt';
import type { AttBearer } from '../../electron/transport/att/attBearer';
import { discoverLayout, validateLayout } from '../../electron/transport/att/attDiscovery';
import { classifyOpcode, mtuRequest } from '../../electron/transport/att/attPdu';
import { HandleAccess } from '../../electron/transport/att/handleAccess';

const profile = PROFILES.intercom;
const wanted = [{ uuid: profile.service, characteristics: profileCharacteristics(profile).map((c) => c.uuid) }];
const notifying = profileCharacteristics(profile).filter((c) => c.properties.includes('notify')).map((c) => c.uuid);

/** A device connection that answers reads with a long value and records what it was told. */
function device() {
  const told: { writes: Uint8Array[]; notify: string[] } = { writes: [], notify: [] };
  const connection: PeripheralConnection = {
    read: () => Promise.resolve(new Uint8Array(100).map((_, i) => i)),
    write: (_s, _c, value) => {
      told.writes.push(value);
      return Promise.resolve();
    },
    setNotify: (_s, characteristic, enabled) => {
      if (enabled) told.notify.push(characteristic);
    },
    disconnected: () => undefined,
  };
  return { connection, told };
}

/** A bearer straight onto the server, counting requests. */
async function bearerOn(server: SimGattServer, mtu: number): Promise<AttBearer & { requests: number }> {
  const bearer = {
    requests: 0,
    get mtu() {
      return server.negotiatedMtu;
    },
    async request(pdu: Uint8Array) {
      bearer.requests += 1;
      return (await server.handle(pdu)) ?? new Uint8Array(0);
    },
    async command(pdu: Uint8Array) {
      await server.handle(pdu);
    },
    onNotification: () => () => undefined,
  };
  await bearer.request(mtuRequest(mtu));
  bearer.requests = 0;
  return bearer;
}

function serverWith(fillers: number, maxMtu = 247) {
  const { connection, told } = device();
  const characteristics = [...fillerCharacteristics(fillers), ...profileCharacteristics(profile)];
  return { server: new SimGattServer(profile.service, characteristics, connection, maxMtu, 'Test'), told };
}

describe('ATT discovery and validation', () => {
  it('at MTU 23 pages through one declaration per response, and the layout it finds works by handle', async () => {
    const { server, told } = serverWith(0, 23);
    const bearer = await bearerOn(server, 23);
    const layout = await discoverLayout(bearer, wanted);
    const service = layout.services[0];
    expect(service?.characteristics.map((c) => c.uuid)).toEqual(wanted[0]?.characteristics);
    expect(service?.characteristics.filter((c) => c.cccd !== undefined).map((c) => c.uuid)).toEqual(notifying);
    expect(await validateLayout(bearer, layout)).toBe(true);

    const access = new HandleAccess(bearer, layout, 'discovered');
    expect((await access.read(profile.service, profile.info)).length).toBe(100);
    await access.write(profile.service, profile.control, new Uint8Array([7]), true);
    await access.enableNotifications(profile.service, profile.control, () => undefined);
    expect(told.writes).toEqual([new Uint8Array([7])]);
    expect(told.notify).toEqual([profile.control]);
  });

  it('at MTU 247 finds the service, its characteristics and CCCDs in 2 + one request per CCCD', async () => {
    const { server } = serverWith(0);
    const bearer = await bearerOn(server, 247);
    await discoverLayout(bearer, wanted);
    expect(bearer.requests).toBe(2 + notifying.length);
  });

  it('a layout whose handles moved fails validation, with one request', async () => {
    const before = serverWith(0);
    const layout = await discoverLayout(await bearerOn(before.server, 247), wanted);
    const moved = await bearerOn(serverWith(1).server, 247);
    expect(await validateLayout(moved, layout)).toBe(false);
    expect(moved.requests).toBe(1);
  });

  it('a device without the service is a PROTOCOL_ERROR that says so', async () => {
    const { server } = serverWith(0);
    const bearer = await bearerOn(server, 247);
    const refused = await discoverLayout(bearer, [{ uuid: PROFILES.gate.service }]).catch((error: unknown) => error as Error & { code?: string });
    expect(refused).toMatchObject({ code: 'PROTOCOL_ERROR' });
    expect((refused as Error).message).toMatch(/none of the Fluss\+ services/);
  });

  it('classifies opcodes as the virtual controller counts them', () => {
    expect([0x02, 0x06, 0x08, 0x0a, 0x0c, 0x12, 0x1d].map(classifyOpcode)).toEqual(Array(7).fill('request'));
    expect([0x01, 0x03, 0x07, 0x09, 0x0b, 0x0d, 0x13, 0x1e].map(classifyOpcode)).toEqual(Array(8).fill('response'));
    expect([0x52, 0xd2].map(classifyOpcode)).toEqual(['command', 'command']);
    expect(classifyOpcode(0x1b)).toBe('notification');
  });
});
