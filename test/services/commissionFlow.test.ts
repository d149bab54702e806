/**
 * Guided commissioning in the app, at its services (issue 11, item 2): each step done through its usual
 * channel is recorded in the progress file `fluss commission` uses, in order only; an intercom that
 * vanishes stops the flow at its step with the error's words, and the step done again resumes it; the
 * CLI's flow resumes what the app started.
 */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Commissioner } from '../../electron/core/commissioner';
import { commission } from '../../electron/core/commissioning';
import { memoryTestFireRecords } from '../../electron/core/testFireRecords';
import type { CommissionFlowView, ResultOf } from '../../electron/ipc/contract';
import { SIMULATED_SITE_TRUST } from '../../electron/protocol/trustAnchors';
import { CommissionProgressFile } from '../../electron/services/commissionProgressFile';
import { memoryPrefs } from '../../electron/services/prefsStore';
import { reportKeyFile } from '../../electron/report/reportKeyFile';
import { memoryProtection } from '../../electron/storage/keyProtection';
import { GARAGE, MAIN_GATE, NEW_INTERCOM, SIDE_GATE, tempDir } from '../helpers/demo';
import { servicesOnDemo, value } from './harness';

const SETUP_KEY = 'd34e-1930-3fdf-180c-472f-ae12-13eb-49f1';
const address = (id: string) => id.replace(/(..)(?!$)/g, '$1:');

function flowApp() {
  const dir = tempDir();
  const progressPath = join(dir, 'state.json.commissioning.json');
  const prefs = memoryPrefs();
  prefs.update({ technicianName: 'Ana' });
  const app = servicesOnDemo({
    prefs,
    extra: {
      commissionProgress: new CommissionProgressFile(progressPath),
      reports: {
        signingKey: reportKeyFile(join(dir, 'report-signing-key.json'), memoryProtection('tests')),
        reportsDir: join(dir, 'reports'),
        diagnosticsDir: join(dir, 'diagnostics'),
        logDirs: [],
        doctor: () => Promise.resolve({ text: 'checks', data: [] }),
      },
    },
  });
  const call = (channel: string, payload: unknown) => app.services.invoke(channel, payload);
  const flow = async () => value(await call('commission.get', { deviceId: NEW_INTERCOM })) as CommissionFlowView | null;
  const testFire = async (deviceId: string) => {
    const { runId } = value(await call('testFire.start', { deviceId })) as ResultOf<'testFire.start'>;
    return (await app.waitFor('testFire.done', (d) => d.runId === runId, 20_000)).report;
  };
  const saveSettings = async (deviceId: string, settings: { entryDevice: string; exitDevice: string; maxUsers: number; inviteDurationHours: number }) => {
    const held = value(await call('settings.get', { deviceId })) as ResultOf<'settings.get'>;
    return call('settings.save', { deviceId, settings, baseRevision: held.revision });
  };
  return { app, call, flow, testFire, saveSettings, progressPath };
}

let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

