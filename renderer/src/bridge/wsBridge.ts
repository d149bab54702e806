/**
 * The browser host's bridge: the IPC contract carried over a WebSocket (issue 4, section 3).
 *
 * Wire format: the page is served at `http://127.0.0.1:PORT/?token=TOKEN`; the host sets the token as
 * an HttpOnly cookie with the page, and the bridge takes the token out of the address bar
 * (`history.replaceState`: not shown, bookmarked or shared in a screenshot; a reload goes by the
 * cookie). We connect to `ws://<host>/ipc` (with `?token=` while we still know it), send
 * `{ id, channel, request }`, receive `{ id, result }` (an IpcResult) and events `{ event, payload }`.
 * `{ ready: true }` tells the host our event listeners are attached, so it may start sending events
 * (electron/fiddle: main holds messages until the renderer is ready).
 * A dropped socket is reported through `onStatus` and reconnects with back-off; calls in flight resolve
 * with a DISCONNECTED error instead of hanging. A refused token is final (issue 10, bug 4.2): a host
 * that restarted has a new token, and retrying the old one forever helps nobody. The host refuses
 * before the upgrade (401), which a browser's WebSocket cannot see, so after a failed connect the
 * bridge asks the same address over HTTP; a close with code 1008 means the same.
 */
import type { EventChannel, EventTypes, FlussApi, InvokeChannel, IpcResult } from '@ipc/contract';

export type BridgeStatus =
  | { status: 'connecting' }
  | { status: 'open' }
  | { status: 'lost'; attempt: number; retryInMs: number }
  | { status: 'failed'; message: string }
  /** Final: the host refused our token (it restarted, or the address is incomplete). No more retries. */
  | { status: 'refused'; message: string };

/** Every invoke channel; the Record type makes the compiler check the list is complete. */
const CHANNELS: Record<InvokeChannel, true> = {
  'app.status': true,
  'scan.start': true,
  'scan.stop': true,
  'device.info': true,
  'intercom.open': true,
  'intercom.close': true,
  'settings.get': true,
  'settings.save': true,
  'codes.list': true,
  'codes.create': true,
  'codes.revoke': true,
  'gate.identify': true,
  'codes.label': true,
  'report.save': true,
  'report.key': true,
  'diagnostics.save': true,
  'testFire.start': true,
  'testFire.cancel': true,
  'setup.claim': true,
  'commission.get': true,
  'commission.start': true,
  'commission.gates': true,
  'users.list': true,
  'users.add': true,
  'users.remove': true,
  'access.inspect': true,
  'access.import': true,
  'audit.read': true,
  'site.list': true,
  'site.checkAll': true,
  'prefs.get': true,
  'prefs.set': true,
};

/** A call waits this long for the socket to (re)open before it fails. */
const CONNECT_WAIT_MS = 15_000;
const MAX_BACKOFF_MS = 5_000;
/** WebSocket close code "policy violation": what a host says to a wrong or missing token. */
const CLOSE_POLICY = 1008;

/**
 * Shown as is, in full, by the page's banner (issue 10, bug 4.6: the banner said its first sentence twice
 * and showed a developer command to users).
 */
export const UNREACHABLE_MESSAGE =
  'The Fluss+ service does not answer. Check that it is still running; this page keeps trying, and if the service was restarted, open the new address it printed.';

export const REFUSED_MESSAGE = 'This address is no longer valid: the Fluss+ service was restarted. Open the new address it printed.';

/** What the host says to an HTTP GET of the socket's address (see electron/host/server.ts). */
export type ProbeAnswer = 'refused' | 'full' | 'accepted' | 'unreachable';

export interface BridgeOptions {
  /** Asks the host whether it would take this socket (default: fetch the same address over HTTP). */
  probe?: (socketUrl: string) => Promise<ProbeAnswer>;
  /** Removes the token from the address bar (default: history.replaceState in a browser). */
  forgetToken?: () => void;
}

export interface WsBridge {
  api: FlussApi;
  /** Call once every event listener is attached; re-sent on every reconnect. */
  ready(): void;
  onStatus(listener: (status: BridgeStatus) => void): () => void;
  /** Closes the socket for good (tests, hot reload): no reconnect, later calls fail as DISCONNECTED. */
  close(): void;
}

