/**
 * Application-layer security (docs/protocol.md, "Handshake and key schedule"). noble's HCI path can only
 * pair Just Works, which authenticates nobody, so the link is treated as public: both ends prove they hold
 * the user key, and every message after the handshake is sealed with per-session, per-direction keys.
 *
 * Version 2 adds the device's certified identity to the transcript (security issue #9, finding 3), and
 * lets AUTH carry the session's first request (lean radio issue #7).
 *
 * Client: startClientHandshake → write `hello` → finish(reply) → write sealAuth(first request) →
 *         openResponse, then sealRequest / openResponse; openEvent for EVENT frames.
 * Device: acceptHandshake(hello) → notify `reply` → verifyAuth(auth) → answer its firstRequest →
 *         openRequest / sealResponse / sealEvent. A gate may sealEvent on the pending session already:
 *         a client that only listens for its events never sends AUTH (docs/protocol.md, "Listening sessions").
 */
import { randomBytes } from 'node:crypto';
import { decodeInfo } from './codec';
import { signTranscript, transcriptSignatureValid, verifyCertificate } from './deviceIdentity';
import { fail, FlussError, ok, type ErrorCode, type Result } from './errors';
import { PROTOCOL_VERSION, type DeviceKind } from './gattProfile';
import type { DeviceInfo } from './messages';
import type { TrustPolicy } from './trustAnchors';
import {
  decodeAuthBody,
  decodeErrorFrame,
  decodeHello,
  decodeHelloReply,
  encodeAuthBody,
  encodeHello,
  encodeHelloReply,
  type HelloReply,
  FRAME_AUTH,
  FRAME_ERROR,
  FRAME_EVENT,
  FRAME_SEALED,
  frameType,
} from './handshakeFrames';
import {
  agree,
  channelKeys,
  clientProof,
  deviceProof,
  ephemeralKeyPair,
  LABEL_C2D,
  LABEL_D2C,
  LABEL_EVT,
  NONCE_BYTES,
  proofMatches,
  transcriptHash,
} from './keySchedule';
import { OpeningChannel, SealingChannel } from './sealedChannel';

export {
  decodeErrorFrame,
  encodeErrorFrame,
  FRAME_AUTH,
  FRAME_ERROR,
  FRAME_EVENT,
  FRAME_HELLO,
  FRAME_HELLO_REPLY,
  FRAME_SEALED,
  frameType,
} from './handshakeFrames';

/** Where handshakes get randomness; the same shape as firmware's, so device models can stay deterministic. */
export interface RandomSource {
  /** n bytes from a CSPRNG (or a seeded stream in tests). */
  bytes(n: number): Uint8Array;
}

/** The operating system's CSPRNG. */
export const cryptoRandom: RandomSource = { bytes: (n) => new Uint8Array(randomBytes(n)) };

/** A key the app holds for one device. userId 'setup' names the setup key of an unclaimed intercom. */
export interface Credential {
  userId: string;
  key: Uint8Array;
}

/** What the client knows before it connects, and checks the device against. */
export interface HandshakeExpectation {
  kind: DeviceKind;
  trust: TrustPolicy;
  /** The device id the client set out to reach, when it knows it (advertisement, credential). */
  deviceId?: string;
  /** The identity key pinned with the credential, when one is. */
  identityKey?: Uint8Array;
}

/** The device as the handshake proved it: its certified identity and the info bound into the transcript. */
export interface ProvenDevice {
  deviceId: string;
  kind: DeviceKind;
  identityKey: Uint8Array;
  /** 1 production, 2 test factory (trustAnchors.ts). */
  issuer: number;
  info: DeviceInfo;
}

/** The client's half of a handshake in progress. Single use: `finish` may be called once. */
export interface ClientHandshake {
  /** The HELLO frame to write. */
  readonly hello: Uint8Array;
  /**
   * Checks the device's reply (docs/protocol.md, "Client check"): ok gives the session and the proven
   * device. An ERROR frame fails with the app's own words for its code, never the frame's text.
   */
  finish(reply: Uint8Array): Result<{ session: ClientSession; peer: ProvenDevice }>;
}

