/**
 * The browser host's server: the built renderer over HTTP and the IPC contract over a WebSocket, both
 * on 127.0.0.1 only. The printed address is `/?token=T`; the page's first load sets the token as an
 * HttpOnly, SameSite=Strict cookie (hostAccess.ts), and the client connects to `/ipc`.
 *
 * Wire format (JSON text frames; renderer/src/bridge/ implements the client side):
 *   client -> server  {"id": <int>, "channel": "<invoke channel>", "request": {...}}
 *                     {"ready": true}   once its event listeners are in place (held events follow)
 *   server -> client  {"id": <int>, "result": <IpcResult>}
 *                     {"event": "<event channel>", "payload": ...}
 *                     {"error": <ErrorData>}   a frame that was not valid and had no id to answer
 * Refused before the upgrade (never a 101): a foreign Origin or Host (403), no token (401), more than
 * `maxClients` windows (503). A plain GET of /ipc answers the same way (426 when the socket would be
 * accepted): the page asks it after a failed connect, since a browser's WebSocket cannot see the status.
 * Every frame is validated (ipcEnvelope.ts) and every request against the contract's schemas by the
 * services' dispatch; nothing a client sends can throw in here.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import type { EventChannel, IpcResult } from '../ipc/contract';
import type { ErrorData } from '../protocol/errors';
import { toFlussError } from '../protocol/errors';
import { CONTENT_SECURITY_POLICY } from '../main/security';
import { checkAccess, newToken, tokenCookie } from './hostAccess';
import { parseFrame } from './ipcEnvelope';
import { listenOn } from './listen';
import { sendStatic } from './staticFiles';

export interface BrowserHostOptions {
  /** Runs one call (the services' invoke: validates and should never throw; a throw is caught too). */
  invoke: (channel: unknown, payload: unknown) => Promise<IpcResult<unknown>>;
  /** The built renderer (out/renderer). */
  staticDir: string;
  /** 0 (default) picks a free port. */
  port?: number;
  token?: string;
  /** Open windows at once (default 8): each holds sessions and events; a runaway page cannot add more. */
  maxClients?: number;
}

export interface BrowserHost {
  url: string;
  port: number;
  token: string;
  /** Sends an event to every ready client (held until the first client says it is ready). */
  emit: (channel: EventChannel, payload: unknown) => void;
  close(): Promise<void>;
}

const HELD_LIMIT = 500;
const DEFAULT_MAX_CLIENTS = 8;

const REFUSALS = {
  403: { status: 'Forbidden', body: 'Forbidden' },
  401: {
    status: 'Unauthorized',
    body: 'This address is not valid for the Fluss+ service running here (its token is wrong or missing, or the service was restarted). Open the address `npm run web` printed.',
  },
  503: { status: 'Service Unavailable', body: 'Too many windows are connected to this Fluss+ service. Close one and reload.' },
} as const;
type Refusal = keyof typeof REFUSALS;

