import { describe, expect, it } from 'vitest';
import type { Result } from '../../electron/protocol/errors';
import {
  acceptHandshake,
  cryptoRandom,
  encodeErrorFrame,
  FRAME_AUTH,
  FRAME_ERROR,
  FRAME_HELLO,
  FRAME_HELLO_REPLY,
  FRAME_SEALED,
  frameType,
  startClientHandshake,
  type ClientSession,
  type Credential,
  type RandomSource,
  type ServerSession,
} from '../../electron/protocol/secureSession';
import { createHash } from 'node:crypto';
import { EXPECT, PROOF, withAuth } from './handshakeFixture';

/** A deterministic stream (SHA-256 in counter mode), standing in for a device model's seeded randomness. */
function seededRandom(seed: string): RandomSource {
  let block = 0;
  return {
    bytes(n) {
      const out = new Uint8Array(n);
      for (let i = 0; i < n; i += 32)
        out.set(
          createHash('sha256')
            .update(`${seed}/${block++}`)
            .digest()
            .subarray(0, n - i),
          i,
        );
      return out;
    },
  };
}

const key = (fill: number) => new Uint8Array(32).fill(fill);
const alice: Credential = { userId: 'alice', key: key(1) };
type Identity = { userId: string; role: string };
const deviceUsers = new Map<string, { key: Uint8Array; identity: Identity }>([
  ['alice', { key: key(1), identity: { userId: 'alice', role: 'owner' } }],
  ['setup', { key: key(9), identity: { userId: 'setup', role: 'setup' } }],
]);
const lookup = (userId: string) => deviceUsers.get(userId);
const text = (s: string) => new TextEncoder().encode(s);

function value<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`expected ok, got ${result.error.code}: ${result.error.message}`);
  return result.value;
}

/** Runs the whole handshake, client and device in one process. */
function connect(cred: Credential = alice): {
  client: ClientSession;
  server: ServerSession;
  identity: Identity;
} {
  const handshake = startClientHandshake(cred, cryptoRandom, EXPECT);
  const { reply, pending } = value(acceptHandshake(handshake.hello, lookup, cryptoRandom, PROOF));
  const { session: client, auth } = value(withAuth(handshake.finish(reply)));
  const { session: server, identity } = value(pending.verifyAuth(auth));
  return { client, server, identity };
}

const codeOf = (result: Result<unknown>) => (result.ok ? 'ok' : result.error.code);

