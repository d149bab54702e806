/**
 * The core's "events missed" notice over the in-process simulator: a device that loses events (its queue
 * overflowed: counters used, frames never sent) is seen as a gap when the next event arrives; the notice
 * names how many were missed and which audit seqs they carried, so the caller can read exactly those.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { watchEventGaps, missedSeqRange, eventsMissedWords, type EventsMissed } from '../../electron/core/eventsMissed';
import { IntercomSession } from '../../electron/core/deviceSession';
import { newRequestId } from '../../electron/core/requestId';
import type { DeviceEvent } from '../../electron/protocol/messages';
import { SIMULATED_SITE_TRUST } from '../../electron/protocol/trustAnchors';
import { DEMO_SITE } from '../../electron/sim/demoSite';
import { FRONT_DOOR, openDemo } from '../helpers/demo';

let demo: ReturnType<typeof openDemo>;
afterEach(async () => demo.close());

const owner = DEMO_SITE.users[0];
const ownerKey = new Uint8Array(Buffer.from(owner.key, 'base64'));

async function ownerSession(): Promise<IntercomSession> {
  const endpoint = demo.sim.peripherals().find((p) => p.model.deviceId === FRONT_DOOR);
  if (!endpoint) throw new Error('no Front Door');
  const session = await IntercomSession.connect(demo.transport, { address: endpoint.address, label: 'Front Door' }, { userId: owner.userId, key: ownerKey }, { trust: SIMULATED_SITE_TRUST });
  await session.getSettings(); // the first request authenticates: the device sends events from then on
  return session;
}

const until = async (test: () => boolean) => {
  const started = Date.now();
  while (!test()) {
    if (Date.now() - started > 5000) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
};

describe('watchEventGaps', () => {
  it('reports a gap once the event that revealed it was delivered, with the missed audit seqs', async () => {
    demo = openDemo();
    const session = await ownerSession();
    const events: DeviceEvent[] = [];
    const notices: EventsMissed[] = [];
    session.onEvent((e) => events.push(e));
    watchEventGaps(session, (n) => notices.push(n));
    const endpoint = demo.sim.peripherals().find((p) => p.model.deviceId === FRONT_DOOR);
    if (!endpoint) throw new Error('no Front Door');

    await session.createCode(newRequestId()); // arrives: seq s
    await until(() => events.length === 1);
    endpoint.dropEvents = 2;
    for (let i = 0; i < 3; i++) await session.createCode(newRequestId()); // s+1, s+2 lost; s+3 arrives
    await until(() => notices.length === 1);
    const first = events[0]?.seq ?? 0;
    expect(events.map((e) => e.seq)).toEqual([first, first + 3]);
    expect(notices).toEqual([{ missed: 2, lastSeqBefore: first, revealedBySeq: first + 3 }]);
    expect(missedSeqRange(notices[0] as EventsMissed)).toEqual({ fromSeq: first + 1, beforeSeq: first + 3 });
    await session.close();
  });

  it('counts back from the revealing event when none came before it', () => {
    expect(missedSeqRange({ missed: 3, revealedBySeq: 10 })).toEqual({ fromSeq: 7, beforeSeq: 10 });
    expect(missedSeqRange({ missed: 3 })).toBeUndefined();
  });
});

describe('eventsMissedWords', () => {
  it("says what happened and what was read again, in the technician's words", () => {
    expect(eventsMissedWords('Front Door', 3, ['codes', 'settings'])).toBe('Front Door sent events this app did not receive (3 missed). The codes and settings shown were read again.');
    expect(eventsMissedWords('Front Door', 1, ['codes', 'settings', 'users'])).toBe('Front Door sent events this app did not receive (1 missed). The codes, settings and users shown were read again.');
    expect(eventsMissedWords('Front Door', 2, ['codes'], { message: 'Front Door stopped answering.' })).toBe(
      'Front Door sent events this app did not receive (2 missed). Reading what is shown again did not work: Front Door stopped answering.',
    );
  });
});