interface Pending {
  resolve: (result: IpcResult<unknown>) => void;
  timer: ReturnType<typeof setTimeout> | undefined;
}

const refused = (): IpcResult<never> => ({
  ok: false,
  error: { code: 'NOT_AUTHORIZED', message: REFUSED_MESSAGE, hint: 'Open the new address the Fluss+ service printed when it started.' },
});

const disconnected = (): IpcResult<never> => ({
  ok: false,
  error: {
    code: 'DISCONNECTED',
    message: 'The connection to the Fluss+ service dropped before it answered.',
    hint: 'Wait for the app to reconnect, then try again.',
  },
});

/**
 * Where the socket lives, from the page's own address: same host, the token from the query string
 * when it is there (after a reload it is not, and the cookie carries it).
 */
export function ipcUrl(location: { host: string; search: string; protocol: string }): string {
  const token = new URLSearchParams(location.search).get('token');
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  return `${scheme}://${location.host}/ipc${token ? `?token=${encodeURIComponent(token)}` : ''}`;
}

/** The page's address without its token, or undefined when it has none. */
export function addressWithoutToken(href: string): string | undefined {
  const url = new URL(href);
  if (!url.searchParams.has('token')) return undefined;
  url.searchParams.delete('token');
  return `${url.pathname}${url.search}${url.hash}`;
}

function forgetTokenInAddressBar(): void {
  if (typeof window === 'undefined' || typeof window.history === 'undefined') return;
  const clean = addressWithoutToken(window.location.href);
  if (clean !== undefined) window.history.replaceState(window.history.state, '', clean);
}

/** GET of the socket's address: 401/403 means our token is not (or no longer) this host's. */
async function probeOverHttp(socketUrl: string): Promise<ProbeAnswer> {
  try {
    const response = await fetch(socketUrl.replace(/^ws/, 'http'), { credentials: 'same-origin', cache: 'no-store' });
    if (response.status === 401 || response.status === 403) return 'refused';
    return response.status === 503 ? 'full' : 'accepted';
  } catch {
    return 'unreachable';
  }
}

