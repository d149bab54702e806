/**
 * The Electron main's IPC boundary, without Electron: the sender check fed plain event objects, and
 * payload validation through the same dispatch the real handlers use.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { INVOKE_CHANNELS } from '../../electron/ipc/contract';
import { channelHandler, FOREIGN_SENDER, type IpcDeps } from '../../electron/main/ipc';
import { isAllowedExternalUrl } from '../../electron/main/security';
import { APP_ENTRY, APP_HOST, APP_SCHEME } from '../../electron/main/appProtocol';
import { appUrlMatcher, isTrustedSender } from '../../electron/main/senderCheck';
import { FRONT_DOOR } from '../helpers/demo';
import { servicesOnDemo } from '../services/harness';

const APP = { scheme: APP_SCHEME, host: APP_HOST };
const appSender = { id: 'app-webcontents' };
const otherSender = { id: 'devtools-or-other-window' };
const rules = {
  windowIdOf: (sender: unknown) => (sender === appSender ? 1 : sender === otherSender ? 2 : undefined),
  appWindowId: () => 1,
  isAppUrl: appUrlMatcher({ app: APP }),
};
const appUrl = APP_ENTRY;
const packagedFile = 'file:///opt/Fluss+ Commissioner/resources/app.asar/out/renderer/index.html';

describe('sender check', () => {
  it('accepts the app window on the app page (any hash)', () => {
    expect(isTrustedSender({ sender: appSender, senderFrame: { url: appUrl, parent: null } }, rules)).toBe(true);
    expect(isTrustedSender({ sender: appSender, senderFrame: { url: `${appUrl}#/devices` } }, rules)).toBe(true);
  });

  it('refuses other windows, unknown senders, remote pages, other files, subframes and missing frames', () => {
    expect(isTrustedSender({ sender: otherSender, senderFrame: { url: appUrl } }, rules)).toBe(false);
    expect(isTrustedSender({ sender: {}, senderFrame: { url: appUrl } }, rules)).toBe(false);
    expect(isTrustedSender({ sender: appSender, senderFrame: { url: 'https://evil.example/' } }, rules)).toBe(false);
    expect(isTrustedSender({ sender: appSender, senderFrame: { url: 'file:///tmp/evil.html' } }, rules)).toBe(false);
    // The renderer is served from app:// only: even the packaged file itself, opened as file://, is not the app.
    expect(isTrustedSender({ sender: appSender, senderFrame: { url: packagedFile } }, rules)).toBe(false);
    expect(isTrustedSender({ sender: appSender, senderFrame: { url: 'app://evil/index.html' } }, rules)).toBe(false);
    expect(isTrustedSender({ sender: appSender, senderFrame: { url: 'app://user@fluss/index.html' } }, rules)).toBe(false);
    expect(isTrustedSender({ sender: appSender, senderFrame: { url: appUrl, parent: { url: appUrl } } }, rules)).toBe(false);
    expect(isTrustedSender({ sender: appSender, senderFrame: null }, rules)).toBe(false);
    expect(isTrustedSender({ sender: appSender, senderFrame: { url: appUrl } }, { ...rules, appWindowId: () => undefined })).toBe(false);
  });

  it('accepts the dev server origin only in development', () => {
    const dev = appUrlMatcher({ app: APP, devServer: 'http://localhost:5173/' });
    expect(dev('http://localhost:5173/index.html')).toBe(true);
    expect(dev('http://localhost:5174/')).toBe(false);
    expect(rules.isAppUrl('http://localhost:5173/')).toBe(false);
  });
});

describe('IPC handlers', () => {
  let app: ReturnType<typeof servicesOnDemo> | undefined;
  afterEach(async () => app?.close());

  const handlerDeps = (): IpcDeps => {
    app = servicesOnDemo();
    const services = app.services;
    return { ...rules, invoke: (channel, payload) => services.invoke(channel, payload), onReady: () => undefined };
  };

  it('refuses a foreign sender with an error as data, before any service runs', async () => {
    const deps = handlerDeps();
    let ran = false;
    const handler = channelHandler('app.status', { ...deps, invoke: () => ((ran = true), Promise.resolve({ ok: true, value: null })) });
    expect(await handler({ sender: otherSender, senderFrame: { url: appUrl } } as never, {})).toEqual(FOREIGN_SENDER);
    expect(ran).toBe(false);
  });

  it('answers a trusted sender', async () => {
    const handler = channelHandler('app.status', handlerDeps());
    expect(await handler({ sender: appSender, senderFrame: { url: appUrl } } as never, {})).toMatchObject({ ok: true, value: { simulated: true } });
  });

  it.each([
    ['settings.get', { deviceId: 'Front Door' }, 'deviceId'],
    ['settings.get', undefined, 'settings.get'],
    ['settings.save', { deviceId: FRONT_DOOR, settings: { entryDevice: null, exitDevice: 'same', maxUsers: 7, inviteDurationHours: 3 }, baseRevision: 0 }, 'settings.maxUsers'],
    ['settings.save', { deviceId: FRONT_DOOR, settings: { entryDevice: null, exitDevice: 'same', maxUsers: 5, inviteDurationHours: 25 }, baseRevision: 0 }, 'inviteDurationHours'],
    ['codes.revoke', { deviceId: FRONT_DOOR, codeId: 'zz' }, 'codeId'],
    ['prefs.set', { technicianName: 'x'.repeat(65) }, 'technicianName'],
    ['app.status', { extra: true }, 'app.status'],
    ['testFire.cancel', { runId: 'not-hex' }, 'runId'],
  ])('refuses %s with a bad payload (%j) with INVALID_ARGUMENT naming the problem', async (channel, payload, mentions) => {
    const handler = channelHandler(channel, handlerDeps());
    const result = await handler({ sender: appSender, senderFrame: { url: appUrl } } as never, payload);
    expect(result).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    expect(result.ok ? '' : result.error.message).toContain(mentions);
  });

  it('refuses a channel that is not in the contract', async () => {
    const deps = handlerDeps();
    expect(await deps.invoke('fs.readFile', {})).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    expect(INVOKE_CHANNELS).not.toContain('fs.readFile');
  });
});

describe('external links', () => {
  it('opens only allow-listed https links', () => {
    expect(isAllowedExternalUrl('https://support.fluss.plus/commissioning')).toBe(true);
    expect(isAllowedExternalUrl('http://support.fluss.plus/')).toBe(false);
    expect(isAllowedExternalUrl('https://support.fluss.plus.evil.example/')).toBe(false);
    expect(isAllowedExternalUrl('https://user:pw@support.fluss.plus/')).toBe(false);
    expect(isAllowedExternalUrl('file:///etc/passwd')).toBe(false);
    expect(isAllowedExternalUrl('javascript:alert(1)')).toBe(false);
    expect(isAllowedExternalUrl('not a url')).toBe(false);
  });
});
