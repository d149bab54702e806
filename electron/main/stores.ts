/**
 * The Electron app's persistence: one electron-store file (preferences, sites and devices seen,
 * technician name, keys sealed with safeStorage unless its backend is Linux's basic_text), mode 0600.
 * electron-store imports Electron, so it stays here.
 */
import { join } from 'node:path';
import { safeStorage } from 'electron';
import Store from 'electron-store';
import type { CredentialSource } from '../core/credentials';
import type { PrefsStore } from '../services/prefsStore';
import type { SigningKeySource } from '../report/signingKey';
import { safeReportKey } from './reportKeyStore';
import { openSettingAside, prefsOnStore, SafeCredentialStore, STORE_OPTIONS, tightenStoreFile, trustedCipher } from './persistence';

export interface ElectronStores {
  prefs: PrefsStore;
  credentials: CredentialSource;
  /** The installation's report-signing key, sealed with safeStorage like the device keys. */
  reportKey: SigningKeySource;
  notices: string[];
}

export function openElectronStores(userDataDir: string): ElectronStores {
  const name = 'fluss-app';
  const path = join(userDataDir, `${name}.json`);
  tightenStoreFile(path);
  const opened = openSettingAside(path, () => new Store({ name, cwd: userDataDir, ...STORE_OPTIONS }));
  const notices = opened.notice === undefined ? [] : [opened.notice];
  // basic_text (Linux without a secret store) counts as no encryption: keys then stay in memory.
  const cipher = trustedCipher(safeStorage);
  const credentials = new SafeCredentialStore(opened.store, cipher);
  notices.push(...credentials.notices);
  return { prefs: prefsOnStore(opened.store, notices), credentials, reportKey: safeReportKey(opened.store, cipher), notices };
}
