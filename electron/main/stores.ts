/**
 * The Electron app's persistence: one electron-store file (preferences, sites and devices seen,
 * technician name, keys sealed with safeStorage). electron-store imports Electron, so it stays here.
 */
import { join } from 'node:path';
import { safeStorage } from 'electron';
import Store from 'electron-store';
import type { CredentialSource } from '../core/credentials';
import type { PrefsStore } from '../services/prefsStore';
import { openSettingAside, prefsOnStore, SafeCredentialStore, STORE_SCHEMA } from './persistence';

export interface ElectronStores {
  prefs: PrefsStore;
  credentials: CredentialSource;
  notices: string[];
}

export function openElectronStores(userDataDir: string): ElectronStores {
  const name = 'fluss-app';
  const opened = openSettingAside(join(userDataDir, `${name}.json`), () => new Store({ name, cwd: userDataDir, schema: STORE_SCHEMA, clearInvalidConfig: false }));
  const notices = opened.notice === undefined ? [] : [opened.notice];
  const credentials = new SafeCredentialStore(opened.store, safeStorage);
  notices.push(...credentials.notices);
  return { prefs: prefsOnStore(opened.store, notices), credentials, notices };
}
