/**
 * A refused key says which key it was (issue 10, bug 4.8): the intercom answers a wrong setup key and
 * an unknown shared user alike, but the app knows which it offered. Against the simulated site.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { explainAuthFailure } from '../../electron/core/authFailure';
import { FlussError } from '../../electron/protocol/errors';
import { NEW_INTERCOM, openDemo } from '../helpers/demo';

let demo: ReturnType<typeof openDemo>;
afterEach(async () => demo.close());

const SETUP_KEY = new Uint8Array(Buffer.from('d34e19303fdf180c472fae1213eb49f1', 'hex'));

describe('which key an intercom refused', () => {
  it('a wrong setup key is called a wrong setup key', async () => {
    demo = openDemo();
    const claim = demo.commissioner.claim('New Intercom', new Uint8Array(16));
    await expect(claim).rejects.toMatchObject({
      code: 'AUTH_FAILED',
      message: 'New Intercom did not accept this setup key.',
    });
    await expect(claim).rejects.toMatchObject({
      hint: expect.stringContaining('label inside this intercom') as string,
    });
  });

  it('a shared user the intercom does not have is named as such', async () => {
    demo = openDemo();
    await demo.commissioner.claim('New Intercom', SETUP_KEY);
    const open = demo.commissioner.withIntercom(NEW_INTERCOM, { role: 'shared' }, () => Promise.resolve());
    await expect(open).rejects.toMatchObject({
      code: 'AUTH_FAILED',
      message:
        'New Intercom has no shared user demo-shared: its owner has not added that user, or removed it.',
    });
  });

  it('leaves every other error as it was', () => {
    const timeout = new FlussError('TIMEOUT', 'No answer.');
    expect(explainAuthFailure(timeout, { kind: 'setup' }, 'X')).toBe(timeout);
  });
});
