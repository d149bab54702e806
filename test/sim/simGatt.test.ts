/**
 * The in-process air's GATT as the real stacks have it: MTU exchange, discovery by UUID, the GATT cache
 * (validated with one request), CCCD writes, Write Request versus Write Command, Read Blob. Counted per
 * ATT PDU class, as the virtual controller counts them. The expected figures follow from PROFILES, so they
 * hold for whatever characteristics the profile lists.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { decodeInfo } from '../../electron/protocol/codec';
import { PROFILES } from '../../electron/protocol/gattProfile';
import { profileCharacteristics } from '../../electron/sim/gattRoles';
import type { SimTransport } from '../../electron/sim/simTransport';
import { fluss } from '../../electron/transport/gattCache';
import { FRONT_DOOR, demoSite, openDemo } from '../helpers/demo';

const { service, info, control } = PROFILES.intercom;
const address = FRONT_DOOR.replace(/(..)(?!$)/g, '$1:');
/** CCCDs to find on first contact: one Find Information per notifying characteristic. */
const notifying = profileCharacteristics(PROFILES.intercom).filter((c) => c.properties.includes('notify')).length;
/** First contact: MTU exchange, Find By Type Value, Read By Type (one page), Find Information per CCCD. */
const FIRST_CONTACT = 3 + notifying;
/** A known device: MTU exchange and the one Read By Type that validates the cached layout. */
const KNOWN = 2;

let demo: ReturnType<typeof openDemo>;
afterEach(async () => demo.close());

async function connect(transport: SimTransport) {
  return transport.connect(address, { signal: AbortSignal.timeout(5_000) });
}

