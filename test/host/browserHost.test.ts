/**
 * The browser host: the built renderer over HTTP and the IPC contract over a WebSocket on 127.0.0.1,
 * guarded by a random token and the Origin. Runs the real services on the simulated demo site.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createAppServices, type AppServices } from '../../electron/services/appServices';
import { memoryPrefs } from '../../electron/services/prefsStore';
import { createSimEnvironment, type SimEnvironment } from '../../electron/services/simEnvironment';
import { startBrowserHost, type BrowserHost } from '../../electron/host/server';
import { FRONT_DOOR, demoSite, tempDir } from '../helpers/demo';

let host: BrowserHost | undefined;
let services: AppServices | undefined;
let env: SimEnvironment | undefined;
const sockets: WebSocket[] = [];

afterEach(async () => {
  for (const ws of sockets.splice(0)) if (ws.readyState === WebSocket.OPEN) ws.terminate();
  await services?.close();
  await env?.close();
  await host?.close();
  host = undefined;
});

function staticDir(): string {
  const dir = join(tempDir(), 'renderer');
  mkdirSync(join(dir, 'assets'), { recursive: true });
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>Fluss+ Commissioner</title><div id="root"></div>');
  writeFileSync(join(dir, 'assets', 'app.js'), 'console.log(1)');
  return dir;
}

async function start(options: { maxClients?: number } = {}): Promise<BrowserHost> {
  env = createSimEnvironment({ site: demoSite(), inMemory: true });
  const environment = env;
  const ref: { services?: AppServices } = {};
  host = await startBrowserHost({ staticDir: staticDir(), invoke: (c, p) => (ref.services as AppServices).invoke(c, p), ...options });
  const running = createAppServices({ transport: environment.transport, credentials: environment.credentials, prefs: memoryPrefs(), emit: host.emit, version: '0.0.0-test', simulated: true, siteName: environment.siteName, now: environment.now, batchMs: 20 });
  ref.services = running;
  services = running;
  return host;
}

/** A client speaking the wire format; resolves once the socket is open. */
function connect(h: BrowserHost, options: { token?: string | null; origin?: string; cookie?: string } = {}) {
  const token = options.token === undefined ? h.token : options.token;
  const ws = new WebSocket(`ws://127.0.0.1:${h.port}/ipc${token === null ? '' : `?token=${token}`}`, {
    origin: options.origin ?? `http://127.0.0.1:${h.port}`,
    ...(options.cookie === undefined ? {} : { headers: { Cookie: options.cookie } }),
  });
  sockets.push(ws);
  const frames: Record<string, unknown>[] = [];
  let upgraded = false;
  ws.on('upgrade', () => (upgraded = true)); // only a 101 Switching Protocols emits this
  ws.on('error', () => undefined); // refusals surface as close or unexpected-response
  ws.on('message', (data) => frames.push(JSON.parse((data as Buffer).toString('utf8')) as Record<string, unknown>));
  const closed = new Promise<{ code: number; reason: string }>((resolve) => ws.on('close', (code, reason) => resolve({ code, reason: String(reason) })));
  const failed = new Promise<number>((resolve) =>
    ws.on('unexpected-response', (_req, res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
      ws.terminate();
    }),
  );
  let nextId = 1;
  const call = async (channel: string, request: unknown) => {
    const id = nextId++;
    ws.send(JSON.stringify({ id, channel, request }));
    for (let i = 0; i < 800; i++) {
      const reply = frames.find((f) => f.id === id);
      if (reply) return reply.result as { ok: boolean; value?: unknown; error?: { code: string; message: string } };
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    throw new Error(`no reply to ${channel}`);
  };
  return { ws, frames, closed, failed, call, upgraded: () => upgraded, opened: new Promise<void>((resolve) => ws.on('open', () => resolve())) };
}

describe('browser host', () => {
  it('serves the built renderer on 127.0.0.1 with a strict CSP, and nothing outside it', async () => {
    const h = await start();
    expect(h.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]{48}$/);
    const page = await fetch(h.url);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<div id="root">');
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    const cookie = { headers: { Cookie: `fluss_host_${h.port}=${h.token}` } };
    expect((await fetch(`http://127.0.0.1:${h.port}/assets/app.js`, cookie)).headers.get('content-type')).toContain('javascript');
    expect(await (await fetch(`http://127.0.0.1:${h.port}/%2e%2e/%2e%2e/etc/passwd`, cookie)).text()).not.toContain('root:');
    expect((await fetch(`http://127.0.0.1:${h.port}/%2e%2e/%2e%2e/etc/hostname.txt`, cookie)).status).toBe(404);
    const rebound = await new Promise<number | undefined>((resolve, reject) =>
      request({ host: '127.0.0.1', port: h.port, path: '/', headers: { Host: 'evil.example' } }, (res) => {
        res.resume();
        resolve(res.statusCode);
      })
        .on('error', reject)
        .end(),
    );
    expect(rebound).toBe(403);
  });

  it('refuses a missing or wrong token with 401 before the upgrade: never a 101', async () => {
    const h = await start();
    for (const token of [null, 'f'.repeat(48), '', h.token.slice(1)]) {
      const client = connect(h, { token });
      expect(await client.failed).toBe(401);
      await client.closed;
      expect(client.upgraded()).toBe(false);
    }
    // A cookie of another port's host, or a wrong one, is no token either.
    const wrongCookie = connect(h, { token: null, cookie: `fluss_host_${h.port + 1}=${h.token}; fluss_host_${h.port}=${'0'.repeat(48)}` });
    expect(await wrongCookie.failed).toBe(401);
  });

  it('accepts the token from the cookie the page set, without it in the address', async () => {
    const h = await start();
    const client = connect(h, { token: null, cookie: `other=1; fluss_host_${h.port}=${h.token}` });
    await client.opened;
    expect(client.upgraded()).toBe(true);
    expect(await client.call('app.status', {})).toMatchObject({ ok: true });
  });

  it('refuses the window past the limit (503, no 101) and takes one again when a window closes', async () => {
    const h = await start({ maxClients: 2 });
    const first = connect(h);
    const second = connect(h);
    await Promise.all([first.opened, second.opened]);
    const third = connect(h);
    expect(await third.failed).toBe(503);
    expect(third.upgraded()).toBe(false);
    expect((await fetch(`http://127.0.0.1:${h.port}/ipc?token=${h.token}`)).status).toBe(503);
    first.ws.close();
    await first.closed;
    for (let i = 0; i < 100 && (await fetch(`http://127.0.0.1:${h.port}/ipc?token=${h.token}`)).status === 503; i++) await new Promise((resolve) => setTimeout(resolve, 10));
    const fourth = connect(h);
    await fourth.opened;
    expect(await fourth.call('app.status', {})).toMatchObject({ ok: true });
  });

  it('does not lose a window place to a malformed handshake', async () => {
    const h = await start({ maxClients: 1 });
    for (let i = 0; i < 3; i++) {
      const status = await new Promise<number | undefined>((resolve, reject) =>
        request(
          { host: '127.0.0.1', port: h.port, path: `/ipc?token=${h.token}`, headers: { Connection: 'Upgrade', Upgrade: 'websocket', 'Sec-WebSocket-Version': '13', 'Sec-WebSocket-Key': 'not a key' } },
          (res) => {
            res.resume();
            resolve(res.statusCode);
          },
        )
          .on('error', reject)
          .end(),
      );
      expect(status).toBe(400);
    }
    for (let i = 0; i < 100 && (await fetch(`http://127.0.0.1:${h.port}/ipc?token=${h.token}`)).status === 503; i++) await new Promise((resolve) => setTimeout(resolve, 10));
    const client = connect(h);
    await client.opened;
    expect(await client.call('app.status', {})).toMatchObject({ ok: true });
  });

  it('answers a malformed envelope as a typed error and keeps serving (the crash of issue 9)', async () => {
    const h = await start();
    const client = connect(h);
    await client.opened;
    const answers = (id: number) => client.frames.find((f) => f.id === id);
    client.ws.send('{"id":101,"channel":{"toString":1}}');
    client.ws.send('{"id":102,"channel":"app.status","request":{},"extra":{"valueOf":1}}');
    client.ws.send('{"id":103}');
    client.ws.send('[1,2]');
    client.ws.send('not json');
    client.ws.send(Buffer.from([1, 2, 3]), { binary: true });
    for (let i = 0; i < 200 && (client.frames.filter((f) => 'error' in f).length < 3 || !answers(103)); i++) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(answers(101)).toMatchObject({ result: { ok: false, error: { code: 'INVALID_ARGUMENT', message: expect.stringContaining('channel') as string } } });
    expect(answers(102)).toMatchObject({ result: { ok: true } });
    expect(answers(103)).toMatchObject({ result: { ok: false, error: { code: 'INVALID_ARGUMENT' } } });
    expect(client.frames.filter((f) => 'error' in f)).toHaveLength(3);
    expect(await client.call('app.status', {})).toMatchObject({ ok: true, value: { simulated: true } });
  });

  it('serves the page only to holders of the token, and sets it as an HttpOnly, SameSite=Strict cookie', async () => {
    const h = await start();
    const base = `http://127.0.0.1:${h.port}`;
    for (const path of ['/', '/index.html', '/assets/app.js', '/devices', `/?token=${'0'.repeat(48)}`, '/ipc']) {
      const refused = await fetch(`${base}${path}`);
      expect(refused.status, path).toBe(401);
      expect(refused.headers.get('set-cookie'), path).toBeNull();
      expect(await refused.text(), path).not.toContain('<div id="root">');
    }
    const first = await fetch(h.url);
    expect(first.status).toBe(200);
    const setCookie = first.headers.get('set-cookie') ?? '';
    expect(setCookie.split(';').map((part) => part.trim())).toEqual(expect.arrayContaining([`fluss_host_${h.port}=${h.token}`, 'HttpOnly', 'SameSite=Strict', 'Path=/']));
    const cookie = setCookie.split(';')[0] ?? '';
    const reload = await fetch(`${base}/`, { headers: { Cookie: cookie } });
    expect(reload.status).toBe(200);
    expect(reload.headers.get('set-cookie')).toBeNull();
    expect(await reload.text()).toContain('<div id="root">');
    expect((await fetch(`${base}/assets/app.js`, { headers: { Cookie: cookie } })).status).toBe(200);
    // The socket's address over plain HTTP: what the page asks after a failed connect.
    expect((await fetch(`${base}/ipc`, { headers: { Cookie: cookie } })).status).toBe(426);
  });

  it('refuses a foreign Origin before the upgrade', async () => {
    const h = await start();
    expect(await connect(h, { origin: 'https://evil.example' }).failed).toBe(403);
  });

  it('carries app.status and settings.get over the socket, and refuses bad payloads as data', async () => {
    const h = await start();
    const client = connect(h);
    await client.opened;
    expect(await client.call('app.status', {})).toMatchObject({ ok: true, value: { simulated: true, transport: 'sim', siteName: 'Demo site' } });
    expect(await client.call('settings.get', { deviceId: FRONT_DOOR })).toMatchObject({ ok: true, value: { settings: { maxUsers: 10 }, revision: 0 } });
    const bad = await client.call('settings.get', { deviceId: 'Front Door' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    expect(bad.error?.message).toContain('deviceId');
    expect(await client.call('shell.exec', {})).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
  });

  it('holds events until the client says it is ready', async () => {
    const h = await start();
    const client = connect(h);
    await client.opened;
    expect(await client.call('scan.start', {})).toEqual({ ok: true, value: null });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(client.frames.some((f) => 'event' in f)).toBe(false);
    client.ws.send(JSON.stringify({ ready: true }));
    for (let i = 0; i < 100 && !client.frames.some((f) => f.event === 'scan.devices'); i++) await new Promise((resolve) => setTimeout(resolve, 20));
    // A scan's first message is a snapshot of what it heard (later ones are deltas).
    const first = client.frames.find((f) => f.event === 'scan.devices')?.payload as { type?: string; devices?: unknown[] } | undefined;
    expect(first?.type).toBe('snapshot');
    expect(first?.devices).toEqual(expect.arrayContaining([expect.objectContaining({ deviceId: FRONT_DOOR })]));
  });
});

describe('npm run web', () => {
  it('prints the URL with its token on a random port, answers, and stops cleanly on SIGTERM', async () => {
    const dir = tempDir();
    const child = spawn(process.execPath, ['--import', 'tsx', 'electron/host/main.ts', '--sim', '--sim-state', join(dir, 'state.json'), '--static', staticDir()], { stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      let out = '';
      child.stdout.on('data', (d: Buffer) => (out += String(d)));
      for (let i = 0; i < 300 && !/^http:\/\//m.test(out); i++) await new Promise((resolve) => setTimeout(resolve, 50));
      const url = /^(http:\/\/\S+)$/m.exec(out)?.[1];
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]+$/);
      expect((await fetch(url ?? '')).status).toBe(200);
      const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });

  it('survives the envelope that used to crash it: a typed error over a real WebSocket, and still answers', async () => {
    const dir = tempDir();
    const child = spawn(process.execPath, ['--import', 'tsx', 'electron/host/main.ts', '--sim', '--sim-state', join(dir, 'state.json'), '--static', staticDir()], { stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      let out = '';
      child.stdout.on('data', (d: Buffer) => (out += String(d)));
      for (let i = 0; i < 300 && !/^http:\/\//m.test(out); i++) await new Promise((resolve) => setTimeout(resolve, 50));
      const url = new URL(/^(http:\/\/\S+)$/m.exec(out)?.[1] ?? '');
      const fake = { port: Number(url.port), token: url.searchParams.get('token') ?? '' } as BrowserHost;
      const client = connect(fake);
      await client.opened;
      client.ws.send('{"id":101,"channel":{"toString":1}}');
      for (let i = 0; i < 200 && !client.frames.some((f) => f.id === 101); i++) await new Promise((resolve) => setTimeout(resolve, 10));
      expect(client.frames.find((f) => f.id === 101)).toMatchObject({ result: { ok: false, error: { code: 'INVALID_ARGUMENT' } } });
      expect(await client.call('app.status', {})).toMatchObject({ ok: true, value: { simulated: true } });
      expect(child.exitCode).toBeNull();
    } finally {
      child.kill('SIGKILL');
    }
  });

  it('says the port is taken and suggests another (no "Unexpected error", no stack)', async () => {
    const busy = createServer();
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
    const port = (busy.address() as AddressInfo).port;
    try {
      const child = spawn(process.execPath, ['--import', 'tsx', 'electron/host/main.ts', '--sim', '--sim-state', join(tempDir(), 'state.json'), '--static', staticDir(), '--port', String(port)], { stdio: ['ignore', 'pipe', 'pipe'] });
      let err = '';
      child.stderr.on('data', (d: Buffer) => (err += String(d)));
      const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
      expect(code).toBe(2);
      expect(err).toContain(`Port ${port} on 127.0.0.1 is taken`);
      const suggested = Number(/--port (\d+)/.exec(err)?.[1]);
      expect(suggested).toBeGreaterThan(0);
      expect(suggested).not.toBe(port);
      expect(err).not.toMatch(/Unexpected error|EADDRINUSE|\n\s+at /);
    } finally {
      busy.close();
    }
  });

  it('says plainly when --hci-uart names no controller', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'electron/host/main.ts', '--hci-uart', '/dev/no-such-controller', '--static', staticDir()], { stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += String(d)));
    const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
    expect(code).toBe(2);
    expect(err).toContain('No HCI controller at /dev/no-such-controller');
  });
});
