/**
 * The frames of the secure session (docs/protocol.md, "Frame types"): one type byte first in every
 * reassembled message, then CBOR (clear frames) or a sealed body.
 */
import { z } from 'zod';
import { concatBytes } from './bytes';
import { decodeCbor, encodeCbor } from './cbor';
import { fail, type ErrorData, type Result } from './errors';
import { CERT_BYTES } from './deviceIdentity';
import { MAX_MESSAGE_BYTES, PROTOCOL_VERSION } from './gattProfile';
import { SIGNATURE_BYTES } from './nativeCurves';
import { NONCE_BYTES, PROOF_BYTES, PUBLIC_KEY_BYTES } from './keySchedule';
import { errorDataSchema, userIdSchema } from './messages';
import { decodeWith, validate } from './validation';

export const FRAME_HELLO = 0x01;
export const FRAME_HELLO_REPLY = 0x02;
export const FRAME_AUTH = 0x03;
export const FRAME_SEALED = 0x10;
export const FRAME_EVENT = 0x11;
export const FRAME_ERROR = 0x7f;

/** The type byte of a frame, or undefined for an empty one. */
export function frameType(frame: Uint8Array): number | undefined {
  return frame[0];
}

const bytes = (n: number) => z.instanceof(Uint8Array).refine((b) => b.length === n, `must be ${n} bytes`);
const someBytes = (max: number) => z.instanceof(Uint8Array).refine((b) => b.length >= 1 && b.length <= max, `must be 1 to ${max} bytes`);
/** DeviceInfo is a few short strings: 512 bytes is far more than it needs, and bounds what a peer can send. */
const MAX_INFO_BYTES = 512;

/** `v` is checked on its own first, so a version mismatch gets its own message. */
const versioned = z.looseObject({ v: z.number() });
const helloSchema = z.strictObject({
  v: z.literal(PROTOCOL_VERSION),
  user: userIdSchema,
  pub: bytes(PUBLIC_KEY_BYTES),
  nonce: bytes(NONCE_BYTES),
});
const helloReplySchema = z.strictObject({
  v: z.literal(PROTOCOL_VERSION),
  pub: bytes(PUBLIC_KEY_BYTES),
  nonce: bytes(NONCE_BYTES),
  info: someBytes(MAX_INFO_BYTES),
  cert: bytes(CERT_BYTES),
  sig: bytes(SIGNATURE_BYTES),
  proof: bytes(PROOF_BYTES),
});
const authSchema = z.strictObject({ proof: bytes(PROOF_BYTES), req: someBytes(MAX_MESSAGE_BYTES) });

/** HELLO, client to device: who the client claims to be, and its ephemeral key. */
export interface Hello {
  v: number;
  user: string;
  pub: Uint8Array;
  nonce: Uint8Array;
}

/**
 * HELLO_REPLY, device to client: the device's ephemeral key, its info and certificate (as the bytes that
 * enter the transcript), its identity signature and its proof of the user key.
 */
export interface HelloReply {
  v: number;
  pub: Uint8Array;
  nonce: Uint8Array;
  info: Uint8Array;
  cert: Uint8Array;
  sig: Uint8Array;
  proof: Uint8Array;
}

/** The plaintext of AUTH: the client's proof, and the session's first request (CBOR Request bytes). */
export interface AuthBody {
  proof: Uint8Array;
  req: Uint8Array;
}

export function encodeHello(hello: Hello): Uint8Array {
  return withType(FRAME_HELLO, encodeCbor(hello));
}

export function decodeHello(frame: Uint8Array): Result<Hello> {
  return decodeClear(frame, FRAME_HELLO, helloSchema, 'HELLO frame');
}

export function encodeHelloReply(reply: HelloReply): Uint8Array {
  return withType(FRAME_HELLO_REPLY, encodeCbor(reply));
}

export function decodeHelloReply(frame: Uint8Array): Result<HelloReply> {
  return decodeClear(frame, FRAME_HELLO_REPLY, helloReplySchema, 'HELLO_REPLY frame');
}

/** The plaintext of an AUTH frame. */
export function encodeAuthBody(body: AuthBody): Uint8Array {
  return encodeCbor({ proof: body.proof, req: body.req });
}

export function decodeAuthBody(plain: Uint8Array): Result<AuthBody> {
  return decodeWith(authSchema, plain, 'AUTH frame');
}

/** An ERROR frame: the device's refusal, in clear, before a session is authenticated. */
export function encodeErrorFrame(error: ErrorData): Uint8Array {
  return withType(FRAME_ERROR, encodeCbor(error));
}

/**
 * The ErrorData an ERROR frame carries, or PROTOCOL_ERROR. The frame is not authenticated: treat its
 * content as the device's word only before a session exists.
 */
export function decodeErrorFrame(frame: Uint8Array): Result<ErrorData> {
  return decodeClear(frame, FRAME_ERROR, errorDataSchema, 'ERROR frame');
}

function withType(type: number, body: Uint8Array): Uint8Array {
  return concatBytes(Uint8Array.of(type), body);
}

function decodeClear<T>(frame: Uint8Array, type: number, schema: z.ZodType<T>, what: string): Result<T> {
  if (frame[0] !== type) return fail('PROTOCOL_ERROR', `Expected a ${what}.`);
  const decoded = decodeCbor(frame.subarray(1), what);
  if (!decoded.ok) return decoded;
  const version = versioned.safeParse(decoded.value);
  if (version.success && version.data.v !== PROTOCOL_VERSION) {
    return fail(
      'PROTOCOL_ERROR',
      `The peer speaks Fluss+ protocol version ${version.data.v}; this side speaks version ${PROTOCOL_VERSION}.`,
      'Update the app or the device firmware so both speak the same version.',
    );
  }
  return validate(schema, decoded.value, what);
}
