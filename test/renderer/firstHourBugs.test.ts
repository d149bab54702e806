/** The renderer's side of issue 10's "bugs in the app", as effects and store rules (the UI: test/e2e). */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { setApi } from '../../renderer/src/api';
import { resetStore, useStore } from '../../renderer/src/store/store';
import { matchesQuery, visibleDevices } from '../../renderer/src/store/scanSlice';
import { claimWaitMs, FREE_CLAIM_TRIES } from '../../renderer/src/store/setupSlice';
import { BLINK_SHOWN_MS, identifyGate } from '../../renderer/src/effects/scan';
import { claimIntercom } from '../../renderer/src/effects/setup';
import { navigate, resolveTestFireLeave } from '../../renderer/src/effects/navigation';
import { openIntercom } from '../../renderer/src/effects/session';
import { onTestFireDone, startTestFire } from '../../renderer/src/effects/testFire';
import { activeCountText } from '../../renderer/src/screens/ImpactNote';
import { err, fakeApi, ok, type FakeApi } from './fakeApi';
import { INTERCOM, MAIN_GATE, scanList, sessionView } from './fixtures';

const RUN = '0123456789abcdef';
const KEY = 'd34e-1930-3fdf-180c-472f-ae12-13eb-49f1';
const NEW_INTERCOM = 'f1a000000002';

let fake: FakeApi;
beforeEach(() => {
  resetStore();
  fake = fakeApi();
  setApi(fake.api);
});
afterEach(() => {
  vi.useRealTimers();
});

describe('bug 4.1: leaving during a test-fire', () => {
  it('asks first instead of closing the session under the run; Keep running leaves it running', async () => {
    fake.handle('intercom.open', () => ok(sessionView()));
    await openIntercom(INTERCOM);
    useStore.setState({ route: { screen: 'testFire', deviceId: INTERCOM } });
    fake.handle('testFire.start', () => ok({ runId: RUN }));
    await startTestFire(INTERCOM);
    expect(navigate({ screen: 'devices' })).toBe(false);
    expect(useStore.getState().testFireLeave).toEqual({ screen: 'devices' });
    await resolveTestFireLeave('stay');
    expect(useStore.getState().route.screen).toBe('testFire');
    expect(fake.calls.some((c) => c.channel === 'intercom.close' || c.channel === 'testFire.cancel')).toBe(false);
  });

  it('Stop test-fire and leave cancels, waits for the run to end, then goes (and only then closes the session)', async () => {
    fake.handle('intercom.open', () => ok(sessionView()));
    await openIntercom(INTERCOM);
    useStore.setState({ route: { screen: 'testFire', deviceId: INTERCOM } });
    fake.handle('testFire.start', () => ok({ runId: RUN }));
    fake.handle('testFire.cancel', () => {
      // The service reports the cancelled run's end after it revoked its test code.
      setTimeout(() => onTestFireDone({ runId: RUN, report: { passed: false, steps: [], totalMs: 5, codeLeftActive: false } }), 5);
      return ok(null);
    });
    await startTestFire(INTERCOM);
    navigate({ screen: 'devices' });
    await resolveTestFireLeave('stop');
    const order = fake.calls.map((c) => c.channel).filter((c) => c === 'testFire.cancel' || c === 'intercom.close');
    expect(order).toEqual(['testFire.cancel', 'intercom.close']);
    expect(useStore.getState().route).toEqual({ screen: 'devices' });
  });
});

describe('bug 4.4: Identify', () => {
  it('"Blinking now" clears once the blink is over', async () => {
    vi.useFakeTimers();
    fake.handle('gate.identify', () => ok(null));
    await identifyGate(MAIN_GATE);
    expect(useStore.getState().identify[MAIN_GATE]?.status).toBe('done');
    vi.advanceTimersByTime(BLINK_SHOWN_MS + 1);
    expect(useStore.getState().identify[MAIN_GATE]).toBeUndefined();
  });
});