/** An established session, as the app sees it. A failed open leaves the session as it was. */
export interface ClientSession {
  /** The AUTH frame carrying the first request (CBOR Request bytes). Once, before any sealRequest. */
  sealAuth(firstRequest: Uint8Array): Uint8Array;
  /** A SEALED frame on c2d. Throws PROTOCOL_ERROR before AUTH, or once the counter is exhausted. */
  sealRequest(plain: Uint8Array): Uint8Array;
  /**
   * The plaintext of a d2c frame. Until the first response has opened, an ERROR frame fails with the
   * app's words for its code (the device refused AUTH); after that, an ERROR frame is a PROTOCOL_ERROR.
   */
  openResponse(frame: Uint8Array): Result<Uint8Array>;
  /**
   * The plaintext of an EVENT frame, and how many events were skipped before it (the gap). Usable from
   * `finish` on, with or without AUTH: a gate's listening session only ever opens events.
   */
  openEvent(frame: Uint8Array): Result<{ plain: Uint8Array; missed: number }>;
}

/** What a device holds to prove who it is: its identity key seed, its certificate and its info bytes. */
export interface DeviceProof {
  identitySeed: Uint8Array;
  cert: Uint8Array;
  /** CBOR DeviceInfo, as HELLO_REPLY carries it. */
  info: Uint8Array;
}

/** The device's half of a handshake, awaiting the client's AUTH frame. Single use. */
export interface PendingServerSession<I> {
  /**
   * An EVENT frame on this session's evt channel, before AUTH (a gate's listening session). The session
   * verifyAuth returns continues the same channel, so its counters never repeat.
   */
  sealEvent(plain: Uint8Array): Uint8Array;
  /**
   * ok only when the AUTH frame proves the user key; the identity is then the looked-up user's, and
   * firstRequest the request AUTH carried, to be answered as d2c #1.
   */
  verifyAuth(frame: Uint8Array): Result<{ session: ServerSession; identity: I; firstRequest: Uint8Array }>;
}

/** An authenticated session, as the device sees it. */
export interface ServerSession {
  openRequest(frame: Uint8Array): Result<Uint8Array>;
  sealResponse(plain: Uint8Array): Uint8Array;
  sealEvent(plain: Uint8Array): Uint8Array;
}

const SECRET_BYTES = 32;

/** The device's own refusal of AUTH (it sends this back as an ERROR frame). */
const rejected = <T>(): Result<T> =>
  fail('AUTH_FAILED', 'The device did not accept this key.', 'Check that this is the right device and that your access was not removed.');

/** The app's words for a key the device did not prove it holds: which key it was decides what to do. */
function keyRefused<T>(userId: string): Result<T> {
  return userId === SETUP_USER
    ? fail(
        'AUTH_FAILED',
        'The setup key was not accepted.',
        "Check the setup key on the intercom's label, character by character. If the intercom was claimed already, its setup key no longer works: ask its owner for access.",
      )
    : fail(
        'AUTH_FAILED',
        'The device no longer accepts the key this computer holds for it.',
        'Your access may have been removed, or the device was reset. Ask its owner to share access again.',
      );
}

const SETUP_USER = 'setup';

/**
 * An ERROR frame is unauthenticated: anyone in radio range can send one (security issue #9, finding 9).
 * Only its code is used, to pick the app's own words; its message and hint are never shown.
 */
function unauthenticatedRefusal<T>(code: ErrorCode, userId: string): Result<T> {
  const what = 'The device refused the connection (an unauthenticated reply).';
  if (code === 'AUTH_FAILED') {
    const own = keyRefused<T>(userId);
    return own.ok ? own : fail('AUTH_FAILED', what, own.error.hint);
  }
  return fail(code === 'PROTOCOL_ERROR' ? 'PROTOCOL_ERROR' : 'AUTH_FAILED', what, 'Try again. If it persists, update the app and the device firmware so both speak the same protocol version.');
}

