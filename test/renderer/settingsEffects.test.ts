import { beforeEach, describe, expect, it } from 'vitest';
import { setApi } from '../../renderer/src/api';
import { resetStore, useStore } from '../../renderer/src/store/store';
import { changedParts, isDirty } from '../../renderer/src/store/settingsSlice';
import { loadSettings, saveSettings } from '../../renderer/src/effects/settings';
import { navigate, resolveLeave, saveAndLeave } from '../../renderer/src/effects/navigation';
import { openIntercom } from '../../renderer/src/effects/session';
import { err, fakeApi, ok, type FakeApi } from './fakeApi';
import { GARAGE, INTERCOM, sessionView, snapshot } from './fixtures';

let fake: FakeApi;

async function onSettingsPage(role: 'owner' | 'shared' = 'owner') {
  fake.handle('intercom.open', () => ok(sessionView(role)));
  fake.handle('settings.get', () => ok(snapshot()));
  fake.handle('codes.list', () => ok({ codes: [], deviceNow: 0, labels: {} }));
  await openIntercom(INTERCOM);
  useStore.setState({ route: { screen: 'settings', deviceId: INTERCOM } });
  await loadSettings(INTERCOM);
}

beforeEach(() => {
  resetStore();
  fake = fakeApi();
  setApi(fake.api);
});

describe('One Time Access Settings effects', () => {
  it('loads the snapshot as an unchanged draft', async () => {
    await onSettingsPage();
    const s = useStore.getState().settings;
    expect(s.status).toBe('ready');
    expect(isDirty(s)).toBe(false);
  });

  it('marks the draft dirty and says which parts changed', async () => {
    await onSettingsPage();
    useStore.getState().setDraft({ maxUsers: 5 });
    expect(isDirty(useStore.getState().settings)).toBe(true);
    expect(changedParts(useStore.getState().settings)).toEqual({ gates: false, limits: true });
    useStore.getState().setDraft({ entryDevice: GARAGE });
    expect(changedParts(useStore.getState().settings)).toEqual({ gates: true, limits: true });
  });

  it('saves with the base revision, confirms and returns to Device Details', async () => {
    await onSettingsPage();
    fake.handle('settings.save', (req) => ok({ settings: req.settings, revision: req.baseRevision + 1 }));
    useStore.getState().setDraft({ maxUsers: 25, inviteDurationHours: 4 });
    expect(await saveAndLeave()).toBe(true);
    const save = fake.calls.find((c) => c.channel === 'settings.save');
    expect(save?.request).toMatchObject({ deviceId: INTERCOM, baseRevision: 3, settings: { maxUsers: 25, inviteDurationHours: 4 } });
    const state = useStore.getState();
    expect(state.route).toEqual({ screen: 'device', deviceId: INTERCOM });
    expect(state.notice?.text).toBe('One Time Access Settings saved.');
    expect(isDirty(state.settings)).toBe(false);
  });

  it('save with no changes sends nothing to the device (issue 10, bug 4.3)', async () => {
    await onSettingsPage();
    fake.handle('settings.save', (req) => ok({ settings: req.settings, revision: req.baseRevision + 1 }));
    expect(await saveAndLeave()).toBe(false);
    // A change made and then undone is no change either.
    useStore.getState().setDraft({ maxUsers: 5 });
    useStore.getState().setDraft({ maxUsers: 10 });
    expect(await saveSettings()).toBe(false);
    expect(fake.calls.some((c) => c.channel === 'settings.save')).toBe(false);
    expect(useStore.getState().notice).toBeNull();
    expect(useStore.getState().route.screen).toBe('settings');
  });

  it('keeps the draft and shows STALE_REVISION so the user can reload', async () => {
    await onSettingsPage();
    fake.handle('settings.save', () => err('STALE_REVISION', 'Another session changed these settings; reload to see them'));
    useStore.getState().setDraft({ maxUsers: 2 });
    expect(await saveSettings()).toBe(false);
    const s = useStore.getState().settings;
    expect(s.status === 'ready' && s.error?.code).toBe('STALE_REVISION');
    expect(s.status === 'ready' && s.draft.maxUsers).toBe(2);
    expect(useStore.getState().route.screen).toBe('settings');
    fake.handle('settings.get', () => ok(snapshot(4)));
    await loadSettings(INTERCOM);
    const reloaded = useStore.getState().settings;
    expect(reloaded.status === 'ready' && reloaded.snapshot.revision).toBe(4);
    expect(isDirty(reloaded)).toBe(false);
  });

  it('asks before leaving with unsaved changes; Save keeps them', async () => {
    await onSettingsPage();
    fake.handle('settings.save', (req) => ok({ settings: req.settings, revision: req.baseRevision + 1 }));
    useStore.getState().setDraft({ exitDevice: GARAGE });
    expect(navigate({ screen: 'device', deviceId: INTERCOM })).toBe(false);
    expect(useStore.getState().leavePrompt).toEqual({ screen: 'device', deviceId: INTERCOM });
    await resolveLeave('save');
    expect(fake.calls.some((c) => c.channel === 'settings.save')).toBe(true);
    expect(useStore.getState().route).toEqual({ screen: 'device', deviceId: INTERCOM });
    const s = useStore.getState().settings;
    expect(s.status === 'ready' && s.snapshot.settings.exitDevice).toBe(GARAGE);
  });

  it('asks before leaving with unsaved changes; Cancel discards them', async () => {
    await onSettingsPage();
    useStore.getState().setDraft({ inviteDurationHours: 1 });
    navigate({ screen: 'devices' });
    await resolveLeave('discard');
    expect(fake.calls.some((c) => c.channel === 'settings.save')).toBe(false);
    expect(useStore.getState().route).toEqual({ screen: 'devices' });
  });

  it('never prompts a shared user, whose page is read-only', async () => {
    await onSettingsPage('shared');
    useStore.getState().setDraft({ maxUsers: 1 });
    expect(navigate({ screen: 'device', deviceId: INTERCOM })).toBe(true);
    expect(useStore.getState().leavePrompt).toBeNull();
  });
});
