/**
 * The boundary every IPC call crosses, in both hosts: the channel must be one of the contract's and the
 * payload must match its schema before a handler sees it; whatever happens, the caller gets an
 * IpcResult (errors as data, never a thrown error).
 */
import { requestSchemas, type InvokeChannel, type IpcResult, type RequestOf, type ResultOf } from '../ipc/contract';
import { toFlussError } from '../protocol/errors';

/** One handler per invoke channel. */
export type Handlers = { [C in InvokeChannel]: (request: RequestOf<C>) => Promise<IpcResult<ResultOf<C>>> };

export function isInvokeChannel(channel: unknown): channel is InvokeChannel {
  return typeof channel === 'string' && Object.hasOwn(requestSchemas, channel);
}

/** Validates `payload` for `channel` and runs its handler; never throws. */
export async function dispatch(handlers: Handlers, channel: unknown, payload: unknown): Promise<IpcResult<unknown>> {
  if (!isInvokeChannel(channel)) {
    // Not String(channel): an object whose toString is not a function would throw here (found by the fuzzer).
    const name = typeof channel === 'string' ? `"${channel.slice(0, 60)}"` : `A ${typeof channel} value`;
    return invalid(`${name} is not a channel of this app.`);
  }
  const parsed = requestSchemas[channel].safeParse(payload);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? ` at ${issue.path.join('.')}` : '';
    return invalid(`The request to ${channel} is not valid${where}: ${issue?.message ?? 'unknown problem'}.`);
  }
  try {
    const handler = handlers[channel] as (request: unknown) => Promise<IpcResult<unknown>>;
    return await handler(parsed.data);
  } catch (error) {
    return { ok: false, error: toFlussError(error).toData() };
  }
}

function invalid(message: string): IpcResult<never> {
  return { ok: false, error: { code: 'INVALID_ARGUMENT', message, hint: 'This is a fault in the app, not in the device: please report it.' } };
}
