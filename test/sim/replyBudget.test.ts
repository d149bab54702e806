/**
 * The device endpoint never leaves a request unanswered (docs/protocol.md, "Paged replies"; link issue #8,
 * item 3): a reply over the budget is answered MESSAGE_TOO_LARGE, a handler that fails is answered INTERNAL,
 * and the link's request queue keeps working afterwards. The firmware is made faulty on purpose here: the
 * endpoint is what is under test.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { Commissioner } from '../../electron/core/commissioner';
import type { SessionIdentity } from '../../electron/firmware/types';
import type { Request } from '../../electron/protocol/messages';
import { SIMULATED_SITE_TRUST } from '../../electron/protocol/trustAnchors';
import { DeviceEndpoint } from '../../electron/sim/deviceEndpoint';
import { siteCredentials } from '../../electron/sim/siteCredentials';
import { SimSite } from '../../electron/sim/simSite';
import { SimTransport } from '../../electron/sim/simTransport';
import { FRONT_DOOR, demoSite } from '../helpers/demo';

let transport: SimTransport | undefined;
afterEach(async () => {
  await transport?.close();
  transport = undefined;
});

/** Front Door behind its own endpoint, with users.list made to misbehave as `fault` says; other ops run as usual. */
function faultyFrontDoor(fault: 'huge' | 'throws'): Commissioner {
  const site = demoSite();
  const model = new SimSite({ site }).intercom(FRONT_DOOR);
  if (!model) throw new Error('no Front Door');
  const handle = (request: Request, identity: SessionIdentity) => {
    if (request.op !== 'users.list') return model.handle(request, identity);
    if (fault === 'throws') return Promise.reject(new Error('flash read failed'));
    const users = Array.from({ length: 400 }, (_, i) => ({ userId: `user-${String(i).padStart(24, '0')}`, role: 'shared' }));
    return Promise.resolve({ ok: true as const, value: { users } });
  };
  const faulty = new Proxy(model, { get: (target, property) => (property === 'handle' ? handle : Reflect.get(target, property) as unknown) });
  transport = new SimTransport([new DeviceEndpoint(faulty, -50)], [], site.radio);
  return new Commissioner(transport, siteCredentials(site), SIMULATED_SITE_TRUST);
}

describe('the device endpoint answers every request', () => {
  it('a reply over the budget comes back MESSAGE_TOO_LARGE, and the session goes on', async () => {
    const commissioner = faultyFrontDoor('huge');
    const { refused, settings } = await commissioner.withIntercom(FRONT_DOOR, {}, async (s) => ({
      refused: await s.listUsers().catch((error: unknown) => error),
      settings: await s.getSettings(),
    }));
    expect(refused).toMatchObject({ code: 'MESSAGE_TOO_LARGE' });
    expect(settings.settings.maxUsers).toBe(10);
  });

  it('a request whose handling fails comes back INTERNAL, and the session goes on', async () => {
    const commissioner = faultyFrontDoor('throws');
    const { refused, settings } = await commissioner.withIntercom(FRONT_DOOR, {}, async (s) => ({
      refused: await s.listUsers().catch((error: unknown) => error),
      settings: await s.getSettings(),
    }));
    expect(refused).toMatchObject({ code: 'INTERNAL', message: expect.not.stringContaining('flash') as unknown });
    expect(settings.settings.maxUsers).toBe(10);
  });
});
