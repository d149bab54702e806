/**
 * The page's side of the browser host (renderer/src/bridge/wsBridge.ts) against the real host: a host
 * that restarted with a new token refuses the old page once and for all (issue 10, bug 4.2: it used to
 * reconnect twice a second forever); a host that is only gone for a moment is waited for.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import { startBrowserHost, type BrowserHost } from '../../electron/host/server';
import type { IpcResult } from '../../electron/ipc/contract';
import { addressWithoutToken, createWsBridge, ipcUrl, REFUSED_MESSAGE, type BridgeStatus, type ProbeAnswer } from '../../renderer/src/bridge/wsBridge';
import { tempDir } from '../helpers/demo';

const hosts: BrowserHost[] = [];
afterEach(async () => {
  vi.useRealTimers();
  for (const b of bridges.splice(0)) b.close();
  for (const h of hosts.splice(0)) await h.close();
});

async function host(options: { port?: number; token?: string } = {}): Promise<BrowserHost> {
  const h = await startBrowserHost({ staticDir: tempDir(), invoke: () => Promise.resolve({ ok: true, value: 'pong' }), ...options });
  hosts.push(h);
  return h;
}

/** The `ws` package's client has the browser's onopen/onmessage/onclose interface. */
const nodeSocket = (origin: string) => (url: string) => {
  const ws = new WebSocket(url, { origin });
  ws.on('error', () => undefined); // a browser's socket reports errors through onclose only
  return ws as unknown as globalThis.WebSocket;
};
const bridges: { close(): void }[] = [];

function watch(statuses: BridgeStatus[], want: BridgeStatus['status']): Promise<void> {
  return vi.waitFor(() => expect(statuses.at(-1)?.status).toBe(want), { timeout: 15_000, interval: 20 });
}

describe('WebSocket bridge against the real host', () => {
  it('stops for good, saying the address is no longer valid, when the host restarted with a new token', async () => {
    const first = await host();
    const origin = `http://127.0.0.1:${first.port}`;
    const bridge = createWsBridge(`ws://127.0.0.1:${first.port}/ipc?token=${first.token}`, nodeSocket(origin), { forgetToken: () => undefined });
    bridges.push(bridge);
    const statuses: BridgeStatus[] = [];
    bridge.onStatus((s) => statuses.push(s));
    await watch(statuses, 'open');
    expect(await bridge.api['app.status']({})).toEqual({ ok: true, value: 'pong' });

    await first.close();
    hosts.splice(0);
    await host({ port: first.port }); // a new token
    await watch(statuses, 'refused');
    expect(statuses.at(-1)).toEqual({ status: 'refused', message: REFUSED_MESSAGE });
    const call = (await bridge.api['app.status']({})) as IpcResult<unknown>;
    expect(call).toMatchObject({ ok: false, error: { code: 'NOT_AUTHORIZED', message: REFUSED_MESSAGE } });
  });

  it('waits for a host that went away and comes back with the same token', async () => {
    const first = await host();
    const origin = `http://127.0.0.1:${first.port}`;
    const bridge = createWsBridge(`ws://127.0.0.1:${first.port}/ipc?token=${first.token}`, nodeSocket(origin), { forgetToken: () => undefined });
    bridges.push(bridge);
    const statuses: BridgeStatus[] = [];
    bridge.onStatus((s) => statuses.push(s));
    await watch(statuses, 'open');
    await first.close();
    hosts.splice(0);
    await watch(statuses, 'lost');
    await host({ port: first.port, token: first.token });
    await watch(statuses, 'open');
    expect(statuses.some((s) => s.status === 'refused')).toBe(false);
    expect(await bridge.api['app.status']({})).toEqual({ ok: true, value: 'pong' });
  });
});

/** A socket that never opens: the host refused it before the upgrade, or is not there. */
class RefusedSocket {
  onopen: (() => void) | null = null;
  onmessage: (() => void) | null = null;
  onclose: ((event: { code: number }) => void) | null = null;
  constructor(code: number) {
    queueMicrotask(() => this.onclose?.({ code }));
  }
  send(): void {
    throw new Error('never open');
  }
  close(): void {
    // already closed
  }
}

describe('WebSocket bridge retries', () => {
  async function run(closeCode: number, answer: ProbeAnswer) {
    vi.useFakeTimers();
    let sockets = 0;
    const statuses: BridgeStatus[] = [];
    const bridge = createWsBridge(
      'ws://127.0.0.1:1/ipc',
      () => {
        sockets += 1;
        return new RefusedSocket(closeCode) as unknown as globalThis.WebSocket;
      },
      { probe: () => Promise.resolve(answer), forgetToken: () => undefined },
    );
    bridges.push(bridge);
    bridge.onStatus((s) => statuses.push(s));
    await vi.advanceTimersByTimeAsync(120_000);
    return { sockets, statuses };
  }

  it('never reconnects after the host refused the token (before the upgrade)', async () => {
    const { sockets, statuses } = await run(1006, 'refused');
    expect(sockets).toBe(1);
    expect(statuses).toEqual([{ status: 'refused', message: REFUSED_MESSAGE }]);
  });

  it('never reconnects after a close with code 1008', async () => {
    const { sockets, statuses } = await run(1008, 'accepted');
    expect(sockets).toBe(1);
    expect(statuses.at(-1)?.status).toBe('refused');
  });

  it('keeps trying, with back-off, while the host does not answer', async () => {
    const { sockets, statuses } = await run(1006, 'unreachable');
    expect(sockets).toBeGreaterThan(10);
    expect(sockets).toBeLessThan(40); // back-off: at most one try in 5 s after the first few
    expect(statuses.some((s) => s.status === 'refused')).toBe(false);
    expect(statuses.at(-1)?.status).toBe('failed');
  });

  it('says so when the host has too many windows, and keeps trying', async () => {
    const { sockets, statuses } = await run(1006, 'full');
    expect(sockets).toBeGreaterThan(1);
    expect(statuses.at(-1)).toMatchObject({ status: 'failed', message: expect.stringContaining('Too many windows') as string });
  });
});

describe('the token in the address', () => {
  it('is taken out of the address, keeping the rest', () => {
    expect(addressWithoutToken('http://127.0.0.1:5000/?token=abc')).toBe('/');
    expect(addressWithoutToken('http://127.0.0.1:5000/devices?x=1&token=abc#top')).toBe('/devices?x=1#top');
    expect(addressWithoutToken('http://127.0.0.1:5000/devices')).toBeUndefined();
  });

  it('goes to the socket while the page still has it; after a reload the cookie carries it', () => {
    expect(ipcUrl({ host: '127.0.0.1:5000', search: '?token=ab%2Bc', protocol: 'http:' })).toBe('ws://127.0.0.1:5000/ipc?token=ab%2Bc');
    expect(ipcUrl({ host: '127.0.0.1:5000', search: '', protocol: 'http:' })).toBe('ws://127.0.0.1:5000/ipc');
  });
});
