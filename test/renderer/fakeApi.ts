/** A fake FlussApi for slice and effect tests: per-channel handlers, a call log and event emission. */
import type { EventChannel, EventTypes, FlussApi, InvokeChannel, IpcResult, RequestOf, ResultOf } from '../../electron/ipc/contract';
import type { ErrorData } from '../../electron/protocol/errors';

type Handler<C extends InvokeChannel> = (request: RequestOf<C>) => IpcResult<ResultOf<C>> | Promise<IpcResult<ResultOf<C>>>;
export type Handlers = { [C in InvokeChannel]?: Handler<C> };

export interface FakeApi {
  api: FlussApi;
  calls: { channel: InvokeChannel; request: unknown }[];
  emit<E extends EventChannel>(channel: E, payload: EventTypes[E]): void;
  handle<C extends InvokeChannel>(channel: C, handler: Handler<C>): void;
}

export const ok = <T>(value: T): IpcResult<T> => ({ ok: true, value });
export const err = (code: ErrorData['code'], message: string, hint?: string): IpcResult<never> => ({
  ok: false,
  error: hint === undefined ? { code, message } : { code, message, hint },
});

export function fakeApi(handlers: Handlers = {}): FakeApi {
  // Harmless defaults for the reads effects make on their own (lists refresh after changes).
  const table: Handlers = {
    'codes.list': () => ok({ codes: [], deviceNow: 0, labels: {} }),
    'users.list': () => ok([]),
    'prefs.get': () => ok({ technicianName: '', showOtherDevices: false }),
    'app.status': () => ok({ transport: 'sim', simulated: true, siteName: 'Demo site', version: '0.1.0' }),
    ...handlers,
  };
  const calls: FakeApi['calls'] = [];
  const listeners = new Map<string, Set<(p: unknown) => void>>();
  const api = new Proxy({} as FlussApi, {
    get(_t, prop: string) {
      if (prop === 'on') {
        return (channel: string, l: (p: unknown) => void) => {
          const set = listeners.get(channel) ?? new Set();
          listeners.set(channel, set);
          set.add(l);
          return () => set.delete(l);
        };
      }
      if (prop === 'then') return undefined;
      return (request: unknown) => {
        calls.push({ channel: prop as InvokeChannel, request });
        const h = table[prop as InvokeChannel] as ((r: unknown) => unknown) | undefined;
        return Promise.resolve(h ? h(request) : ok(null));
      };
    },
  });
  return {
    api,
    calls,
    emit: (channel, payload) => {
      for (const l of listeners.get(channel) ?? []) l(payload);
    },
    handle: (channel, handler) => {
      (table as Record<string, unknown>)[channel] = handler;
    },
  };
}
