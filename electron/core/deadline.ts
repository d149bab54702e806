/**
 * Every BLE and GATT operation is bounded: noble has no timeouts of its own, and a peer whose host died
 * leaves a request pending forever (../shared/ble-notes.md). The Core Spec's ATT transaction timeout is
 * 30 s (Vol 3 Part F 3.3.3); a technician should hear far sooner, so the defaults below are much shorter.
 */
import { FlussError, toFlussError } from '../protocol/errors';

export const TIMEOUTS = {
  connectMs: 10_000,
  requestMs: 8_000,
  readMs: 5_000,
  /** Firing a gate includes the intercom's own wait for the gate's relay confirmation. */
  gateEventMs: 6_000,
} as const;

export interface OperationOptions {
  signal?: AbortSignal;
  timeoutMs?: number;
}

/**
 * Runs `operation` with a signal that aborts when the caller's signal does or the time runs out, and
 * turns either into a FlussError (ABORTED or TIMEOUT naming `what`). The operation must honour the signal.
 */
export async function bounded<T>(
  what: string,
  timeoutMs: number,
  callerSignal: AbortSignal | undefined,
  operation: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  if (callerSignal?.aborted) throw new FlussError('ABORTED', `${capitalise(what)} was cancelled.`);
  const timeout = new FlussError(
    'TIMEOUT',
    `${capitalise(what)} did not finish within ${formatSeconds(timeoutMs)}.`,
    'Check the device has power and is in range, then try again.',
  );
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(timeout), timeoutMs);
  const onCallerAbort = () => controller.abort(new FlussError('ABORTED', `${capitalise(what)} was cancelled.`));
  callerSignal?.addEventListener('abort', onCallerAbort, { once: true });
  try {
    return await new Promise<T>((resolve, reject) => {
      // Settle on abort even if the operation ignores its signal: nothing may hang.
      controller.signal.addEventListener('abort', () => reject(toFlussError(controller.signal.reason)), { once: true });
      operation(controller.signal).then(resolve, (error: unknown) => reject(toFlussError(error)));
    });
  } finally {
    clearTimeout(timer);
    callerSignal?.removeEventListener('abort', onCallerAbort);
  }
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function formatSeconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`;
}
