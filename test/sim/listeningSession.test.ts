/**
 * The device endpoint's side of listening sessions (docs/protocol.md, "Listening sessions"): a gate seals
 * its events to a session that has not sent AUTH, an intercom only to an authenticated one. Driven at the
 * GATT level, as a central would, against the demo site's real firmware models.
 */
import { describe, expect, it } from 'vitest';
import { decodeEvent, encodeRequest } from '../../electron/protocol/codec';
import { Reassembler, segment } from '../../electron/protocol/framing';
import { PROFILES, type DeviceKind } from '../../electron/protocol/gattProfile';
import { cryptoRandom, FRAME_EVENT, frameType, startClientHandshake, type ClientSession } from '../../electron/protocol/secureSession';
import { SIMULATED_SITE_TRUST } from '../../electron/protocol/trustAnchors';
import { siteCredentials } from '../../electron/sim/siteCredentials';
import { SimSite } from '../../electron/sim/simSite';
import { demoSite, FRONT_DOOR, MAIN_GATE } from '../helpers/demo';

const MTU = 247;
const settle = () => new Promise((resolve) => setTimeout(resolve, 10));

/** Connects to `deviceId` as its owner, enables notifications and completes HELLO / HELLO_REPLY: no AUTH. */
async function listen(sim: SimSite, kind: DeviceKind, deviceId: string) {
  const endpoint = sim.peripherals().find((p) => p.model.deviceId === deviceId);
  const credential = siteCredentials(sim.options.site).lookup(deviceId, 'owner');
  if (!endpoint || !credential) throw new Error(`no ${deviceId} with an owner in the demo site`);
  const profile = PROFILES[kind];
  const frames: Uint8Array[] = [];
  const inbound = new Reassembler();
  const connection = endpoint.accept({
    mtu: MTU,
    notify: (_service, _characteristic, packet) => {
      const message = inbound.push(packet);
      if (message.ok && message.value) frames.push(message.value);
    },
    disconnect: () => undefined,
  });
  connection.setNotify(profile.service, profile.control, true);
  const write = async (message: Uint8Array) => {
    for (const packet of segment(message, MTU)) await connection.write(profile.service, profile.control, packet);
    await settle();
  };
  const handshake = startClientHandshake(credential, cryptoRandom, { kind, trust: SIMULATED_SITE_TRUST, deviceId });
  await write(handshake.hello);
  const reply = frames.shift();
  if (!reply) throw new Error('no HELLO_REPLY');
  const finished = handshake.finish(reply);
  if (!finished.ok) throw new Error(finished.error.message);
  const session: ClientSession = finished.value.session;
  const events = () => frames.filter((f) => frameType(f) === FRAME_EVENT);
  return { session, frames, events, write, close: () => connection.disconnected() };
}

describe('listening sessions at the device', () => {
  it('a gate sends its relay event, sealed, to a session that never sent AUTH', async () => {
    const sim = new SimSite({ site: demoSite() });
    const gate = await listen(sim, 'gate', MAIN_GATE);
    sim.gate(MAIN_GATE)?.fire({ intercomId: FRONT_DOOR, leg: 'entry' });
    await settle();
    const [frame] = gate.events();
    if (!frame) throw new Error('no EVENT frame');
    const opened = gate.session.openEvent(frame);
    if (!opened.ok) throw new Error(opened.error.message);
    expect(opened.value.missed).toBe(0);
    const event = decodeEvent(opened.value.plain);
    expect(event.ok && event.value).toMatchObject({ type: 'relay.fired', detail: { source: 'intercom', intercomId: FRONT_DOOR, leg: 'entry' } });
    gate.close();
  });

  it('an intercom sends its audit events only once AUTH has been accepted', async () => {
    const sim = new SimSite({ site: demoSite() });
    const intercom = await listen(sim, 'intercom', FRONT_DOOR);
    const keypad = sim.intercom(FRONT_DOOR);
    if (!keypad) throw new Error('no Front Door');
    await keypad.keypad('0000'); // a wrong code: the intercom appends code.refused to its audit log
    await settle();
    expect(intercom.events()).toEqual([]);
    await intercom.write(intercom.session.sealAuth(encodeRequest({ id: 1, op: 'settings.get', args: {} })));
    expect(intercom.frames).toHaveLength(1); // the response to settings.get
    await keypad.keypad('0000');
    await settle();
    expect(intercom.events()).toHaveLength(1);
    intercom.close();
  });
});
