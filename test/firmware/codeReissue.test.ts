/**
 * Recently ended digits are not issued again (security issue #9, finding 5): a code's digits stay out of
 * the draw while the intercom keeps the code (until 24 h past its expiry), across reboots, and so do the
 * digits of wrong entries still counted against the keypad budget.
 */
import { describe, expect, it } from 'vitest';
import { LIST_WINDOW_MS } from '../../electron/firmware/codeBook';
import { createIntercom, restoreIntercom, type IntercomModel } from '../../electron/firmware/intercom';
import type { PersistedDevice, RandomSource } from '../../electron/firmware/types';
import { FakeGateLink, GATE_A, HOUR, ManualClock, intercomConfig, newCode, rid, seededRandom, value } from './helpers';

/** A seeded stream that first serves the bytes it is told to: it steers the next code's digits. */
function steeredRandom(seed: string): RandomSource & { steer(digits: string): void; readonly pending: number } {
  const stream = seededRandom(seed);
  const queue: number[] = [];
  return {
    steer(digits) {
      const v = Number(digits);
      queue.push(v >> 8, v & 0xff);
    },
    get pending() {
      return queue.length;
    },
    bytes(n) {
      if (queue.length >= n) return Uint8Array.from(queue.splice(0, n));
      return stream.bytes(n);
    },
  };
}

/** Digits that are not trivial (so the generator would issue them, were they free). */
const D = '4711';

function bench(random = steeredRandom('reissue'), clock = new ManualClock()) {
  const model = createIntercom(intercomConfig({ settings: { entryDevice: GATE_A, inviteDurationHours: 2 } }), { clock, random, gates: new FakeGateLink() });
  return { model, random, clock };
}

/** Creates a code while the generator's first draw is `digits`; returns the digits it got. */
async function createSteered(model: IntercomModel, random: ReturnType<typeof steeredRandom>, n: number, digits = D): Promise<{ codeId: string; digits: string }> {
  random.steer(digits);
  const created = await newCode(model, rid(n));
  expect(random.pending).toBe(0);
  return created;
}

describe('recently ended digits', () => {
  const endings: [string, (b: ReturnType<typeof bench>, code: { codeId: string; digits: string }) => Promise<unknown>][] = [
    ['revoked', (b, { codeId }) => value(b.model, 'codes.revoke', { codeId })],
    ['used', async (b, { digits }) => (await b.model.keypad(digits), await b.model.keypad(digits))],
    ['expired', (b) => {
      b.clock.advance(2 * HOUR);
      return Promise.resolve();
    }],
  ];

  it.each(endings)('are not issued again once a code is %s, even after a reboot', async (_, end) => {
    const b = bench();
    const first = await createSteered(b.model, b.random, 1);
    expect(first.digits).toBe(D);
    await end(b, first);
    // The generator draws D first and must reject it.
    expect((await createSteered(b.model, b.random, 2)).digits).not.toBe(D);

    const random = steeredRandom('after reboot');
    const restored = restoreIntercom(JSON.parse(JSON.stringify(b.model.snapshot())) as PersistedDevice, { clock: b.clock, random, gates: new FakeGateLink() });
    if (!restored.ok) throw new Error(restored.error.message);
    expect((await createSteered(restored.value, random, 3)).digits).not.toBe(D);
  });

  it('are free again once the intercom forgets the code, 24 h past its expiry', async () => {
    const b = bench();
    const first = await createSteered(b.model, b.random, 1);
    await value(b.model, 'codes.revoke', { codeId: first.codeId });
    b.clock.advance(2 * HOUR + LIST_WINDOW_MS - 1);
    expect((await createSteered(b.model, b.random, 2)).digits).not.toBe(D);
    b.clock.advance(1);
    expect((await createSteered(b.model, b.random, 3)).digits).toBe(D);
  });

  it('a wrong entry’s digits are not issued while it counts, and are free after the owner clears the keypad', async () => {
    const b = bench();
    expect(await b.model.keypad(D)).toEqual({ outcome: 'refused', reason: 'unknown' });
    expect((await createSteered(b.model, b.random, 1)).digits).not.toBe(D);
    await value(b.model, 'keypad.clearLockout', {});
    expect((await createSteered(b.model, b.random, 2)).digits).toBe(D);
  });
});
