/**
 * Fuzz targets for the secure session: the clear handshake frames, the client's check of HELLO_REPLY and
 * the responses and events after it, the device's handling of HELLO, AUTH and sealed requests, and the
 * sealed channel's open/openAhead. Both ends draw their randomness from a seeded stream reset for every
 * input, so the seeds are a real, valid conversation and mutation reaches every step of it.
 */
import { decodeAuthBody, decodeErrorFrame, decodeHello, decodeHelloReply, encodeAuthBody, encodeErrorFrame } from '../../../electron/protocol/handshakeFrames';
import { OpeningChannel, SealingChannel } from '../../../electron/protocol/sealedChannel';
import { acceptHandshake, startClientHandshake, type Credential, type RandomSource } from '../../../electron/protocol/secureSession';
import { encodeEvent, encodeRequest, encodeResponse } from '../../../electron/protocol/codec';
import { EXPECT, PROOF } from '../../protocol/handshakeFixture';
import { packChunks, Prng, unpackChunks } from '../mutate';
import { defined, firstProblem, resultProblem, type FuzzTarget } from '../target';
import { REQUESTS } from './wire';

const FIRST_REQUEST = encodeRequest(defined(REQUESTS[0], 'the first request'));
const OWNER: Credential = { userId: 'tech1', key: new Uint8Array(32).fill(7) };
const lookup = (userId: string) => (userId === OWNER.userId ? { key: OWNER.key, identity: 'owner' } : undefined);
const seeded = (seed: number): RandomSource => {
  const rng = new Prng(seed);
  return { bytes: (n) => rng.bytes(n) };
};
const client = () => startClientHandshake(OWNER, seeded(11), EXPECT);
const device = (hello: Uint8Array) => acceptHandshake(hello, lookup, seeded(22), PROOF);

/** One whole, valid conversation with the seeded randomness: every frame in order. */
function conversation() {
  const c = client();
  const accepted = device(c.hello);
  if (!accepted.ok) throw new Error(`fuzz seed handshake: ${accepted.error.message}`);
  const finished = c.finish(accepted.value.reply);
  if (!finished.ok) throw new Error(`fuzz seed finish: ${finished.error.message}`);
  // A gate's event on the listening session, before AUTH (docs/protocol.md, "Listening sessions").
  const early = accepted.value.pending.sealEvent(encodeEvent({ seq: 1, at: 1, type: 'relay.fired', actor: 'f1a000000001', detail: {} }));
  const auth = finished.value.session.sealAuth(FIRST_REQUEST);
  const verified = accepted.value.pending.verifyAuth(auth);
  if (!verified.ok) throw new Error(`fuzz seed AUTH: ${verified.error.message}`);
  const server = verified.value.session;
  const requests = REQUESTS.slice(1, 4).map((r) => finished.value.session.sealRequest(encodeRequest(r)));
  const responses = [1, 2, 3].map((id) => server.sealResponse(encodeResponse({ id, ok: true, result: {} })));
  const events = [1, 2].map((seq) => server.sealEvent(encodeEvent({ seq, at: 1, type: 'gate.relay', actor: 'gate', detail: {} })));
  return { hello: c.hello, reply: accepted.value.reply, early, auth, requests, responses, events };
}

function frames(): FuzzTarget {
  const talk = conversation();
  return {
    name: 'handshake.frames',
    seeds: [talk.hello, talk.reply, encodeAuthBody({ proof: new Uint8Array(32).fill(1), req: FIRST_REQUEST }), encodeErrorFrame({ code: 'AUTH_FAILED', message: 'No.', hint: 'Try again.' })],
    run: (input) =>
      firstProblem(
        resultProblem(decodeHello(input), 'decodeHello'),
        resultProblem(decodeHelloReply(input), 'decodeHelloReply'),
        resultProblem(decodeAuthBody(input), 'decodeAuthBody'),
        resultProblem(decodeErrorFrame(input), 'decodeErrorFrame'),
      ),
  };
}

/** The client: finish(HELLO_REPLY), then each later frame as a response and as an event. */
function clientSide(): FuzzTarget {
  const talk = conversation();
  const refusal = encodeErrorFrame({ code: 'AUTH_FAILED', message: 'No.' });
  return {
    name: 'session.client',
    weight: 0.1,
    seeds: [packChunks([talk.reply, talk.early, ...talk.responses, ...talk.events]), packChunks([refusal]), packChunks([talk.reply, refusal, defined(talk.events[1], 'an event')])],
    run(input) {
      const [reply, ...later] = unpackChunks(input);
      const finished = client().finish(reply ?? new Uint8Array());
      const problem = resultProblem(finished, 'finish');
      if (problem || !finished.ok) return problem;
      const session = finished.value.session;
      session.sealAuth(FIRST_REQUEST);
      for (const frame of later) {
        const p = firstProblem(resultProblem(session.openResponse(frame), 'openResponse'), resultProblem(session.openEvent(frame), 'openEvent'));
        if (p) return p;
      }
      return undefined;
    },
  };
}

/** The device: acceptHandshake(HELLO), verifyAuth(AUTH), then each later frame as a request. */
function deviceSide(): FuzzTarget {
  const talk = conversation();
  return {
    name: 'session.device',
    weight: 0.1,
    seeds: [packChunks([talk.hello, talk.auth, ...talk.requests]), packChunks([talk.hello, defined(talk.requests[0], 'a request')])],
    run(input) {
      const [hello, auth, ...later] = unpackChunks(input);
      const accepted = device(hello ?? new Uint8Array());
      const problem = resultProblem(accepted, 'acceptHandshake');
      if (problem || !accepted.ok) return problem;
      const verified = accepted.value.pending.verifyAuth(auth ?? new Uint8Array());
      const authProblem = resultProblem(verified, 'verifyAuth');
      if (authProblem || !verified.ok) return authProblem;
      for (const frame of later) {
        const p = resultProblem(verified.value.session.openRequest(frame), 'openRequest');
        if (p) return p;
      }
      return undefined;
    },
  };
}

function sealed(): FuzzTarget {
  const key = new Uint8Array(32).fill(0x5a);
  const sealer = new SealingChannel(key, 'fuzz');
  const rng = new Prng(5);
  const run = [0, 1, 40, 300].map((n) => sealer.seal(0x10, rng.bytes(n)));
  const nearEnd = new SealingChannel(key, 'fuzz', 0xfffffffe).seal(0x10, rng.bytes(8));
  return {
    name: 'sealed.open',
    seeds: [packChunks(run), packChunks([run[1], run[0], run[3]].map((f) => defined(f, 'a sealed frame'))), packChunks([nearEnd])],
    run(input) {
      const inOrder = new OpeningChannel(key, 'fuzz');
      const ahead = new OpeningChannel(key, 'fuzz');
      for (const frame of unpackChunks(input)) {
        const p = firstProblem(resultProblem(inOrder.open(0x10, frame), 'open'), resultProblem(ahead.openAhead(0x10, frame), 'openAhead'));
        if (p) return p;
      }
      return undefined;
    },
  };
}

export function sessionTargets(): FuzzTarget[] {
  return [frames(), clientSide(), deviceSide(), sealed()];
}