describe('guided commissioning through the app services', () => {
  it('records each step done through its own channel, in order, in the file the CLI reads', async () => {
    const { app, call, flow, testFire, saveSettings, progressPath } = flowApp();
    close = app.close;
    expect(await flow()).toBeNull();
    // A claim before a flow is started is not commissioning: nothing is recorded.
    value(await call('setup.claim', { deviceId: NEW_INTERCOM, setupKey: SETUP_KEY }));
    expect(await flow()).toBeNull();

    // This computer owns it now: the flow starts with Claim done, at Entry and Exit Device.
    expect(value(await call('commission.start', { deviceId: NEW_INTERCOM }))).toMatchObject({ completed: ['claim'], next: 'gates' });
    // Out of order: a test-fire before the settings counts for nothing.
    expect((await testFire(NEW_INTERCOM)).passed).toBe(false);
    expect(await flow()).toMatchObject({ completed: ['claim'], next: 'gates' });

    expect(value(await call('commission.gates', { deviceId: NEW_INTERCOM, entryDevice: GARAGE, exitDevice: SIDE_GATE }))).toMatchObject({
      completed: ['claim', 'gates'],
      next: 'settings',
      gates: { entryDevice: GARAGE, exitDevice: SIDE_GATE },
    });
    value(await saveSettings(NEW_INTERCOM, { entryDevice: GARAGE, exitDevice: SIDE_GATE, maxUsers: 5, inviteDurationHours: 4 }));
    expect(await flow()).toMatchObject({ next: 'testFire' });
    expect((await testFire(NEW_INTERCOM)).passed).toBe(true);
    expect(await flow()).toMatchObject({ next: 'report' });
    const saved = value(await call('report.save', { deviceId: NEW_INTERCOM, siteName: 'Acme Works' })) as ResultOf<'report.save'>;
    expect(await flow()).toMatchObject({ completed: ['claim', 'gates', 'settings', 'testFire', 'report'], next: null, report: { pdf: saved.pdf } });

    // The file is the CLI's: another process reading it sees the same flow, settings and all.
    expect(new CommissionProgressFile(progressPath).get(NEW_INTERCOM)).toMatchObject({
      name: 'New Intercom',
      settings: { entryDevice: GARAGE, exitDevice: SIDE_GATE, maxUsers: 5, inviteDurationHours: 4 },
    });
    // Started again after it finished: a new commissioning.
    expect(value(await call('commission.start', { deviceId: NEW_INTERCOM }))).toMatchObject({ completed: ['claim'], next: 'gates' });
  }, 60_000);

  it('refuses gates before the claim, and for an intercom with no flow', async () => {
    const { app, call } = flowApp();
    close = app.close;
    expect(await call('commission.gates', { deviceId: NEW_INTERCOM, entryDevice: GARAGE, exitDevice: 'same' })).toMatchObject({ ok: false, error: { message: expect.stringMatching(/no commissioning in progress/) as unknown } });
    expect(value(await call('commission.start', { deviceId: NEW_INTERCOM }))).toMatchObject({ completed: [], next: 'claim' });
    expect(await call('commission.gates', { deviceId: NEW_INTERCOM, entryDevice: GARAGE, exitDevice: 'same' })).toMatchObject({ ok: false, error: { message: 'Claim this intercom before choosing its gates.' } });
    expect(await call('commission.start', { deviceId: NEW_INTERCOM, name: 'New Intercom' })).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
  });

  it('stops at One Time Access Settings when the intercom vanishes, and saving again once it is back resumes', async () => {
    const { app, call, flow, saveSettings } = flowApp();
    close = app.close;
    value(await call('commission.start', { deviceId: NEW_INTERCOM }));
    value(await call('setup.claim', { deviceId: NEW_INTERCOM, setupKey: SETUP_KEY }));
    value(await call('commission.gates', { deviceId: NEW_INTERCOM, entryDevice: MAIN_GATE, exitDevice: 'same' }));
    const held = value(await call('settings.get', { deviceId: NEW_INTERCOM })) as ResultOf<'settings.get'>;
    app.env.transport.vanish(address(NEW_INTERCOM));
    const failed = await call('settings.save', { deviceId: NEW_INTERCOM, settings: { ...held.settings, entryDevice: MAIN_GATE, exitDevice: 'same' }, baseRevision: held.revision });
    expect(failed).toMatchObject({ ok: false, error: { code: 'DISCONNECTED' } });
    const stopped = await flow();
    expect(stopped).toMatchObject({ completed: ['claim', 'gates'], next: 'settings', stopped: { step: 'settings', message: expect.stringMatching(/New Intercom stopped answering/) as unknown } });

    app.env.transport.supervision.reappear(address(NEW_INTERCOM));
    value(await saveSettings(NEW_INTERCOM, { ...held.settings, entryDevice: MAIN_GATE, exitDevice: 'same' }));
    const resumed = await flow();
    expect(resumed).toMatchObject({ completed: ['claim', 'gates', 'settings'], next: 'testFire' });
    expect(resumed?.stopped).toBeUndefined();
  }, 30_000);

  it('is resumed by `fluss commission` where the app left it (the same progress file)', async () => {
    const { app, call, flow, progressPath } = flowApp();
    close = app.close;
    value(await call('commission.start', { deviceId: NEW_INTERCOM }));
    value(await call('setup.claim', { deviceId: NEW_INTERCOM, setupKey: SETUP_KEY }));
    value(await call('commission.gates', { deviceId: NEW_INTERCOM, entryDevice: GARAGE, exitDevice: 'same' }));

    // The CLI's engine, with this computer's keys, on the same site and file: it resumes at One Time Access Settings.
    const cli = new Commissioner(app.env.transport, app.env.credentials, SIMULATED_SITE_TRUST);
    const outcome = await commission(
      { intercom: NEW_INTERCOM, entry: 'Garage', exit: 'same' },
      {
        commissioner: cli,
        progress: new CommissionProgressFile(progressPath),
        testFireRecords: memoryTestFireRecords(),
        writeReport: () => Promise.resolve({ json: '/r/report.json', pdf: '/r/report.pdf' }),
      },
    );
    expect(outcome.resumedAt).toBe('settings');
    // And the app sees the CLI's work at once.
    expect(await flow()).toMatchObject({ next: null, report: { pdf: '/r/report.pdf' } });
  }, 60_000);
});