function refusalFrom<T>(frame: Uint8Array, userId: string): Result<T> {
  const refusal = decodeErrorFrame(frame);
  return refusal.ok ? unauthenticatedRefusal(refusal.value.code, userId) : refusal;
}

const alreadyUsed = <T>(): Result<T> => fail('PROTOCOL_ERROR', 'This handshake step has already run.');

const identityMismatch = <T>(why: string): Result<T> =>
  fail(
    'IDENTITY_MISMATCH',
    `This is not the device this computer knows under that id (${why}).`,
    'Do not use it: a device may be pretending to be yours. If the device was replaced, remove its old key and set it up again.',
  );

/** Steps 2–5 of the client check: the certificate, the info it must agree with, the pins, the signature. */
function proveDevice(reply: HelloReply, th: Uint8Array, expect: HandshakeExpectation): Result<ProvenDevice> {
  const cert = verifyCertificate(reply.cert, expect.trust);
  if (!cert.ok) return cert;
  const info = decodeInfo(reply.info);
  if (!info.ok) return info;
  const notGenuine = fail<ProvenDevice>('NOT_GENUINE', 'This device could not prove it is a genuine Fluss+ device (what it says of itself contradicts its certificate).', 'Do not use it: it may be an impostor.');
  if (info.value.deviceId !== cert.value.deviceId || info.value.kind !== cert.value.kind) return notGenuine;
  if (cert.value.kind !== expect.kind) {
    return fail('INVALID_ARGUMENT', `That device is ${cert.value.kind === 'gate' ? 'a gate' : 'an intercom'}, not ${expect.kind === 'gate' ? 'a gate' : 'an intercom'}.`, 'Choose the device by its name in the Devices list.');
  }
  if (expect.deviceId !== undefined && expect.deviceId !== cert.value.deviceId) return identityMismatch('it proved another device id');
  if (expect.identityKey !== undefined && !bytesEqual(expect.identityKey, cert.value.identityKey)) return identityMismatch('its identity key changed');
  if (!transcriptSignatureValid(cert.value.identityKey, th, reply.sig)) return fail('NOT_GENUINE', 'This device could not prove it holds its certified identity key.', 'Do not use it: it may be an impostor.');
  return ok({ deviceId: cert.value.deviceId, kind: cert.value.kind, identityKey: cert.value.identityKey, issuer: cert.value.issuer, info: info.value });
}

function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i]);
}

/** Starts a handshake as `cred`, expecting the device `expect` describes. */
export function startClientHandshake(cred: Credential, random: RandomSource, expect: HandshakeExpectation): ClientHandshake {
  const userKey = new Uint8Array(cred.key);
  const own = ephemeralKeyPair(random.bytes(SECRET_BYTES));
  const hello = encodeHello({
    v: PROTOCOL_VERSION,
    user: cred.userId,
    pub: own.pub,
    nonce: random.bytes(NONCE_BYTES),
  });
  let used = false;
  return {
    hello,
    finish(replyFrame) {
      // A second finish would derive the same keys again and reuse nonces: refuse it.
      if (used) return alreadyUsed();
      used = true;
      if (frameType(replyFrame) === FRAME_ERROR) return refusalFrom(replyFrame, cred.userId);
      const decoded = decodeHelloReply(replyFrame);
      if (!decoded.ok) return decoded;
      const reply = decoded.value;
      const shared = agree(own.secret, reply.pub);
      own.secret.fill(0);
      const th = transcriptHash(hello, reply);
      const peer = proveDevice(reply, th, expect);
      if (!peer.ok) return peer;
      if (!shared || !proofMatches(deviceProof(userKey, th), reply.proof)) return keyRefused(cred.userId);
      const keys = channelKeys(shared, userKey, th);
      const c2d = new SealingChannel(keys.c2d, LABEL_C2D);
      const d2c = new OpeningChannel(keys.d2c, LABEL_D2C);
      const evt = new OpeningChannel(keys.evt, LABEL_EVT);
      const proof = clientProof(userKey, th);
      let authSealed = false;
      const session: ClientSession = {
        sealAuth(firstRequest) {
          if (authSealed) throw new FlussError('PROTOCOL_ERROR', 'AUTH has already been sent on this session.');
          authSealed = true;
          // AUTH is c2d counter 1; requests follow from 2.
          return c2d.seal(FRAME_AUTH, encodeAuthBody({ proof, req: firstRequest }));
        },
        sealRequest(plain) {
          if (!authSealed) throw new FlussError('PROTOCOL_ERROR', 'The first request of a session travels in AUTH.');
          return c2d.seal(FRAME_SEALED, plain);
        },
        openResponse(frame) {
          if (frameType(frame) === FRAME_ERROR && d2c.opened === 0) return refusalFrom(frame, cred.userId);
          return d2c.open(FRAME_SEALED, frame);
        },
        openEvent: (frame) => evt.openAhead(FRAME_EVENT, frame),
      };
      return ok({ session, peer: peer.value });
    },
  };
}

