/**
 * A state-changing request whose outcome the technician is always told (link issue #8, item 4): sent with
 * a request id and sent again with the same id while its reply is lost (idempotentRequest.ts); when every
 * retry's link is lost too, the device is reached once more and read back (readBacks.ts). The answer is
 * then the truth: the request's result if the device holds the change, else an error that says what the
 * device holds, or, if it cannot be reached at all, that the outcome is unknown and how to find out.
 */
import type { ArgsOf, ResultOf } from '../protocol/messages';
import type { OperationOptions } from './deadline';
import type { IntercomSession } from './deviceSession';
import { ATTEMPTS, deviceUnreachable, idempotentRequest, type RetryProgress } from './idempotentRequest';
import { isLinkLoss } from './linkLoss';
import { notDoneError, outcomeUnknownError } from './linkWords';
import { READ_BACKS, type ReadBack } from './readBacks';
import type { SessionKeeper } from './sessionKeeper';

export type ConfirmableOp = keyof typeof READ_BACKS;

/** A create whose outcome is unknown may have made a code nobody has seen: the technician is told where to look. */
const UNSEEN_CODE = 'It may hold a new code this app could not show: open the codes and revoke any you do not recognise.';

/**
 * Sends `op` (its args carry a request id) until it is answered, and returns its result; when the outcome
 * stays unknown after every retry, reads back what the device holds and returns the result (the change is
 * there) or throws DISCONNECTED naming what the device holds instead.
 * @throws FlussError the device's refusal as it gave it; DISCONNECTED when the change is not on the device
 * (the message says what is) or when the device could not be reached to check.
 */
export async function confirmedChange<O extends ConfirmableOp>(
  keeper: SessionKeeper<IntercomSession>,
  op: O,
  args: ArgsOf<O>,
  options: OperationOptions & { onProgress?: (progress: RetryProgress) => void } = {},
): Promise<ResultOf<O>> {
  try {
    return await idempotentRequest(keeper, op, args, options);
  } catch (error) {
    if (!isLinkLoss(error) || options.signal?.aborted) throw error;
    const label = keeper.session.label;
    // The device did not answer a quick reconnect: it is gone for now, and the technician hears so now.
    if (deviceUnreachable(error)) throw outcomeUnknownError(label, op, op === 'codes.create' ? UNSEEN_CODE : '', error);
    const readBack = READ_BACKS[op] as ReadBack<O>;
    const found = await retryOnLinkLoss(keeper, options, () => readBack(keeper.session, args, options)).catch((readError: unknown) => {
      if (!isLinkLoss(readError) || options.signal?.aborted) throw readError;
      throw outcomeUnknownError(label, op, op === 'codes.create' ? UNSEEN_CODE : '', error);
    });
    if (found.applied) return found.result;
    throw notDoneError(label, op, found.holds, error);
  }
}

/**
 * Runs a read-only `job` (or a request the device answers from memory), reconnecting patiently (and
 * re-authenticating) and running it again when the link is lost, at most ATTEMPTS times.
 */
export async function retryOnLinkLoss<T>(keeper: SessionKeeper<IntercomSession>, options: OperationOptions, job: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      if (!keeper.session.connected) await keeper.reconnect(options);
      return await job();
    } catch (error) {
      if (!isLinkLoss(error) || attempt >= ATTEMPTS || options.signal?.aborted) throw error;
    }
  }
}
