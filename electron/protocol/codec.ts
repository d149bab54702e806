/**
 * Application messages to and from bytes (docs/protocol.md, "Messages"): CBOR in the protocol's profile
 * (cbor.ts), validated with the schemas of messages.ts. Decoders never throw; what they return is
 * well-formed, so code above this layer never handles raw wire data.
 */
import type { z } from 'zod';
import { encodeCbor } from './cbor';
import type { Result } from './errors';
import {
  deviceEventSchema,
  deviceInfoSchema,
  requestSchema,
  responseSchema,
  resultSchemas,
  type DeviceEvent,
  type DeviceInfo,
  type Op,
  type Request,
  type Response,
  type ResultOf,
} from './messages';
import { decodeWith, validate } from './validation';

/** CBOR bytes of a request (the plaintext of a sealed c2d frame). */
export function encodeRequest(request: Request): Uint8Array {
  return encodeCbor(request);
}

/** A validated request, or PROTOCOL_ERROR. */
export function decodeRequest(bytes: Uint8Array): Result<Request> {
  return decodeWith(requestSchema, bytes, 'request');
}

/** CBOR bytes of a response (the plaintext of a sealed d2c frame). */
export function encodeResponse(response: Response): Uint8Array {
  return encodeCbor(response);
}

/** A validated response envelope, or PROTOCOL_ERROR. Its `result` is still unchecked: see decodeResult. */
export function decodeResponse(bytes: Uint8Array): Result<Response> {
  return decodeWith(responseSchema, bytes, 'response');
}

/** The result of a successful response, validated against the op the client asked, or PROTOCOL_ERROR. */
export function decodeResult<O extends Op>(op: O, result: unknown): Result<ResultOf<O>> {
  // resultSchemas[op] is the schema of ResultOf<O>; TypeScript cannot follow the indexed access through safeParse.
  const schema: z.ZodType = resultSchemas[op];
  return validate(schema, result, `${op} result`) as Result<ResultOf<O>>;
}

/** CBOR bytes of a live event (the plaintext of a sealed evt frame). */
export function encodeEvent(event: DeviceEvent): Uint8Array {
  return encodeCbor(event);
}

/** A validated event, or PROTOCOL_ERROR. */
export function decodeEvent(bytes: Uint8Array): Result<DeviceEvent> {
  return decodeWith(deviceEventSchema, bytes, 'event');
}

/** CBOR bytes of the info characteristic's value. */
export function encodeInfo(info: DeviceInfo): Uint8Array {
  return encodeCbor(info);
}

/** The info characteristic's value, validated, or PROTOCOL_ERROR. */
export function decodeInfo(bytes: Uint8Array): Result<DeviceInfo> {
  return decodeWith(deviceInfoSchema, bytes, 'device info');
}