describe('handshake', () => {
  it('authenticates both ends and carries requests, responses and events', () => {
    const { client, server, identity } = connect();
    expect(identity).toEqual({ userId: 'alice', role: 'owner' });
    expect(value(server.openRequest(client.sealRequest(text('ping'))))).toEqual(text('ping'));
    expect(value(client.openResponse(server.sealResponse(text('pong'))))).toEqual(text('pong'));
    expect(value(client.openEvent(server.sealEvent(text('door'))))).toEqual({ plain: text('door'), missed: 0 });
  });

  it('authenticates the setup key of an unclaimed intercom as the setup identity', () => {
    expect(connect({ userId: 'setup', key: key(9) }).identity).toEqual({ userId: 'setup', role: 'setup' });
  });

  it('puts the frame type first: HELLO, HELLO_REPLY, AUTH (c2d counter 1), then SEALED from counter 2', () => {
    const handshake = startClientHandshake(alice, cryptoRandom, EXPECT);
    const { reply, pending } = value(acceptHandshake(handshake.hello, lookup, cryptoRandom, PROOF));
    const { session, auth } = value(withAuth(handshake.finish(reply)));
    value(pending.verifyAuth(auth));
    expect([frameType(handshake.hello), frameType(reply), frameType(auth)]).toEqual([
      FRAME_HELLO,
      FRAME_HELLO_REPLY,
      FRAME_AUTH,
    ]);
    expect([...auth.subarray(1, 5)]).toEqual([0, 0, 0, 1]);
    const request = session.sealRequest(text('x'));
    expect([...request.subarray(0, 5)]).toEqual([FRAME_SEALED, 0, 0, 0, 2]);
    expect(request.length).toBe(5 + 1 + 16);
  });

  it('is deterministic under an injected random source', () => {
    const run = () => {
      const handshake = startClientHandshake(alice, seededRandom('client'), EXPECT);
      const { reply } = value(acceptHandshake(handshake.hello, lookup, seededRandom('device'), PROOF));
      return [handshake.hello, reply];
    };
    expect(run()).toEqual(run());
  });

  it('fails AUTH_FAILED on the client when the device holds another key for the user', () => {
    const handshake = startClientHandshake({ userId: 'alice', key: key(2) }, cryptoRandom, EXPECT);
    const { reply } = value(acceptHandshake(handshake.hello, lookup, cryptoRandom, PROOF));
    const result = withAuth(handshake.finish(reply));
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'AUTH_FAILED', message: 'The device no longer accepts the key this computer holds for it.' },
    });
    expect(!result.ok && result.error.hint).toBeTruthy();
  });

  it('answers an unknown user id like a known one, and the client then fails AUTH_FAILED', () => {
    const known = startClientHandshake(alice, cryptoRandom, EXPECT);
    const unknown = startClientHandshake({ userId: 'mallory', key: key(1) }, cryptoRandom, EXPECT);
    const knownReply = value(acceptHandshake(known.hello, lookup, cryptoRandom, PROOF)).reply;
    const unknownReply = value(acceptHandshake(unknown.hello, lookup, cryptoRandom, PROOF)).reply;
    expect(unknownReply.length).toBe(knownReply.length);
    expect(codeOf(withAuth(unknown.finish(unknownReply)))).toBe('AUTH_FAILED');
  });

  it('refuses on the device an AUTH frame from another handshake', () => {
    const first = startClientHandshake(alice, cryptoRandom, EXPECT);
    const { reply } = value(acceptHandshake(first.hello, lookup, cryptoRandom, PROOF));
    const { auth } = value(withAuth(first.finish(reply)));
    const second = startClientHandshake(alice, cryptoRandom, EXPECT);
    const { pending } = value(acceptHandshake(second.hello, lookup, cryptoRandom, PROOF));
    expect(codeOf(pending.verifyAuth(auth))).toBe('AUTH_FAILED');
  });

  it('refuses on the device an AUTH frame for an unknown user, whatever the client does', () => {
    const handshake = startClientHandshake({ userId: 'mallory', key: key(1) }, cryptoRandom, EXPECT);
    const { pending } = value(acceptHandshake(handshake.hello, lookup, cryptoRandom, PROOF));
    // The client cannot build a valid AUTH (the device used a random key); a copy of the HELLO will not do either.
    expect(codeOf(pending.verifyAuth(Uint8Array.of(FRAME_AUTH, 0, 0, 0, 1, ...new Uint8Array(40))))).toBe(
      'AUTH_FAILED',
    );
  });

  it('never shows the text of an ERROR frame, which anyone can forge (security issue #9, finding 9)', () => {
    const handshake = startClientHandshake(alice, cryptoRandom, EXPECT);
    const forged = { code: 'ALREADY_CLAIMED' as const, message: 'Call 555-0100 to unlock', hint: 'Visit evil.example' };
    const result = handshake.finish(encodeErrorFrame(forged));
    expect(result).toMatchObject({ ok: false, error: { message: 'The device refused the connection (an unauthenticated reply).' } });
    expect(JSON.stringify(result)).not.toMatch(/555|evil/);
  });

  it('runs each handshake step once, so keys and nonces are never derived twice', () => {
    const handshake = startClientHandshake(alice, cryptoRandom, EXPECT);
    const { reply, pending } = value(acceptHandshake(handshake.hello, lookup, cryptoRandom, PROOF));
    const { auth } = value(withAuth(handshake.finish(reply)));
    expect(codeOf(withAuth(handshake.finish(reply)))).toBe('PROTOCOL_ERROR');
    value(pending.verifyAuth(auth));
    expect(codeOf(pending.verifyAuth(auth))).toBe('PROTOCOL_ERROR');
  });

  it('rejects a malformed HELLO, and names a protocol version mismatch', () => {
    expect(codeOf(acceptHandshake(Uint8Array.of(FRAME_HELLO, 0xff), lookup, cryptoRandom, PROOF))).toBe(
      'PROTOCOL_ERROR',
    );
    expect(codeOf(acceptHandshake(Uint8Array.of(FRAME_SEALED), lookup, cryptoRandom, PROOF))).toBe('PROTOCOL_ERROR');
    const hello = startClientHandshake(alice, cryptoRandom, EXPECT).hello;
    const v2 = Uint8Array.from(hello);
    v2[v2.indexOf(0x76) + 1] = 0x03; // the "v" key, then its value 2 -> 3
    const result = acceptHandshake(v2, lookup, cryptoRandom, PROOF);
    expect(result).toMatchObject({ ok: false, error: { code: 'PROTOCOL_ERROR' } });
    expect(!result.ok && result.error.message).toMatch(/version 3/);
  });

  it('refuses a low-order public key as AUTH_FAILED (all-zero shared secret)', () => {
    const hello = Uint8Array.from(startClientHandshake(alice, cryptoRandom, EXPECT).hello);
    const pubAt = indexOfBytes(hello, text('pub')) + 3 + 2; // key, then byte string header 0x58 0x20
    hello.fill(0, pubAt, pubAt + 32);
    expect(codeOf(acceptHandshake(hello, lookup, cryptoRandom, PROOF))).toBe('AUTH_FAILED');
  });
});

