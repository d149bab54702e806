/** The Site overview's calls: list what is heard, or "Check all" with progress (the work is in main). */
import { call, getApi } from '../api';
import type { EventTypes } from '@ipc/contract';

export const listSite = () => call('site.list', {});

/** Runs "Check all", passing each progress event to `onProgress` until it ends. */
export async function checkAllSite(onProgress: (progress: EventTypes['site.progress']) => void) {
  const off = getApi().on('site.progress', onProgress);
  try {
    return await call('site.checkAll', {});
  } finally {
    off();
  }
}