/**
 * Answers a HELLO frame as the device `self` proves to be. An unknown user id still gets a well-formed
 * reply, proved with a random key, so a stranger cannot tell which user ids a device knows; the client's
 * check then fails AUTH_FAILED. Fails PROTOCOL_ERROR for a malformed HELLO or another protocol version,
 * and AUTH_FAILED for an unusable public key; the device sends such failures back as an ERROR frame.
 */
export function acceptHandshake<I>(
  hello: Uint8Array,
  lookup: (userId: string) => { key: Uint8Array; identity: I } | undefined,
  random: RandomSource,
  self: DeviceProof,
): Result<{ reply: Uint8Array; pending: PendingServerSession<I> }> {
  const decoded = decodeHello(hello);
  if (!decoded.ok) return decoded;
  // Draw the decoy key every time, so known and unknown users cost the same work and randomness.
  const decoy = random.bytes(SECRET_BYTES);
  const known = lookup(decoded.value.user);
  const userKey = known ? new Uint8Array(known.key) : decoy;
  const own = ephemeralKeyPair(random.bytes(SECRET_BYTES));
  const nonce = random.bytes(NONCE_BYTES);
  const shared = agree(own.secret, decoded.value.pub);
  own.secret.fill(0);
  if (!shared) return rejected();
  const th = transcriptHash(hello, { pub: own.pub, nonce, info: self.info, cert: self.cert });
  const reply = encodeHelloReply({
    v: PROTOCOL_VERSION,
    pub: own.pub,
    nonce,
    info: self.info,
    cert: self.cert,
    sig: signTranscript(self.identitySeed, th),
    proof: deviceProof(userKey, th),
  });
  const keys = channelKeys(shared, userKey, th);
  // The evt channel starts with the reply, not with AUTH: a gate's listening session gets its events on it.
  // For an unknown user it is keyed from the decoy, so nobody can open what it seals.
  const evt = new SealingChannel(keys.evt, LABEL_EVT);
  let used = false;
  const pending: PendingServerSession<I> = {
    sealEvent: (plain) => evt.seal(FRAME_EVENT, plain),
    verifyAuth(frame) {
      if (used) return alreadyUsed();
      used = true;
      const c2d = new OpeningChannel(keys.c2d, LABEL_C2D);
      const opened = c2d.open(FRAME_AUTH, frame);
      // A client without the user key cannot seal AUTH under these keys: that is a wrong key, not line noise.
      if (!opened.ok) return opened.error.code === 'DECRYPT_FAILED' ? rejected() : opened;
      const body = decodeAuthBody(opened.value);
      if (!body.ok) return body;
      if (!known || !proofMatches(clientProof(userKey, th), body.value.proof)) return rejected();
      const d2c = new SealingChannel(keys.d2c, LABEL_D2C);
      const session: ServerSession = {
        openRequest: (request) => c2d.open(FRAME_SEALED, request),
        sealResponse: (plain) => d2c.seal(FRAME_SEALED, plain),
        sealEvent: (plain) => evt.seal(FRAME_EVENT, plain),
      };
      return ok({ session, identity: known.identity, firstRequest: body.value.req });
    },
  };
  return ok({ reply, pending });
}