describe('listening sessions (a gate\'s events before AUTH)', () => {
  it('opens events sealed on the pending session, without AUTH, and continues their counter after AUTH', () => {
    const handshake = startClientHandshake(alice, cryptoRandom, EXPECT);
    const { reply, pending } = value(acceptHandshake(handshake.hello, lookup, cryptoRandom, PROOF));
    const { session: client } = value(handshake.finish(reply));
    expect(value(client.openEvent(pending.sealEvent(text('relay 1'))))).toEqual({ plain: text('relay 1'), missed: 0 });
    // A client that later authenticates gets the rest of the same stream: evt #2 follows evt #1.
    const { session: server } = value(pending.verifyAuth(client.sealAuth(text('first'))));
    const next = server.sealEvent(text('relay 2'));
    expect([...next.subarray(1, 5)]).toEqual([0, 0, 0, 2]);
    expect(value(client.openEvent(next))).toEqual({ plain: text('relay 2'), missed: 0 });
  });

  it('refuses an event from another listening session (DECRYPT_FAILED) and a replayed one (REPLAY)', () => {
    const listen = () => {
      const handshake = startClientHandshake(alice, cryptoRandom, EXPECT);
      const { reply, pending } = value(acceptHandshake(handshake.hello, lookup, cryptoRandom, PROOF));
      return { client: value(handshake.finish(reply)).session, pending };
    };
    const earlier = listen();
    const recorded = earlier.pending.sealEvent(text('relay fired'));
    const now = listen();
    expect(codeOf(now.client.openEvent(recorded))).toBe('DECRYPT_FAILED');
    const fresh = now.pending.sealEvent(text('relay fired'));
    value(now.client.openEvent(fresh));
    expect(codeOf(now.client.openEvent(fresh))).toBe('REPLAY');
  });

  it('seals events for an unknown user under keys its client cannot derive', () => {
    const handshake = startClientHandshake({ userId: 'mallory', key: key(1) }, cryptoRandom, EXPECT);
    const { reply, pending } = value(acceptHandshake(handshake.hello, lookup, cryptoRandom, PROOF));
    // The device still sends it, like to a known user (no user enumeration); mallory gets no session to open it with.
    const event = pending.sealEvent(text('relay fired'));
    expect(event.length).toBe(5 + text('relay fired').length + 16);
    expect(codeOf(handshake.finish(reply))).toBe('AUTH_FAILED');
  });
});