export async function startBrowserHost(options: BrowserHostOptions): Promise<BrowserHost> {
  const token = options.token ?? newToken();
  const maxClients = options.maxClients ?? DEFAULT_MAX_CLIENTS;
  const clients = new Map<WebSocket, { ready: boolean }>();
  let upgrading = 0;
  let held: string[] = [];
  let port = 0;
  const allowedOrigins = () => [`http://127.0.0.1:${port}`, `http://localhost:${port}`];
  const allowedHosts = () => [`127.0.0.1:${port}`, `localhost:${port}`];
  const full = () => clients.size + upgrading >= maxClients;

  const headers = {
    'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'X-Frame-Options': 'DENY',
    'Cache-Control': 'no-store',
  };
  const refuse = (res: ServerResponse, code: Refusal | 426) => {
    const text = code === 426 ? 'Connect with a WebSocket.' : REFUSALS[code].body;
    res.writeHead(code, { ...headers, 'Content-Type': 'text/plain; charset=utf-8' }).end(text);
  };

  const server: Server = createServer((req, res) => {
    // A page on another site that resolves its own name to 127.0.0.1 (DNS rebinding) gets nothing.
    if (!allowedHosts().includes(req.headers.host ?? '') || (req.method !== 'GET' && req.method !== 'HEAD')) {
      refuse(res, 403);
      return;
    }
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname === '/favicon.ico') {
      res.writeHead(204, headers).end(); // the app has no favicon; say so without a 404 in the console
      return;
    }
    const access = checkAccess(req, url, port, token);
    if (!access.allowed) {
      refuse(res, 401);
      return;
    }
    if (url.pathname === '/ipc') {
      refuse(res, full() ? 503 : 426);
      return;
    }
    sendStatic(res, options.staticDir, req.url ?? '/', access.fromQuery ? { ...headers, 'Set-Cookie': tokenCookie(port, token) } : headers);
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: 1024 * 1024 });
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => undefined); // a client that vanishes mid-handshake is not the host's problem
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const origin = req.headers.origin;
    const refusal: Refusal | undefined =
      url.pathname !== '/ipc' || !allowedHosts().includes(req.headers.host ?? '') || (origin !== undefined && !allowedOrigins().includes(origin))
        ? 403
        : !checkAccess(req, url, port, token).allowed
          ? 401
          : full()
            ? 503
            : undefined;
    if (refusal !== undefined) {
      const { status, body } = REFUSALS[refusal];
      socket.end(`HTTP/1.1 ${refusal} ${status}\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
      return;
    }
    // Counted until it becomes a client or fails: ws answers a malformed handshake (400) itself,
    // without calling back, and that place must come free again.
    upgrading += 1;
    let counted = true;
    const settle = () => {
      if (counted) upgrading -= 1;
      counted = false;
    };
    socket.once('close', settle);
    wss.handleUpgrade(req, socket, head, (ws) => {
      settle();
      accept(ws);
    });
  });

  function accept(ws: WebSocket): void {
    const client = { ready: false };
    clients.set(ws, client);
    ws.on('close', () => clients.delete(ws));
    ws.on('error', () => clients.delete(ws));
    const send = (frame: object) => {
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(frame));
    };
    ws.on('message', (data: RawData, isBinary) => {
      const frame = isBinary ? undefined : parseFrame(rawText(data));
      if (frame === undefined) {
        send({ error: { code: 'INVALID_ARGUMENT', message: 'The Fluss+ service takes text frames only.' } satisfies ErrorData });
        return;
      }
      if (frame.kind === 'invalid') {
        send(frame.id === undefined ? { error: frame.error } : { id: frame.id, result: { ok: false, error: frame.error } });
        return;
      }
      if (frame.kind === 'ready') {
        client.ready = true;
        const pending = held;
        held = [];
        for (const text of pending) ws.send(text);
        return;
      }
      const { id } = frame;
      void safeInvoke(options.invoke, frame.channel, frame.request).then((result) => send({ id, result }));
    });
  }

  port = await listenOn(server, options.port ?? 0);

  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    port,
    token,
    emit: (channel, payload) => {
      const text = JSON.stringify({ event: channel, payload });
      const ready = [...clients].filter(([, c]) => c.ready);
      if (ready.length === 0) {
        held.push(text);
        if (held.length > HELD_LIMIT) held.shift();
        return;
      }
      for (const [ws] of ready) ws.send(text);
    },
    close: async () => {
      for (const ws of clients.keys()) ws.close(1001, 'the host is shutting down');
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** The services' invoke never throws by contract; should it ever, the client still gets data. */
async function safeInvoke(invoke: BrowserHostOptions['invoke'], channel: string, request: unknown): Promise<IpcResult<unknown>> {
  try {
    return await invoke(channel, request);
  } catch (error) {
    return { ok: false, error: toFlussError(error).toData() };
  }
}

function rawText(data: RawData): string {
  if (Buffer.isBuffer(data)) return data.toString('utf8');
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data).toString('utf8');
}
