/**
 * The Site overview through the app's services (issue 11, item 1): site.list scans only (no session is
 * opened), site.checkAll reads each intercom with site.progress events, a test-fire started from the app
 * becomes the row's "last test-fire" and is written to the record file, and the file survives a restart.
 */
import { join } from 'node:path';
import { readFileSync, writeFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { TestFireRecordFile } from '../../electron/services/testFireRecordFile';
import { FRONT_DOOR, tempDir } from '../helpers/demo';
import { servicesOnDemo, value } from './harness';

let app: ReturnType<typeof servicesOnDemo> | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

describe('site overview services', () => {
  it('lists without connecting, checks all with progress, and records an app test-fire in a file that reads back', async () => {
    const path = join(tempDir(), 'test-fires.json');
    app = servicesOnDemo({ extra: { testFireRecords: new TestFireRecordFile(path) } });

    const listed = value(await app.services.invoke('site.list', {})) as { rows: { deviceId: string; relationship: string; check: { status: string } }[] };
    expect(listed.rows.map((r) => [r.deviceId, r.relationship, r.check.status]).sort()).toEqual([
      [FRONT_DOOR, 'owner', 'not checked'],
      ['f1a000000002', 'unclaimed', 'not readable'],
    ]);
    expect(app.of('connection.state')).toEqual([]);

    const { runId } = value(await app.services.invoke('testFire.start', { deviceId: FRONT_DOOR })) as { runId: string };
    const done = await app.waitFor('testFire.done', (d) => d.runId === runId, 20_000);
    expect(done.report.passed).toBe(true);

    const checked = value(await app.services.invoke('site.checkAll', {})) as { rows: { deviceId: string; lastTestFire?: { passed: boolean }; check: unknown }[] };
    const front = checked.rows.find((r) => r.deviceId === FRONT_DOOR);
    expect(front).toMatchObject({ lastTestFire: { passed: true }, check: { status: 'checked', settings: { entryDevice: { name: 'Main Gate' }, exitDevice: 'same', activeCodes: 0 } } });
    expect(app.of('site.progress').map((p) => `${p.done}/${p.total} ${p.row.check.status}`)).toEqual(['0/1 checking', '1/1 checked']);

    // The record is a validated file: a new installation run reads it back; it holds no digits.
    expect(new TestFireRecordFile(path).get(FRONT_DOOR)).toMatchObject({ passed: true });
    const stored = JSON.parse(readFileSync(path, 'utf8')) as { plain: { intercoms: Record<string, object> } };
    expect(Object.keys(stored.plain.intercoms[FRONT_DOOR] ?? {}).sort()).toEqual(['at', 'passed', 'totalMs']);
  }, 40_000);

  it('two holders of one record file (the app and the CLI) never undo each other\'s record', () => {
    const path = join(tempDir(), 'test-fires.json');
    const appFile = new TestFireRecordFile(path);
    const cliFile = new TestFireRecordFile(path); // loaded before the app records: an old copy
    const report = (passed: boolean) => ({ passed, steps: [], totalMs: 1200, codeLeftActive: false });
    appFile.record(FRONT_DOOR, report(true), new Date(1_000));
    cliFile.record('f1a000000002', report(false), new Date(2_000));
    const reread = new TestFireRecordFile(path);
    expect(reread.get(FRONT_DOOR)).toMatchObject({ passed: true });
    expect(reread.get('f1a000000002')).toMatchObject({ passed: false });
  });

  it('sets an unreadable record file aside and starts empty, saying so', () => {
    const dir = tempDir();
    const path = join(dir, 'test-fires.json');
    writeFileSync(path, '{"format":"fluss-plain-v1","plain":{"version":1,"intercoms":{"nope":1}}}');
    const file = new TestFireRecordFile(path);
    expect(file.notice).toMatch(/unreadable.*set aside/);
    expect(file.get(FRONT_DOOR)).toBeUndefined();
  });
});