describe('sealed frames', () => {
  it('rejects a replayed request as REPLAY and stays usable', () => {
    const { client, server } = connect();
    const first = client.sealRequest(text('1'));
    value(server.openRequest(first));
    expect(codeOf(server.openRequest(first))).toBe('REPLAY');
    expect(value(server.openRequest(client.sealRequest(text('2'))))).toEqual(text('2'));
  });

  it('rejects reordered frames as REPLAY, and then accepts them in order', () => {
    const { client, server } = connect();
    const one = server.sealResponse(text('1'));
    const two = server.sealResponse(text('2'));
    expect(codeOf(client.openResponse(two))).toBe('REPLAY');
    expect(value(client.openResponse(one))).toEqual(text('1'));
    expect(value(client.openResponse(two))).toEqual(text('2'));
  });

  it('accepts an event counter that skips ahead and says how many events were missed (a gap)', () => {
    const { client, server } = connect();
    expect(value(client.openEvent(server.sealEvent(text('e1'))))).toEqual({ plain: text('e1'), missed: 0 });
    server.sealEvent(text('e2 (lost)'));
    server.sealEvent(text('e3 (lost)'));
    expect(value(client.openEvent(server.sealEvent(text('e4'))))).toEqual({ plain: text('e4'), missed: 2 });
    expect(value(client.openEvent(server.sealEvent(text('e5'))))).toEqual({ plain: text('e5'), missed: 0 });
  });

  it('still refuses a replayed event (same counter) and an older one (lower counter) after a gap, and stays usable', () => {
    const { client, server } = connect();
    const e1 = server.sealEvent(text('e1'));
    const e2 = server.sealEvent(text('e2'));
    const e3 = server.sealEvent(text('e3'));
    value(client.openEvent(e1));
    expect(value(client.openEvent(e3)).missed).toBe(1);
    expect(codeOf(client.openEvent(e3))).toBe('REPLAY');
    expect(codeOf(client.openEvent(e2))).toBe('REPLAY'); // late, after the gap was counted: never shown
    expect(codeOf(client.openEvent(e1))).toBe('REPLAY');
    expect(value(client.openEvent(server.sealEvent(text('e4'))))).toEqual({ plain: text('e4'), missed: 0 });
  });

  it('rejects a damaged byte anywhere: DECRYPT_FAILED, or PROTOCOL_ERROR for the type byte', () => {
    const { client, server } = connect();
    const frame = client.sealRequest(text('open the gate'));
    for (let i = 0; i < frame.length; i++) {
      const damaged = Uint8Array.from(frame);
      damaged[i] = (damaged[i] ?? 0) ^ 0x01;
      expect(codeOf(server.openRequest(damaged))).toBe(i === 0 ? 'PROTOCOL_ERROR' : 'DECRYPT_FAILED');
    }
    expect(value(server.openRequest(frame))).toEqual(text('open the gate'));
  });

  it('rejects truncated frames without throwing', () => {
    const { client, server } = connect();
    const frame = client.sealRequest(text('abc'));
    for (let n = 0; n < frame.length; n++) expect(server.openRequest(frame.subarray(0, n)).ok).toBe(false);
  });

  it('rejects a frame from another session as DECRYPT_FAILED', () => {
    const a = connect();
    const b = connect();
    expect(codeOf(b.server.openRequest(a.client.sealRequest(text('x'))))).toBe('DECRYPT_FAILED');
    expect(codeOf(b.client.openResponse(a.server.sealResponse(text('x'))))).toBe('DECRYPT_FAILED');
  });

  it('keeps events independent from responses: own keys, own counters', () => {
    const { client, server } = connect();
    const event1 = server.sealEvent(text('e1'));
    const response1 = server.sealResponse(text('r1'));
    const event2 = server.sealEvent(text('e2'));
    expect(codeOf(client.openResponse(event1))).toBe('PROTOCOL_ERROR'); // an EVENT frame is not a response
    expect(codeOf(client.openEvent(response1))).toBe('PROTOCOL_ERROR');
    expect(value(client.openEvent(event1)).plain).toEqual(text('e1'));
    expect(value(client.openResponse(response1))).toEqual(text('r1'));
    expect(value(client.openEvent(event2)).plain).toEqual(text('e2'));
  });

  it('accepts an ERROR frame in place of the first response only', () => {
    const { client, server } = connect();
    const refusal = encodeErrorFrame({ code: 'AUTH_FAILED', message: 'The device did not accept this key.' });
    expect(frameType(refusal)).toBe(FRAME_ERROR);
    expect(codeOf(client.openResponse(refusal))).toBe('AUTH_FAILED');
    value(client.openResponse(server.sealResponse(text('ok'))));
    expect(codeOf(client.openResponse(refusal))).toBe('PROTOCOL_ERROR');
  });
});

function indexOfBytes(haystack: Uint8Array, needle: Uint8Array): number {
  return Buffer.from(haystack).indexOf(Buffer.from(needle));
}
