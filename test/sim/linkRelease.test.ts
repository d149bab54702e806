/**
 * Nothing keeps a finished session alive (issue 8, item 9: the soak's memory growth). The transport's set
 * of open links used to hear only of lost links, so every link the app closed itself stayed in it, and
 * with the link its listeners, the session's channel and the session. Checked by collection: the test
 * holds only WeakRefs to what it finished with.
 */
import { describe, expect, it } from 'vitest';
import type { IntercomSession } from '../../electron/core/deviceSession';
import { FlussError } from '../../electron/protocol/errors';
import { PROFILES } from '../../electron/protocol/gattProfile';
import { FRONT_DOOR, openDemo } from '../helpers/demo';
import { survivors } from '../helpers/collected';

const addressOf = (deviceId: string) => deviceId.replace(/(..)(?!$)/g, '$1:');

describe('links and sessions are released when they end', () => {
  it('five intercom sessions, each closed by the app: none of their sessions or links survives a collection', async () => {
    const demo = openDemo();
    try {
      const sessions: WeakRef<IntercomSession>[] = [];
      for (let i = 0; i < 5; i++) {
        await demo.commissioner.withIntercom('Front Door', {}, async (session) => {
          sessions.push(new WeakRef(session));
          await session.getSettings();
        });
      }
      expect(await survivors(sessions)).toBe(0);
    } finally {
      await demo.close();
    }
  });

  it('a link the app disconnected and a link that was lost are both released by the transport', async () => {
    const demo = openDemo();
    const address = addressOf(FRONT_DOOR);
    // Each link is made and let go inside its own call: the test's own variables must not hold it.
    const closeOne = async () => {
      const link = await demo.transport.connect(address, {});
      const opening = link.stats().pdusOut;
      await link.disconnect();
      return { ref: new WeakRef(link), opening };
    };
    const loseOne = async (afterPdus: number) => {
      demo.transport.faults.dropAfterPdus.set(address, afterPdus);
      const link = await demo.transport.connect(address, {});
      // Not expect(...).rejects: the assertion would keep the error, and the error's stack its frames' link.
      const outcome = await link.read(PROFILES.intercom.service, PROFILES.intercom.info).then(
        () => 'read',
        (error: unknown) => (error instanceof FlussError ? error.code : 'not a FlussError'),
      );
      expect(outcome).toBe('DISCONNECTED');
      expect(link.connected).toBe(false);
      return new WeakRef(link);
    };
    try {
      await closeOne(); // the first link discovers the layout; later ones open from the GATT cache
      const closed = await closeOne();
      const lost = await loseOne(closed.opening);
      expect([await survivors([closed.ref]), await survivors([lost])]).toEqual([0, 0]);
    } finally {
      await demo.close();
    }
  });
});
