/** Code labels live on this computer (prefs), never on the device; the list says how many codes Max Users allows. */
import { describe, expect, it } from 'vitest';
import type { ResultOf } from '../../electron/ipc/contract';
import { memoryPrefs } from '../../electron/services/prefsStore';
import { FRONT_DOOR } from '../helpers/demo';
import { servicesOnDemo, value } from './harness';

describe('code labels and the active-code limit', () => {
  it('keeps a label per code on this computer, shows it in the list, and removes it when emptied', async () => {
    const prefs = memoryPrefs();
    const app = servicesOnDemo({ prefs });
    try {
      const call = (channel: string, payload: unknown) => app.services.invoke(channel, payload);
      const created = value(await call('codes.create', { deviceId: FRONT_DOOR, label: '  Anna, plumber ' })) as ResultOf<'codes.create'>;
      expect(created.label).toBe('Anna, plumber');
      const listed = value(await call('codes.list', { deviceId: FRONT_DOOR })) as ResultOf<'codes.list'>;
      expect(listed.labels).toEqual({ [created.code.codeId]: 'Anna, plumber' });
      expect(listed.maxActive).toBe(10);
      expect(prefs.codeLabels(FRONT_DOOR)).toEqual({ [created.code.codeId]: 'Anna, plumber' });
      value(await call('codes.label', { deviceId: FRONT_DOOR, codeId: created.code.codeId, label: '' }));
      expect((value(await call('codes.list', { deviceId: FRONT_DOOR })) as ResultOf<'codes.list'>).labels).toEqual({});
    } finally {
      await app.close();
    }
  });

  it('refuses a label over 32 characters or with control characters, before anything is created', async () => {
    const app = servicesOnDemo();
    try {
      const call = (channel: string, payload: unknown) => app.services.invoke(channel, payload);
      expect(await call('codes.create', { deviceId: FRONT_DOOR, label: 'x'.repeat(33) })).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT', message: expect.stringMatching(/at most 32/) as unknown } });
      expect(await call('codes.label', { deviceId: FRONT_DOOR, codeId: '0123abcd', label: 'a\u0007b' })).toMatchObject({ ok: false, error: { message: expect.stringMatching(/control characters/) as unknown } });
      const listed = value(await call('codes.list', { deviceId: FRONT_DOOR })) as ResultOf<'codes.list'>;
      expect(listed.codes.filter((c) => c.state === 'active')).toEqual([]);
    } finally {
      await app.close();
    }
  });
});
