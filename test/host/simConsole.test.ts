/**
 * The browser host's `--sim-console` (fault injection for UI tests): `vanish` cuts a device's power on
 * the simulated air (it is heard no more, and a connection waits for it), `reappear` brings it back;
 * anything else is answered with the commands it knows.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { runCommand } from '../../electron/host/simConsole';
import { NEW_INTERCOM, openDemo } from '../helpers/demo';

let demo: ReturnType<typeof openDemo>;
afterEach(async () => {
  await demo.close();
});

describe('the simulator console', () => {
  it('vanishes and brings back a device by name or id', async () => {
    demo = openDemo();
    expect(runCommand('vanish New Intercom', demo.sim, demo.transport)).toBe('sim: New Intercom vanished');
    expect(demo.transport.supervision.isGone('f1:a0:00:00:00:02')).toBe(true);
    await expect(demo.commissioner.readInfo(NEW_INTERCOM, { signal: AbortSignal.timeout(500) })).rejects.toThrow();
    expect(runCommand(`reappear ${NEW_INTERCOM}`, demo.sim, demo.transport)).toBe('sim: New Intercom reappeared');
    expect((await demo.commissioner.readInfo(NEW_INTERCOM)).name).toBe('New Intercom');
  });

  it('says what it understands', () => {
    demo = openDemo();
    expect(runCommand('explode Front Door', demo.sim, demo.transport)).toMatch(/unknown command.*vanish <device>, reappear <device>/);
    expect(runCommand('vanish Back Door', demo.sim, demo.transport)).toBe('sim: no device "Back Door" on this site');
  });
});
