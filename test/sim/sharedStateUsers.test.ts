/**
 * One simulated site, two running apps on one state file (the browser host and a second installation with
 * `--sim-keys`): a shared user the first one adds can connect through the second at once. The intercom
 * looks up a connecting user's key in the handshake, before any request: that lookup must take up what
 * another process wrote, as requests do (electron/sim/modelSlot.ts).
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_PASSPHRASE } from '../helpers/cli';
import { FRONT_DOOR, openDemo, tempDir } from '../helpers/demo';

let before: string | undefined;
beforeAll(() => {
  // Sealed state in a file both sites read (without a keychain or passphrase the state stays in memory).
  before = process.env.FLUSS_PASSPHRASE;
  process.env.FLUSS_PASSPHRASE = TEST_PASSPHRASE;
});
afterAll(() => {
  if (before === undefined) delete process.env.FLUSS_PASSPHRASE;
  else process.env.FLUSS_PASSPHRASE = before;
});

describe('two sites on one state file', () => {
  it('a user added through one is let in through the other, which was already running', async () => {
    const statePath = join(tempDir(), 'state.json');
    const owner = openDemo({ statePath });
    const second = openDemo({ statePath });
    try {
      const userId = 'u-00112233445566aa';
      const key = new Uint8Array(randomBytes(32));
      await owner.commissioner.withIntercom(FRONT_DOOR, { role: 'owner' }, (session) => session.addSharedUser(userId, key));
      second.local.remember(FRONT_DOOR, { userId, key, role: 'shared' });
      const codes = await second.commissioner.withIntercom(FRONT_DOOR, { role: 'shared' }, (session) => session.listCodes());
      expect(Array.isArray(codes)).toBe(true);
    } finally {
      await second.close();
      await owner.close();
    }
  }, 30_000);
});
