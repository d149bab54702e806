/**
 * The frames a browser sends the host, validated with zod before anything reads them (issue 9,
 * item 7: `{"id":1,"channel":{"toString":1}}` used to crash the host). A frame is either
 * `{ ready: true }` or a call `{ id, channel, request }`; anything else is answered as data.
 */
import { z } from 'zod';
import type { ErrorData } from '../protocol/errors';

const MAX_CHANNEL_LENGTH = 64;

const readyFrame = z.object({ ready: z.literal(true) }).strict();
const callFrame = z.object({
  id: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
  channel: z.string().min(1).max(MAX_CHANNEL_LENGTH),
  request: z.unknown(),
});
const anyId = z.object({ id: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER) });

export type Frame =
  | { kind: 'ready' }
  | { kind: 'call'; id: number; channel: string; request: unknown }
  /** Not a valid frame: answer `error`, by `id` when the frame had a usable one. */
  | { kind: 'invalid'; id?: number; error: ErrorData };

const HINT = 'This is a fault in the page, not in the device: reload it, and report it if it happens again.';

function invalid(message: string, id?: number): Frame {
  return { kind: 'invalid', ...(id === undefined ? {} : { id }), error: { code: 'INVALID_ARGUMENT', message, hint: HINT } };
}

/** Parses one text frame; never throws. */
export function parseFrame(text: string): Frame {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return invalid('The message to the Fluss+ service is not JSON.');
  }
  if (readyFrame.safeParse(json).success) return { kind: 'ready' };
  const call = callFrame.safeParse(json);
  if (call.success) return { kind: 'call', id: call.data.id, channel: call.data.channel, request: call.data.request };
  const id = anyId.safeParse(json);
  const issue = call.error.issues[0];
  const where = issue && issue.path.length > 0 ? ` (${issue.path.map(String).join('.')})` : '';
  return invalid(`The message to the Fluss+ service is not a valid call${where}: ${issue?.message ?? 'unknown problem'}.`, id.success ? id.data.id : undefined);
}
