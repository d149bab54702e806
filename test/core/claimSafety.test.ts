/**
 * Security issue #9, finding 1: a claim files the owner key under the identity the device proved, never
 * overwrites a key this computer holds without the technician's confirmation, and keeps the old one.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { NEW_INTERCOM, openDemo } from '../helpers/demo';

const SETUP_KEY = new Uint8Array(Buffer.from('d34e19303fdf180c472fae1213eb49f1', 'hex'));
let demo: ReturnType<typeof openDemo> | undefined;
afterEach(async () => {
  await demo?.close();
  demo = undefined;
});

describe('claiming is bound to the proven device', () => {
  it('files the owner key under the proven id with its identity key pinned, and a random user id', async () => {
    demo = openDemo();
    const info = await demo.commissioner.claim('New Intercom', SETUP_KEY);
    expect(info.deviceId).toBe(NEW_INTERCOM);
    const filed = demo.local.saved.get(NEW_INTERCOM) ?? [];
    expect(filed).toHaveLength(1);
    expect(filed[0]?.userId).toMatch(/^u-[0-9a-f]{16}$/);
    expect(filed[0]?.identityKey).toHaveLength(32);
  });

  it('refuses to claim over a key this computer holds, sending nothing, unless the technician confirms; the old key is kept', async () => {
    demo = openDemo();
    const old = { userId: 'u-0000000000000001', role: 'owner' as const, key: new Uint8Array(32).fill(3) };
    demo.local.remember(NEW_INTERCOM, old);
    await expect(demo.commissioner.claim('New Intercom', SETUP_KEY)).rejects.toMatchObject({ code: 'CREDENTIAL_EXISTS' });
    // Nothing was sent: the intercom is still unclaimed and the setup key still works.
    expect((await demo.commissioner.find(NEW_INTERCOM, 'intercom')).claimed).toBe(false);
    await demo.commissioner.claim('New Intercom', SETUP_KEY, { replaceExisting: true });
    const filed = demo.local.saved.get(NEW_INTERCOM) ?? [];
    expect(filed.map((c) => c.userId)).toEqual([old.userId, expect.stringMatching(/^u-/) as string]);
    expect(demo.local.lookup(NEW_INTERCOM, 'owner')?.userId).not.toBe(old.userId);
    const users = await demo.commissioner.withIntercom(NEW_INTERCOM, {}, (s) => s.listUsers());
    expect(users).toHaveLength(1);
  });
});