describe('SimTransport GATT', () => {
  it('discovers on first contact, then uses the cached layout after one validating request', async () => {
    demo = openDemo();
    const first = await connect(demo.transport);
    expect(first.layoutSource).toBe('discovered');
    expect(first.stats()).toMatchObject({ exchanges: FIRST_CONTACT, requests: FIRST_CONTACT, responses: FIRST_CONTACT, commands: 0, notifications: 0 });
    // Every PDU counted with its opcode and parameters: the MTU exchange alone is 3 + 3 bytes.
    expect(first.stats().bytesOut).toBeGreaterThan(3 * FIRST_CONTACT);
    expect(first.mtu).toBe(247);
    await first.disconnect();

    const second = await connect(demo.transport);
    expect(second.layoutSource).toBe('cache');
    expect(second.stats()).toMatchObject({ exchanges: KNOWN, requests: KNOWN, responses: KNOWN });
    expect(decodeInfo(await second.read(service, info)).ok).toBe(true);
    await second.disconnect();
  });

  it('rediscovers when the handles moved without a firmware change, rewrites the cache and completes the operation', async () => {
    demo = openDemo();
    const key = fluss(demo.sim.peripherals()[0]?.advertising().manufacturerData)?.key;
    if (!key) throw new Error('the demo intercom advertises no Fluss+ data');
    await (await connect(demo.transport)).disconnect();
    const before = demo.transport.gattCache.get(key)?.services[0];

    const endpoint = demo.sim.peripherals().find((p) => p.address === address);
    if (!endpoint) throw new Error('no Front Door');
    endpoint.gattFillers = 2;
    const moved = await connect(demo.transport);
    expect(moved.layoutSource).toBe('rediscovered');
    // The failed validation, then discovery as on first contact.
    expect(moved.stats().exchanges).toBe(KNOWN + FIRST_CONTACT - 1);
    const after = demo.transport.gattCache.get(key)?.services[0];
    // Two fillers of two handles each: every profile characteristic moved by four.
    const valueOf = (layout: typeof before, uuid: string) => layout?.characteristics.find((c) => c.uuid === uuid)?.valueHandle ?? 0;
    expect(valueOf(after, control)).toBe(valueOf(before, control) + 4);
    expect(decodeInfo(await moved.read(service, info)).ok).toBe(true);
    await moved.disconnect();

    // A whole session on the moved layout works, and the next link uses the rewritten cache.
    const settings = await demo.commissioner.withIntercom(FRONT_DOOR, {}, (session) => session.getSettings());
    expect(settings.settings.maxUsers).toBe(10);
    const again = await connect(demo.transport);
    expect(again.layoutSource).toBe('cache');
    await again.disconnect();
  });

  it('a cached layout of another firmware version is not even validated: the update means discovery', async () => {
    demo = openDemo();
    const key = fluss(demo.sim.peripherals()[0]?.advertising().manufacturerData)?.key;
    if (!key) throw new Error('the demo intercom advertises no Fluss+ data');
    await (await connect(demo.transport)).disconnect();
    const layout = demo.transport.gattCache.get(key);
    if (!layout) throw new Error('nothing cached');
    // As if the previous run had met the device before a firmware update.
    demo.transport.gattCache.set({ ...key, firmware: '0.9.0' }, layout);
    const link = await connect(demo.transport);
    expect(link.layoutSource).toBe('discovered');
    expect(link.stats().exchanges).toBe(FIRST_CONTACT);
    expect(demo.transport.gattCache.get(key)).toEqual(layout);
    await link.disconnect();
  });

  it('a Write Command costs one PDU and no response; a Write Request two', async () => {
    demo = openDemo();
    const link = await connect(demo.transport);
    const before = link.stats();
    await link.write(service, control, new Uint8Array([0x00]), { withoutResponse: true });
    const afterCommand = link.stats();
    expect(afterCommand.commands - before.commands).toBe(1);
    expect(afterCommand.responses - before.responses).toBe(0);
    expect(afterCommand.pdusOut - before.pdusOut).toBe(1);
    await link.write(service, control, new Uint8Array([0x00]));
    const afterRequest = link.stats();
    expect(afterRequest.requests - afterCommand.requests).toBe(1);
    expect(afterRequest.responses - afterCommand.responses).toBe(1);
    expect(afterRequest.exchanges - before.exchanges).toBe(2);
    await link.disconnect();
  });

  it('notifications arrive only after the CCCD write, each counted as one PDU', async () => {
    demo = openDemo();
    const link = await connect(demo.transport);
    const received: Uint8Array[] = [];
    // A frame the device cannot parse: it answers in clear with an error frame on control.
    await link.write(service, control, new Uint8Array([0xff, 0xff, 0xff]), { withoutResponse: true });
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(link.stats().notifications).toBe(0);
    const before = link.stats();
    await link.subscribe(service, control, (value) => received.push(value));
    expect(link.stats().requests - before.requests).toBe(1);
    await link.write(service, control, new Uint8Array([0xff, 0xff, 0xff]), { withoutResponse: true });
    await expect.poll(() => received.length, { timeout: 2_000 }).toBeGreaterThan(0);
    expect(link.stats().notifications).toBe(received.length);
    await link.disconnect();
  });

  it('a value longer than ATT_MTU - 1 is read whole with Read Blob', async () => {
    demo = openDemo({ site: demoSite((site) => (site.radio.mtu = 23)) });
    const link = await connect(demo.transport);
    expect(link.mtu).toBe(23);
    const before = link.stats();
    const bytes = await link.read(service, info);
    expect(bytes.length).toBeGreaterThan(22);
    expect(decodeInfo(bytes)).toMatchObject({ ok: true, value: { deviceId: FRONT_DOOR } });
    expect(link.stats().requests - before.requests).toBe(Math.floor(bytes.length / 22) + 1);
    await link.disconnect();
  });

  it('every operation after the link is lost rejects with DISCONNECTED', async () => {
    demo = openDemo();
    const link = await connect(demo.transport);
    demo.transport.cutLinks(address);
    await expect(link.read(service, info)).rejects.toMatchObject({ code: 'DISCONNECTED' });
    await expect(link.write(service, control, new Uint8Array([1]), { withoutResponse: true })).rejects.toMatchObject({ code: 'DISCONNECTED' });
  });
});