describe('bug 4.5: search finds what the rows show', () => {
  const list = scanList();
  const names = (query: string, showOthers = false) =>
    visibleDevices(list, { query, kindFilter: 'all', sortOrder: 'name', showOthers }).map((d) => d.name);

  it('"gate" finds every Fluss+ Gate, Garage included', () => {
    expect(names('gate')).toEqual(['Garage', 'Main Gate']);
  });

  it('an id or MAC fragment finds its device, with or without separators', () => {
    expect(names('f16000000002')).toEqual(['Garage']);
    expect(names('f1:60:00:00:00:02')).toEqual(['Garage']);
    const pixel = { key: '5c:e9:1e:4a:10:02', kind: 'other' as const, name: 'Pixel 8', rssi: -40, lastSeen: 0 };
    expect(matchesQuery(pixel, '1E-4A')).toBe(true);
    expect(matchesQuery(pixel, '1e4a')).toBe(true);
    expect(matchesQuery(pixel, '4a:99')).toBe(false);
  });

  it('finds the model, the firmware and the claim state', () => {
    expect(names('FI-100')).toEqual(['Front Door']);
    expect(names('1.4.2')).toEqual(['Front Door']);
    expect(names('unclaimed')).toEqual(['New Intercom']);
  });
});

describe('bug 4.7: a test-fire result belongs to its session', () => {
  it('switching to the shared user clears the previous result', async () => {
    fake.handle('intercom.open', (req) => ok(sessionView(req.role ?? 'owner')));
    await openIntercom(INTERCOM, 'owner');
    useStore.setState({ testFire: { status: 'done', deviceId: INTERCOM, report: { passed: true, steps: [], totalMs: 900, codeLeftActive: false } } });
    await openIntercom(INTERCOM, 'shared');
    expect(useStore.getState().testFire).toEqual({ status: 'idle' });
  });
});

describe('bug 4.11: wrong setup keys back off', () => {
  it('lets a few typos through, then waits longer after each wrong key, without asking the intercom', async () => {
    vi.useFakeTimers();
    fake.handle('setup.claim', () => err('AUTH_FAILED', 'New Intercom did not accept this setup key.'));
    for (let i = 0; i < FREE_CLAIM_TRIES; i++) expect(await claimIntercom(NEW_INTERCOM, KEY)).toBe(false);
    const sent = () => fake.calls.filter((c) => c.channel === 'setup.claim').length;
    expect(sent()).toBe(FREE_CLAIM_TRIES);
    // The next try is refused here, before anything is sent, and says how long to wait.
    expect(await claimIntercom(NEW_INTERCOM, KEY)).toBe(false);
    expect(sent()).toBe(FREE_CLAIM_TRIES);
    const claim = useStore.getState().claim;
    expect(claim.status === 'failed' && claim.error.message).toMatch(/3 wrong setup keys in a row, so the next try waits 10 s\./);
    vi.advanceTimersByTime(claimWaitMs(FREE_CLAIM_TRIES));
    expect(await claimIntercom(NEW_INTERCOM, KEY)).toBe(false);
    expect(sent()).toBe(FREE_CLAIM_TRIES + 1);
    expect(claimWaitMs(FREE_CLAIM_TRIES + 1)).toBe(2 * claimWaitMs(FREE_CLAIM_TRIES));
    expect(claimWaitMs(100)).toBe(5 * 60_000);
  });

  it('a dropped link is no wrong key, and a successful claim forgets the count', async () => {
    fake.handle('setup.claim', () => err('TIMEOUT', 'No answer.'));
    for (let i = 0; i < 5; i++) await claimIntercom(NEW_INTERCOM, KEY);
    expect(useStore.getState().claimBackoff[NEW_INTERCOM]).toBeUndefined();
    fake.handle('setup.claim', () => err('AUTH_FAILED', 'Wrong key.'));
    await claimIntercom(NEW_INTERCOM, KEY);
    fake.handle('setup.claim', () => ok({ ...sessionView().info, deviceId: NEW_INTERCOM, name: 'New Intercom' }));
    fake.handle('intercom.open', () => ok(sessionView()));
    expect(await claimIntercom(NEW_INTERCOM, KEY)).toBe(true);
    expect(useStore.getState().claimBackoff[NEW_INTERCOM]).toBeUndefined();
  });
});

describe('bug 4.13: wording', () => {
  it('never says "the 0 active codes" or "1 active codes"', () => {
    expect(activeCountText(0)).toBe('; no codes are active now.');
    expect(activeCountText(1)).toBe(' to the 1 active code.');
    expect(activeCountText(3)).toBe(' to the 3 active codes.');
  });
});
