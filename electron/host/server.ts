/**
 * The browser host's server: the built renderer over HTTP and the IPC contract over a WebSocket, both
 * on 127.0.0.1 only. The page is served at `/?token=T`; the client connects to `/ipc?token=T`.
 *
 * Wire format (JSON text frames; renderer/src/bridge/ implements the client side):
 *   client -> server  {"id": <int>, "channel": "<invoke channel>", "request": {...}}
 *                     {"ready": true}   once its event listeners are in place (held events follow)
 *   server -> client  {"id": <int>, "result": <IpcResult>}
 *                     {"event": "<event channel>", "payload": ...}
 * A wrong or missing token is closed with code 1008; a foreign Origin or Host is refused (403) before
 * the upgrade. Every request is validated against the contract's schemas by the services' dispatch.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { EventChannel, IpcResult } from '../ipc/contract';
import { CONTENT_SECURITY_POLICY } from '../main/security';
import { sendStatic } from './staticFiles';

export interface BrowserHostOptions {
  /** Runs one call (the services' invoke: validates and never throws). */
  invoke: (channel: unknown, payload: unknown) => Promise<IpcResult<unknown>>;
  /** The built renderer (out/renderer). */
  staticDir: string;
  /** 0 (default) picks a free port. */
  port?: number;
  token?: string;
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

export async function startBrowserHost(options: BrowserHostOptions): Promise<BrowserHost> {
  const token = options.token ?? randomBytes(24).toString('hex');
  const clients = new Map<WebSocket, { ready: boolean }>();
  let held: string[] = [];
  let port = 0;
  const allowedOrigins = () => [`http://127.0.0.1:${port}`, `http://localhost:${port}`];
  const allowedHosts = () => [`127.0.0.1:${port}`, `localhost:${port}`];

  const headers = {
    'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'X-Frame-Options': 'DENY',
    'Cache-Control': 'no-store',
  };

  const server: Server = createServer((req, res) => {
    // A page on another site that resolves its own name to 127.0.0.1 (DNS rebinding) gets nothing.
    if (!allowedHosts().includes(req.headers.host ?? '') || (req.method !== 'GET' && req.method !== 'HEAD')) {
      res.writeHead(403, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Forbidden');
      return;
    }
    if (req.url === '/favicon.ico') {
      res.writeHead(204, headers).end(); // the app has no favicon; say so without a 404 in the console
      return;
    }
    sendStatic(res, options.staticDir, req.url ?? '/', headers);
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: 1024 * 1024 });
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const origin = req.headers.origin;
    if (url.pathname !== '/ipc' || !allowedHosts().includes(req.headers.host ?? '') || (origin !== undefined && !allowedOrigins().includes(origin))) {
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      if (!sameToken(url.searchParams.get('token'), token)) {
        ws.close(1008, 'wrong or missing token');
        return;
      }
      accept(ws);
    });
  });

  function accept(ws: WebSocket): void {
    const client = { ready: false };
    clients.set(ws, client);
    ws.on('close', () => clients.delete(ws));
    ws.on('error', () => clients.delete(ws));
    ws.on('message', (data, isBinary) => {
      if (isBinary) return;
      let frame: unknown;
      try {
        frame = JSON.parse(Buffer.isBuffer(data) ? data.toString('utf8') : '');
      } catch {
        return;
      }
      if (typeof frame !== 'object' || frame === null) return;
      const message = frame as { id?: unknown; channel?: unknown; request?: unknown; ready?: unknown };
      if (message.ready === true) {
        client.ready = true;
        const pending = held;
        held = [];
        for (const text of pending) ws.send(text);
        return;
      }
      if (typeof message.id !== 'number' || !Number.isSafeInteger(message.id)) return;
      const id = message.id;
      void options.invoke(message.channel, message.request).then((result) => {
        if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ id, result }));
      });
    });
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;

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

function sameToken(given: string | null, expected: string): boolean {
  if (given === null) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
