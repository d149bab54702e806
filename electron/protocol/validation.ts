/**
 * CBOR bytes to schema-checked values, with failures worded for a technician and free of payload text.
 */
import type { z } from 'zod';
import { decodeCbor } from './cbor';
import { fail, ok, type Result } from './errors';

/** `value` checked against `schema`, or PROTOCOL_ERROR naming the first problem. */
export function validate<T>(schema: z.ZodType<T>, value: unknown, what: string): Result<T> {
  const parsed = schema.safeParse(value);
  return parsed.success ? ok(parsed.data) : fail('PROTOCOL_ERROR', summarise(what, parsed.error));
}

/** The one CBOR value in `bytes`, checked against `schema`, or PROTOCOL_ERROR. Never throws. */
export function decodeWith<T>(schema: z.ZodType<T>, bytes: Uint8Array, what: string): Result<T> {
  const decoded = decodeCbor(bytes, what);
  return decoded.ok ? validate(schema, decoded.value, what) : decoded;
}

/**
 * The first schema issue, in words: where and what. Field names from the peer are shown only when they
 * look like identifiers, and unknown keys are counted, not named, so no payload text reaches a message;
 * the result stays well under the 300 characters an ErrorData message may carry.
 */
function summarise(what: string, error: z.ZodError): string {
  const issue = error.issues[0];
  if (issue === undefined) return `The ${what} is invalid.`;
  const path = issue.path
    .slice(0, 8)
    .map((key) =>
      typeof key === 'number' || (typeof key === 'string' && /^[A-Za-z][\w-]{0,31}$/.test(key))
        ? String(key)
        : '?',
    );
  const where = path.length > 0 ? ` at ${path.join('.')}` : '';
  return `The ${what} is invalid${where}: ${describeIssue(issue)}.`;
}

function describeIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === 'unrecognized_keys')
    return issue.keys.length === 1 ? 'an unexpected field' : `${issue.keys.length} unexpected fields`;
  // Union messages list every alternative (all 15 ops): too long to help anyone.
  if (issue.code === 'invalid_union') return 'matches none of the allowed forms';
  return issue.message.length > 120 ? `${issue.message.slice(0, 117)}...` : issue.message;
}
