/**
 * Issue 8, item 2, at the app's services: a device that vanishes is reported lost (what Device Details
 * shows with Reconnect) within the supervision timeout, and the call in flight fails in the user's words.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { FRONT_DOOR } from '../helpers/demo';
import { servicesOnDemo, value } from './harness';

const address = FRONT_DOOR.replace(/(..)(?!$)/g, '$1:');
let app: ReturnType<typeof servicesOnDemo>;
afterEach(async () => {
  await app.close();
});

describe('a device lost in the middle of an operation', () => {
  it('is reported lost, the create fails saying who stopped answering and what to do, and Reconnect works once it is back', async () => {
    app = servicesOnDemo();
    value(await app.services.invoke('intercom.open', { deviceId: FRONT_DOOR }));
    app.env.transport.vanish(address);
    const started = Date.now();
    const creating = app.services.invoke('codes.create', { deviceId: FRONT_DOOR });
    const lost = await app.waitFor('connection.state', (s) => s.deviceId === FRONT_DOOR && s.state === 'lost');
    // Shown lost within the supervision timeout; the create fails soon after, once one quick reconnect
    // has shown the device is gone (a weak-signal blip would have reconnected and sent it again).
    expect(Date.now() - started).toBeLessThan(6_000);
    const created = await creating;
    expect(Date.now() - started).toBeLessThan(12_000);
    expect(lost.reason).toMatch(/supervision timeout/);
    expect(created).toMatchObject({
      ok: false,
      // The create may have reached the intercom before it vanished: the app says the outcome is unknown,
      // and where to look for a code it could not show (link issue #8, item 4).
      error: {
        code: 'DISCONNECTED',
        message: expect.stringMatching(/^Front Door stopped answering while creating a code, and could not be reached again to check whether it was done\. It may hold a new code/) as unknown,
        hint: 'Move closer, press Reconnect, and check before trying again.',
      },
    });
    app.env.transport.supervision.reappear(address);
    // Reconnect in Device Details opens the session again.
    value(await app.services.invoke('intercom.open', { deviceId: FRONT_DOOR }));
    expect(app.of('connection.state').map((s) => s.state)).toEqual(['connected', 'lost', 'connected']);
  }, 15_000);
});