export function createWsBridge(url: string, makeSocket: (url: string) => WebSocket = (u) => new WebSocket(u), options: BridgeOptions = {}): WsBridge {
  const probe = options.probe ?? probeOverHttp;
  (options.forgetToken ?? forgetTokenInAddressBar)();
  let socket: WebSocket | undefined;
  let open = false;
  let final = false;
  let closed = false;
  let isReady = false;
  let nextId = 1;
  let attempt = 0;
  const pending = new Map<number, Pending>();
  const queue: string[] = [];
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const statusListeners = new Set<(status: BridgeStatus) => void>();

  const emitStatus = (status: BridgeStatus) => {
    for (const l of statusListeners) l(status);
  };

  const onMessage = (raw: unknown) => {
    if (typeof raw !== 'string') return;
    let msg: unknown;
    try {
      msg = JSON.parse(raw);
    } catch {
      return;
    }
    if (typeof msg !== 'object' || msg === null) return;
    const m = msg as { id?: unknown; result?: unknown; event?: unknown; payload?: unknown };
    if (typeof m.id === 'number') {
      const p = pending.get(m.id);
      if (!p) return;
      pending.delete(m.id);
      if (p.timer) clearTimeout(p.timer);
      p.resolve(m.result as IpcResult<unknown>);
    } else if (typeof m.event === 'string') {
      for (const l of listeners.get(m.event) ?? []) l(m.payload);
    }
  };

  const connect = () => {
    emitStatus({ status: 'connecting' });
    const ws = makeSocket(url);
    socket = ws;
    ws.onopen = () => {
      open = true;
      attempt = 0;
      emitStatus({ status: 'open' });
      if (isReady) ws.send(JSON.stringify({ ready: true }));
      for (const frame of queue.splice(0)) ws.send(frame);
    };
    ws.onmessage = (e: MessageEvent) => onMessage(e.data);
    ws.onclose = (event: CloseEvent) => {
      const wasOpen = open;
      open = false;
      if (socket !== ws || closed) return;
      // Calls already sent will never be answered by this socket: fail them now, never hang.
      for (const [id, p] of pending) {
        if (p.timer === undefined) {
          pending.delete(id);
          p.resolve(disconnected());
        }
      }
      if (event.code === CLOSE_POLICY) {
        refuse();
        return;
      }
      if (wasOpen) {
        retry(false);
        return;
      }
      // Never opened: ask why, since a refusal before the upgrade looks like any other failure here.
      void probe(url).then((answer) => {
        if (closed) return;
        if (answer === 'refused') refuse();
        else retry(answer === 'full');
      });
    };
  };

  const retry = (full: boolean) => {
    if (closed) return;
    attempt += 1;
    const retryInMs = Math.min(MAX_BACKOFF_MS, 250 * 2 ** Math.min(attempt, 5));
    emitStatus(
      full
        ? { status: 'failed', message: 'Too many windows are connected to the Fluss+ service; close one.' }
        : attempt < 8
          ? { status: 'lost', attempt, retryInMs }
          : { status: 'failed', message: UNREACHABLE_MESSAGE },
    );
    setTimeout(connect, retryInMs);
  };

  /** The host will never take our token: say so once and stop; every waiting or later call fails now. */
  const refuse = () => {
    final = true;
    for (const [id, p] of pending) {
      pending.delete(id);
      if (p.timer) clearTimeout(p.timer);
      p.resolve(refused());
    }
    queue.splice(0);
    emitStatus({ status: 'refused', message: REFUSED_MESSAGE });
  };

  const send = (frame: string, id: number, resolve: Pending['resolve']) => {
    if (final || closed) {
      resolve(final ? refused() : disconnected());
      return;
    }
    if (open && socket) {
      pending.set(id, { resolve, timer: undefined });
      socket.send(frame);
      return;
    }
    // Not connected: hold the call until the socket opens, but not forever.
    const timer = setTimeout(() => {
      pending.delete(id);
      const i = queue.indexOf(frame);
      if (i >= 0) queue.splice(i, 1);
      resolve(disconnected());
    }, CONNECT_WAIT_MS);
    pending.set(id, { resolve, timer });
    queue.push(frame);
  };

  const invoke = (channel: InvokeChannel, request: unknown): Promise<IpcResult<unknown>> =>
    new Promise((resolve) => {
      const id = nextId++;
      const frame = JSON.stringify({ id, channel, request });
      send(frame, id, (result) => {
        const p = pending.get(id);
        if (p?.timer) clearTimeout(p.timer);
        resolve(result);
      });
    });

  const on = <E extends EventChannel>(channel: E, listener: (payload: EventTypes[E]) => void): (() => void) => {
    let set = listeners.get(channel);
    if (!set) {
      set = new Set();
      listeners.set(channel, set);
    }
    const l = listener as (payload: unknown) => void;
    set.add(l);
    return () => set.delete(l);
  };

  const api: Record<string, unknown> = { on };
  for (const channel of Object.keys(CHANNELS) as InvokeChannel[]) {
    api[channel] = (request: unknown) => invoke(channel, request);
  }

  // A sent call whose socket opened later moves from "queued" to "in flight": drop its wait timer then.
  const flushTimers = () => {
    for (const p of pending.values()) {
      if (p.timer) {
        clearTimeout(p.timer);
        p.timer = undefined;
      }
    }
  };
  statusListeners.add((s) => {
    if (s.status === 'open') flushTimers();
  });

  connect();

  return {
    api: api as unknown as FlussApi,
    ready() {
      if (isReady) return;
      isReady = true;
      if (open && socket) socket.send(JSON.stringify({ ready: true }));
    },
    onStatus(listener) {
      statusListeners.add(listener);
      return () => statusListeners.delete(listener);
    },
    close() {
      closed = true;
      open = false;
      socket?.close();
      for (const [id, p] of pending) {
        pending.delete(id);
        if (p.timer) clearTimeout(p.timer);
        p.resolve(disconnected());
      }
      queue.splice(0);
    },
  };
}
