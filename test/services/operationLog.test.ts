/** The operations log support staff read: every call recorded, never a digit or a key. */
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { IpcResult, ResultOf } from '../../electron/ipc/contract';
import { fileOperationLog, type OperationRecord } from '../../electron/services/operationLog';
import { FRONT_DOOR, NEW_INTERCOM, tempDir } from '../helpers/demo';
import { servicesOnDemo, value } from './harness';

let demo: ReturnType<typeof servicesOnDemo> | undefined;
afterEach(async () => demo?.close());

const SETUP_KEY = 'd34e-1930-3fdf-180c-472f-ae12-13eb-49f1';

describe('operations log', () => {
  it('records each call with its outcome, and no code digits, setup key or user key', async () => {
    const path = join(tempDir(), 'logs', 'operations.log');
    demo = servicesOnDemo({ log: fileOperationLog(path) });
    const invoke = (channel: string, payload: unknown) => demo?.services.invoke(channel, payload);
    const created = value((await invoke('codes.create', { deviceId: FRONT_DOOR })) as IpcResult<ResultOf<'codes.create'>>);
    await invoke('setup.claim', { deviceId: NEW_INTERCOM, setupKey: SETUP_KEY });
    await invoke('users.add', { deviceId: FRONT_DOOR, label: 'Bob' });
    await invoke('settings.save', { deviceId: FRONT_DOOR, settings: { entryDevice: null, exitDevice: 'same', maxUsers: 7, inviteDurationHours: 1 }, baseRevision: 0 });

    const text = readFileSync(path, 'utf8');
    const records = text.trim().split('\n').map((line) => JSON.parse(line) as OperationRecord);
    expect(records.map((r) => r.channel)).toEqual(['codes.create', 'setup.claim', 'users.add', 'settings.save']);
    expect(records[0]).toMatchObject({ deviceId: FRONT_DOOR, ok: true });
    expect(records[3]).toMatchObject({ ok: false, code: 'INVALID_ARGUMENT' });
    expect(records.every((r) => typeof r.ms === 'number' && !Number.isNaN(Date.parse(r.at)))).toBe(true);
    expect(text).not.toContain(created.digits);
    expect(text).not.toContain(SETUP_KEY.replace(/-/g, ''));
    expect(text).not.toContain(SETUP_KEY);
    const bobKey = demo.env.credentials.lookup(FRONT_DOOR, 'shared');
    if (bobKey) {
      expect(text).not.toContain(Buffer.from(bobKey.key).toString('base64'));
      expect(text).not.toContain(Buffer.from(bobKey.key).toString('hex'));
    }
  });

  it('rolls over to .1 past its size limit instead of growing without bound', () => {
    const path = join(tempDir(), 'operations.log');
    writeFileSync(path, 'x'.repeat(2000));
    fileOperationLog(path, 1000).record({ at: new Date(0).toISOString(), channel: 'app.status', ms: 1, ok: true });
    expect(statSync(`${path}.1`).size).toBe(2000);
    expect(readFileSync(path, 'utf8')).toContain('"app.status"');
  });
});
