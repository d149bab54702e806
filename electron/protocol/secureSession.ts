/**
 * Application-layer security (docs/protocol.md, "Handshake and key schedule"). noble's HCI path can only
 * pair Just Works, which authenticates nobody, so the link is treated as public: both ends prove they hold
 * the user key, and every message after the handshake is sealed with per-session, per-direction keys.
 *
 * Client: startClientHandshake → write `hello` → finish(reply) → write `auth` → sealRequest / openResponse.
 * Device: acceptHandshake(hello) → notify `reply` → verifyAuth(auth) → openRequest / sealResponse / sealEvent.
 */
import { randomBytes } from 'node:crypto';
import { fail, ok, type Result } from './errors';
import { PROTOCOL_VERSION } from './gattProfile';
import {
  decodeAuthBody,
  decodeErrorFrame,
  decodeHello,
  decodeHelloReply,
  encodeAuthBody,
  encodeHello,
  encodeHelloReply,
  FRAME_AUTH,
  FRAME_ERROR,
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

/** The client's half of a handshake in progress. Single use: `finish` may be called once. */
export interface ClientHandshake {
  /** The HELLO frame to write. */
  readonly hello: Uint8Array;
  /**
   * Checks the device's reply. ok: the session, and the AUTH frame to write before any request.
   * A reply that is an ERROR frame fails with the device's ErrorData; a wrong proof fails AUTH_FAILED.
   */
  finish(reply: Uint8Array): Result<{ session: ClientSession; auth: Uint8Array }>;
}

/** An established session, as the app sees it. A failed open leaves the session as it was. */
export interface ClientSession {
  /** A SEALED frame on c2d. Throws PROTOCOL_ERROR once the counter is exhausted (reconnect). */
  sealRequest(plain: Uint8Array): Uint8Array;
  /**
   * The plaintext of a d2c frame. Until the first response has opened, an ERROR frame fails with the
   * device's ErrorData (the device refused AUTH); after that, an ERROR frame is a PROTOCOL_ERROR.
   */
  openResponse(frame: Uint8Array): Result<Uint8Array>;
  /** The plaintext of an evt frame. */
  openEvent(frame: Uint8Array): Result<Uint8Array>;
}

/** The device's half of a handshake, awaiting the client's AUTH frame. Single use. */
export interface PendingServerSession<I> {
  /** ok only when the AUTH frame proves the user key; the identity is then the looked-up user's. */
  verifyAuth(frame: Uint8Array): Result<{ session: ServerSession; identity: I }>;
}

/** An authenticated session, as the device sees it. */
export interface ServerSession {
  openRequest(frame: Uint8Array): Result<Uint8Array>;
  sealResponse(plain: Uint8Array): Uint8Array;
  sealEvent(plain: Uint8Array): Uint8Array;
}

const SECRET_BYTES = 32;

const rejected = <T>(): Result<T> =>
  fail(
    'AUTH_FAILED',
    'The device did not accept this key.',
    'Check that this is the right device and that your access was not removed; an unclaimed intercom takes its setup key.',
  );

const alreadyUsed = <T>(): Result<T> => fail('PROTOCOL_ERROR', 'This handshake step has already run.');

/** Starts a handshake as `cred`. */
export function startClientHandshake(cred: Credential, random: RandomSource): ClientHandshake {
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
    finish(reply) {
      // A second finish would derive the same keys again and reuse nonces: refuse it.
      if (used) return alreadyUsed();
      used = true;
      if (frameType(reply) === FRAME_ERROR) {
        const refusal = decodeErrorFrame(reply);
        return refusal.ok ? { ok: false, error: refusal.value } : refusal;
      }
      const decoded = decodeHelloReply(reply);
      if (!decoded.ok) return decoded;
      const shared = agree(own.secret, decoded.value.pub);
      own.secret.fill(0);
      const th = transcriptHash(hello, decoded.value.pub, decoded.value.nonce);
      if (!shared || !proofMatches(deviceProof(userKey, th), decoded.value.proof)) return rejected();
      const keys = channelKeys(shared, userKey, th);
      const c2d = new SealingChannel(keys.c2d, LABEL_C2D);
      const d2c = new OpeningChannel(keys.d2c, LABEL_D2C);
      const evt = new OpeningChannel(keys.evt, LABEL_EVT);
      // AUTH is c2d counter 1; requests follow from 2.
      const auth = c2d.seal(FRAME_AUTH, encodeAuthBody(clientProof(userKey, th)));
      const session: ClientSession = {
        sealRequest: (plain) => c2d.seal(FRAME_SEALED, plain),
        openResponse(frame) {
          if (frameType(frame) === FRAME_ERROR && d2c.opened === 0) {
            const refusal = decodeErrorFrame(frame);
            return refusal.ok ? { ok: false, error: refusal.value } : refusal;
          }
          return d2c.open(FRAME_SEALED, frame);
        },
        openEvent: (frame) => evt.open(FRAME_SEALED, frame),
      };
      return ok({ session, auth });
    },
  };
}

/**
 * Answers a HELLO frame. An unknown user id still gets a well-formed reply, proved with a random key,
 * so a stranger cannot tell which user ids a device knows; the client's check then fails AUTH_FAILED.
 * Fails PROTOCOL_ERROR for a malformed HELLO or another protocol version, and AUTH_FAILED for an
 * unusable public key; the device sends such failures back as an ERROR frame.
 */
export function acceptHandshake<I>(
  hello: Uint8Array,
  lookup: (userId: string) => { key: Uint8Array; identity: I } | undefined,
  random: RandomSource,
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
  const th = transcriptHash(hello, own.pub, nonce);
  const reply = encodeHelloReply({
    v: PROTOCOL_VERSION,
    pub: own.pub,
    nonce,
    proof: deviceProof(userKey, th),
  });
  const keys = channelKeys(shared, userKey, th);
  let used = false;
  const pending: PendingServerSession<I> = {
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
      const evt = new SealingChannel(keys.evt, LABEL_EVT);
      const session: ServerSession = {
        openRequest: (request) => c2d.open(FRAME_SEALED, request),
        sealResponse: (plain) => d2c.seal(FRAME_SEALED, plain),
        sealEvent: (plain) => evt.seal(FRAME_SEALED, plain),
      };
      return ok({ session, identity: known.identity });
    },
  };
  return ok({ reply, pending });
}
