/** One-time codes: list with the device's clock, create (digits shown once), revoke (stops at once). */
import type { ResultOf } from '@ipc/contract';
import { call } from '../api';
import type { CodeList } from '../store/codesSlice';
import { useStore } from '../store/store';

export async function loadCodes(deviceId: string): Promise<void> {
  if (useStore.getState().codes.status === 'idle') useStore.setState({ codes: { status: 'loading' } });
  const result = await call('codes.list', { deviceId });
  useStore.setState({ codes: result.ok ? { status: 'ready', value: codeListOf(result.value) } : { status: 'failed', error: result.error } });
}

/** The list as the store keeps it, from a `codes.list` answer (or the same read again after an event gap). */
export function codeListOf(listed: ResultOf<'codes.list'>): CodeList {
  return {
    codes: listed.codes,
    deviceNow: listed.deviceNow,
    fetchedAt: Date.now(),
    labels: listed.labels,
    ...(listed.maxActive === undefined ? {} : { maxActive: listed.maxActive }),
  };
}

export async function createCode(deviceId: string): Promise<void> {
  useStore.setState({ codesBusy: true, codesError: null });
  const result = await call('codes.create', { deviceId });
  useStore.setState({ codesBusy: false, codesError: result.ok ? null : result.error });
  if (result.ok) {
    useStore.setState({ newCode: { digits: result.value.digits, code: result.value.code } });
    await loadCodes(deviceId);
  }
}

/** Labels a code on this computer (the device never sees labels); an empty label removes it. */
export async function labelCode(deviceId: string, codeId: string, label: string): Promise<boolean> {
  const result = await call('codes.label', { deviceId, codeId, label });
  if (!result.ok) {
    useStore.getState().showNotice({ kind: 'error', text: result.error.message, ...(result.error.hint ? { hint: result.error.hint } : {}) });
    return false;
  }
  const codes = useStore.getState().codes;
  if (codes.status === 'ready') {
    const others = Object.entries(codes.value.labels).filter(([id]) => id !== codeId);
    const labels = Object.fromEntries(result.value.label === '' ? others : [...others, [codeId, result.value.label]]);
    useStore.setState({ codes: { ...codes, value: { ...codes.value, labels } } });
  }
  return true;
}

/** Forgets the digits: they are shown once and never stored. */
export function dismissNewCode(): void {
  useStore.setState({ newCode: null });
}

export function askRevoke(codeId: string | null): void {
  useStore.setState({ revokeTarget: codeId });
}

/**
 * Revokes a code. The confirmation stays open (its button busy) until the list is read again, so when it
 * closes, focus can go to what is there then (issue 10, section 2).
 */
export async function revokeCode(deviceId: string, codeId: string): Promise<void> {
  useStore.setState({ codesBusy: true, codesError: null });
  const result = await call('codes.revoke', { deviceId, codeId });
  useStore.setState({ codesError: result.ok ? null : result.error });
  if (result.ok) useStore.getState().showNotice({ kind: 'success', text: 'Code revoked. It stopped working immediately.' });
  await loadCodes(deviceId);
  useStore.setState({ codesBusy: false, revokeTarget: null });
}
