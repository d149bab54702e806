/**
 * Who hears what live: an intercom's events are its audit entries, and the audit log is the owner's
 * (audit.read is owner-only), so the device sends a shared user only the events about what a shared user
 * may read anyway: codes and settings. The device decides, not the app (security: roles on the device).
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { DeviceEvent, Request } from '../../electron/protocol/messages';
import { FRONT_DOOR, openDemo } from '../helpers/demo';

let demo: ReturnType<typeof openDemo> | undefined;
afterEach(async () => {
  await demo?.close();
  demo = undefined;
});

const OWNER = { kind: 'user' as const, userId: 'demo-owner', role: 'owner' as const };
let id = 1;
const request = (op: string, args: object) => ({ id: id++, op, args }) as unknown as Request;
const rid = () => (id++).toString(16).padStart(32, '0');

/** What a session of `role` hears while the owner (directly on the model) does one of everything. */
async function hearWhileEverythingHappens(role: 'owner' | 'shared'): Promise<string[]> {
  demo = openDemo();
  const model = demo.sim.intercom(FRONT_DOOR);
  if (!model) throw new Error('no Front Door');
  const heard: string[] = [];
  await demo.commissioner.withIntercom(FRONT_DOOR, { role }, async (s) => {
    s.onEvent((e: DeviceEvent) => heard.push(e.type));
    await s.getSettings(); // the first request authenticates: events flow from then on
    expect((await model.handle(request('codes.create', { requestId: rid() }), OWNER)).ok).toBe(true);
    await model.handle(request('users.add', { requestId: rid(), userId: 'u-0123456789abcdef', role: 'shared', key: new Uint8Array(32).fill(7) }), OWNER);
    await model.keypad('0000');
    const { value } = (await model.handle(request('settings.get', {}), OWNER)) as { value: { revision: number; settings: object } };
    await model.handle(request('settings.set', { requestId: rid(), baseRevision: value.revision, settings: { ...value.settings, maxUsers: 5 } }), OWNER);
    await s.getSettings(); // a round trip: every event sent before its reply has arrived
  });
  await demo.close();
  demo = undefined;
  return heard;
}

describe('live events by role', () => {
  it('a shared user hears codes and settings, not users or keypad refusals', async () => {
    expect(await hearWhileEverythingHappens('shared')).toEqual(['code.created', 'settings.changed']);
  });

  it('the owner hears every entry of the audit log', async () => {
    expect(await hearWhileEverythingHappens('owner')).toEqual(['code.created', 'user.added', 'code.refused', 'settings.changed']);
  });
});
