/**
 * The only module that touches a bridge (../shared/STYLE.md): `window.fluss` in Electron (exposed by the
 * preload), otherwise the browser host's WebSocket bridge. Tests swap in a fake with `setApi`.
 */
import type { ErrorData } from '@protocol/errors';
import type { FlussApi, InvokeChannel, IpcResult, RequestOf, ResultOf } from '@ipc/contract';
import { createWsBridge, ipcUrl, type BridgeStatus } from './bridge/wsBridge';

export type { BridgeStatus };

declare global {
  interface Window {
    fluss?: FlussApi;
  }
}

let current: FlussApi | undefined;
let markReady: () => void = () => undefined;
const statusListeners = new Set<(status: BridgeStatus) => void>();

function connectBridge(): FlussApi {
  if (typeof window !== 'undefined' && window.fluss) return window.fluss;
  const bridge = createWsBridge(ipcUrl(window.location));
  markReady = () => bridge.ready();
  bridge.onStatus((s) => {
    for (const l of statusListeners) l(s);
  });
  return bridge.api;
}

/** The bridge in use, chosen on first use. */
export function getApi(): FlussApi {
  current ??= connectBridge();
  return current;
}

/** Replaces the bridge (unit tests pass a fake FlussApi; `undefined` chooses again on next use). */
export function setApi(api: FlussApi | undefined): void {
  current = api;
  markReady = () => undefined;
}

/** Tells the host every event listener is attached (the WebSocket bridge holds events until then). */
export function announceReady(): void {
  getApi();
  markReady();
}

/** Connection state of the bridge itself (only the WebSocket bridge can drop). */
export function onBridgeStatus(listener: (status: BridgeStatus) => void): () => void {
  statusListeners.add(listener);
  return () => statusListeners.delete(listener);
}

const thrown = (e: unknown): ErrorData => ({
  code: 'INTERNAL',
  message: `The request could not be sent: ${e instanceof Error ? e.message : String(e)}`,
  hint: 'Try again; if it keeps happening, restart the app.',
});

/** Calls one channel; a bridge that throws (it should not) becomes an error result, never a rejection. */
export async function call<C extends InvokeChannel>(channel: C, request: RequestOf<C>): Promise<IpcResult<ResultOf<C>>> {
  const method = getApi()[channel] as (request: RequestOf<C>) => Promise<IpcResult<ResultOf<C>>>;
  try {
    const result = await method(request);
    if (typeof result !== 'object' || (result as unknown) === null) {
      // The technician never reads a channel name: the answer is the app's own fault, so say that.
      return { ok: false, error: { code: 'PROTOCOL_ERROR', message: 'The app got no valid answer from its Fluss+ service.', hint: 'Try again; if it keeps happening, restart the app.' } };
    }
    return result;
  } catch (e) {
    return { ok: false, error: thrown(e) };
  }
}
