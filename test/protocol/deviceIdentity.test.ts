/**
 * Security issue #9: the device proves a factory-certified identity in the handshake (finding 3), what it
 * says in clear must agree with it (finding 1), forged clear errors say nothing (finding 9), missed events
 * are a counted gap while replays stay refused, and text must be valid UTF-8 (finding 11).
 */
import { describe, expect, it } from 'vitest';
import { decodeCbor } from '../../electron/protocol/cbor';
import { encodeInfo } from '../../electron/protocol/codec';
import type { Result } from '../../electron/protocol/errors';
import { acceptHandshake, cryptoRandom, startClientHandshake, type Credential, type DeviceProof } from '../../electron/protocol/secureSession';
import { PRODUCTION_TRUST } from '../../electron/protocol/trustAnchors';
import { selfSignedIdentity, testFactoryIdentity } from '../../electron/sim/testFactory';
import { DEVICE_ID, EXPECT, INFO, PROOF, withAuth } from './handshakeFixture';

const setup: Credential = { userId: 'setup', key: new Uint8Array(32).fill(9) };
const lookup = (userId: string) => (userId === 'setup' ? { key: setup.key, identity: 'setup' } : undefined);
const codeOf = (result: Result<unknown>) => (result.ok ? 'ok' : result.error.code);

function handshakeWith(proof: DeviceProof, expect = EXPECT) {
  const client = startClientHandshake(setup, cryptoRandom, expect);
  const accepted = acceptHandshake(client.hello, lookup, cryptoRandom, proof);
  if (!accepted.ok) throw new Error(accepted.error.message);
  return client.finish(accepted.value.reply);
}

describe('device identity in the handshake', () => {
  it('proves a genuine device: the session knows its certified id, kind and identity key', () => {
    const result = handshakeWith(PROOF);
    expect(result).toMatchObject({ ok: true, value: { peer: { deviceId: DEVICE_ID, kind: 'intercom', issuer: 2, info: { name: 'Front Door' } } } });
  });

  it('refuses an impostor that knows the setup key but has no factory certificate (finding 3)', () => {
    const impostor = { ...selfSignedIdentity({ deviceId: DEVICE_ID, kind: 'intercom', modelCode: 1 }, new Uint8Array(32).fill(0x66)), info: PROOF.info };
    const result = handshakeWith(impostor);
    expect(result).toMatchObject({ ok: false, error: { code: 'NOT_GENUINE' } });
  });

  it('refuses a genuine device that says in clear it is another device (finding 1)', () => {
    const rogue = testFactoryIdentity({ deviceId: 'f1a000000099', kind: 'intercom', modelCode: 1 });
    // A real, certified device of its own, whose info claims Front Door's id.
    expect(codeOf(handshakeWith({ ...rogue, info: PROOF.info }))).toBe('NOT_GENUINE');
  });

  it('refuses a device whose proven id is not the one advertised, or whose identity key is not the pinned one', () => {
    expect(codeOf(handshakeWith(PROOF, { ...EXPECT, deviceId: 'f1a000000099' }))).toBe('IDENTITY_MISMATCH');
    expect(codeOf(handshakeWith(PROOF, { ...EXPECT, identityKey: new Uint8Array(32).fill(1) }))).toBe('IDENTITY_MISMATCH');
    const pinned = handshakeWith(PROOF);
    expect(codeOf(handshakeWith(PROOF, { ...EXPECT, identityKey: pinned.ok ? pinned.value.peer.identityKey : new Uint8Array() }))).toBe('ok');
  });

  it('believes the test factory only for the simulated site: on the real radio its certificates are refused', () => {
    expect(codeOf(handshakeWith(PROOF, { ...EXPECT, trust: PRODUCTION_TRUST }))).toBe('NOT_GENUINE');
  });

  it('refuses a signature made for another handshake (a copied HELLO_REPLY)', () => {
    const first = startClientHandshake(setup, cryptoRandom, EXPECT);
    const accepted = acceptHandshake(first.hello, lookup, cryptoRandom, PROOF);
    const second = startClientHandshake(setup, cryptoRandom, EXPECT);
    if (!accepted.ok) throw new Error('handshake');
    expect(codeOf(second.finish(accepted.value.reply))).toBe('NOT_GENUINE');
  });

  it('binds the info into the transcript: an altered info byte fails the signature', () => {
    const client = startClientHandshake(setup, cryptoRandom, EXPECT);
    const accepted = acceptHandshake(client.hello, lookup, cryptoRandom, PROOF);
    if (!accepted.ok) throw new Error('handshake');
    const reply = Uint8Array.from(accepted.value.reply);
    const at = Buffer.from(reply).indexOf(Buffer.from('Front Door'));
    reply[at] = 'G'.charCodeAt(0);
    expect(codeOf(client.finish(reply))).toBe('NOT_GENUINE');
  });
});

describe('events: gaps are counted, replays refused', () => {
  it('accepts an event after a missed one, reporting the gap, and refuses a replay', () => {
    const client = startClientHandshake({ userId: 'setup', key: setup.key }, cryptoRandom, EXPECT);
    const accepted = acceptHandshake(client.hello, lookup, cryptoRandom, PROOF);
    if (!accepted.ok) throw new Error('handshake');
    const finished = withAuth(client.finish(accepted.value.reply));
    if (!finished.ok) throw new Error('finish');
    const verified = accepted.value.pending.verifyAuth(finished.value.auth);
    if (!verified.ok) throw new Error('auth');
    const device = verified.value.session;
    const e1 = device.sealEvent(Uint8Array.of(1));
    device.sealEvent(Uint8Array.of(2)); // lost on the way
    const e3 = device.sealEvent(Uint8Array.of(3));
    const session = finished.value.session;
    expect(session.openEvent(e1)).toEqual({ ok: true, value: { plain: Uint8Array.of(1), missed: 0 } });
    expect(session.openEvent(e3)).toEqual({ ok: true, value: { plain: Uint8Array.of(3), missed: 1 } });
    expect(codeOf(session.openEvent(e1))).toBe('REPLAY');
    expect(codeOf(session.openEvent(e3))).toBe('REPLAY');
  });
});

describe('CBOR text (finding 11)', () => {
  it('rejects invalid UTF-8 in a text string instead of decoding it to replacement characters', () => {
    // {"a": text of 2 bytes C3 28 (an invalid sequence)}
    expect(codeOf(decodeCbor(Uint8Array.of(0xa1, 0x61, 0x61, 0x62, 0xc3, 0x28), 'test'))).toBe('PROTOCOL_ERROR');
    expect(decodeCbor(Uint8Array.of(0xa1, 0x61, 0x61, 0x62, 0xc3, 0xa9), 'test')).toEqual({ ok: true, value: { a: 'é' } });
    // A real U+FFFD, validly encoded, is still text.
    expect(decodeCbor(Uint8Array.of(0x63, 0xef, 0xbf, 0xbd), 'test')).toEqual({ ok: true, value: '\ufffd' });
    expect(encodeInfo(INFO).length).toBeGreaterThan(0);
  });
});
