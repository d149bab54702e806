/**
 * The built-in simulated site as the app's radio: the SimSite, its in-process transport and the
 * credential chain (the app's own key store first, then the site's demo users), assembled as the CLI's
 * --sim context does (electron/cli/context.ts).
 */
import { join } from 'node:path';
import { chainCredentials, type CredentialSource } from '../core/credentials';
import { SimSite } from '../sim/simSite';
import { defaultSimStatePath } from '../sim/simState';
import { siteCredentials } from '../sim/siteCredentials';
import { loadSite, type Site } from '../sim/siteFile';
import type { SimTransport } from '../sim/simTransport';
import { defaultDataDir } from '../storage/dataDir';
import { fileCredentials, memoryCredentials } from './nodeStores';

export interface SimEnvironmentOptions {
  /** A site file; absent means the built-in demo site. */
  sitePath?: string;
  /** An already parsed site (tests), instead of sitePath. */
  site?: Site;
  /** Where the simulated devices keep their flash; absent means the default state file. */
  statePath?: string;
  /** Keep device state in memory only (tests). */
  inMemory?: boolean;
  /** The app's own key store; absent means a sealed key file at `keysPath`, or beside the state file. */
  credentials?: CredentialSource;
  /** Where the app's sealed key file is (a second installation on the same simulated site); absent: beside the state file. */
  keysPath?: string;
  gateAnswerTimeoutMs?: number;
}

export interface SimEnvironment {
  site: SimSite;
  siteName: string;
  transport: SimTransport;
  credentials: CredentialSource;
  /** The simulated devices' clock (it can run ahead of the wall clock). */
  now: () => number;
  /** Things to tell the technician: state or key files that were unreadable and set aside. */
  notices: string[];
  close(): Promise<void>;
}

export function createSimEnvironment(options: SimEnvironmentOptions = {}): SimEnvironment {
  const siteData = options.site ?? loadSite(options.sitePath);
  const statePath = options.inMemory ? undefined : (options.statePath ?? defaultSimStatePath());
  const site = new SimSite({
    site: siteData,
    ...(statePath === undefined ? {} : { statePath }),
    ...(options.gateAnswerTimeoutMs === undefined ? {} : { gateAnswerTimeoutMs: options.gateAnswerTimeoutMs }),
  });
  const notices = site.notices.map((n) => `The simulator's state file was unreadable (${n.reason}); it was set aside at ${n.path} and the site starts fresh.`);
  let local = options.credentials;
  if (!local && statePath === undefined) local = memoryCredentials();
  if (!local) {
    // Keys from claims on the simulator live beside its state: they belong to those simulated devices.
    const keyFile = fileCredentials(options.keysPath ?? `${statePath ?? join(defaultDataDir(), 'sim-state.json')}.keys.json`);
    if (keyFile.notice) notices.push(keyFile.notice);
    local = keyFile;
  }
  const transport = site.createTransport();
  return {
    site,
    siteName: siteData.name,
    transport,
    credentials: chainCredentials(local, siteCredentials(siteData)),
    now: () => site.clock.now(),
    notices,
    close: () => transport.close(),
  };
}
