/**
 * State-changing requests that never apply twice (docs/protocol.md, "Retries and outcomes"; link issue #8,
 * item 4). Each carries a request id; when its reply does not come (the link dropped, or no answer in time)
 * the session reconnects and sends the same request with the same id, and the device answers with its
 * first reply without acting again. "No response is not proof it did not execute."
 */
import type { ArgsOf, ResultOf } from '../protocol/messages';
import type { OperationOptions } from './deadline';
import type { IntercomSession } from './deviceSession';
import type { SessionKeeper } from './sessionKeeper';
import { FlussError } from '../protocol/errors';
import { isLinkLoss } from './linkLoss';
import { peerStoppedAnswering } from './linkWords';

export { newRequestId } from './requestId';

/** The ops the device remembers by request id. */
export type RememberedOp = 'settings.set' | 'codes.create' | 'codes.revoke' | 'users.add' | 'users.remove' | 'claim';

/** How many times a request is sent before its outcome is given up as unknown. */
export const ATTEMPTS = 3;

/** After a supervision timeout: one reconnect this quick, to tell a blip from a device that is gone. */
const QUICK_RECONNECT_MS = 3_000;

/** Link losses after which the device did not answer a quick reconnect at all: it is gone for now. */
const unreachable = new WeakSet<object>();

/**
 * Whether `error` ended a request because the device stopped answering and then did not answer a quick
 * reconnect either (no link could be made): reading back now is pointless (confirmedChange.ts).
 */
export function deviceUnreachable(error: unknown): boolean {
  return typeof error === 'object' && error !== null && unreachable.has(error);
}

/** Where a retried request is: sent the first time, or sent again after a lost reply. */
export interface RetryProgress {
  phase: 'writing' | 'retrying';
  attempt: number;
}

/**
 * Sends `op` with `args` (which carry a request id), reconnecting and sending it again with the same id
 * while the reply is lost, at most ATTEMPTS times. Throws the last link error when the outcome stays
 * unknown: the caller then reads back what the device holds.
 */
export async function idempotentRequest<O extends RememberedOp>(
  keeper: SessionKeeper<IntercomSession>,
  op: O,
  args: ArgsOf<O>,
  options: OperationOptions & { onProgress?: (progress: RetryProgress) => void } = {},
): Promise<ResultOf<O>> {
  for (let attempt = 1; ; attempt++) {
    options.onProgress?.({ phase: attempt === 1 ? 'writing' : 'retrying', attempt });
    try {
      if (!keeper.session.connected) await keeper.reconnect(options);
      return await keeper.session.request(op, args, options);
    } catch (error) {
      if (!isLinkLoss(error) || attempt >= ATTEMPTS || options.signal?.aborted) throw error;
      if (peerStoppedAnswering(error)) {
        // The device stopped answering: a weak-signal blip reconnects at once, a device that is gone does
        // not, and then the technician hears so now (and their Reconnect, with the same request id if they
        // try again, settles what it holds) rather than after every backoff step.
        await keeper.reconnect({ ...options, timeoutMs: QUICK_RECONNECT_MS }, { once: true }).catch((reconnectError: unknown) => {
          // No answer at all (not a link made and lost again): the device is gone for now.
          if (reconnectError instanceof FlussError && reconnectError.code === 'TIMEOUT' && error instanceof Error) unreachable.add(error);
          throw error;
        });
      }
    }
  }
}
