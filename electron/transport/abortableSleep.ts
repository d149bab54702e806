import { FlussError } from '../protocol/errors';

/** Waits `ms` (0 yields to the event loop once); rejects with ABORTED as soon as the signal fires. */
export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(abortReason(signal));
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortReason(signal));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

function abortReason(signal: AbortSignal | undefined): FlussError {
  const reason: unknown = signal?.reason;
  return reason instanceof FlussError ? reason : new FlussError('ABORTED', 'The operation was cancelled.');
}
