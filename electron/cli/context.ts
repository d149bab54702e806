/**
 * Turns the global options into the things every command needs: a transport (the simulated site for
 * --sim), the credential sources and the Commissioner. Built once per run, closed on the way out.
 */
import { join } from 'node:path';
import { Commissioner } from '../core/commissioner';
import { chainCredentials } from '../core/credentials';
import { FlussError } from '../protocol/errors';
import type { Role } from '../protocol/messages';
import { SimSite } from '../sim/simSite';
import { defaultSimStatePath } from '../sim/simState';
import { siteCredentials } from '../sim/siteCredentials';
import { loadSite } from '../sim/siteFile';
import { CredentialFile } from '../storage/credentialFile';
import { defaultDataDir } from '../storage/dataDir';
import type { Output } from './output';

export interface GlobalOptions {
  /** true for the built-in demo site, a path for a site file, undefined for real Bluetooth. */
  sim?: string | boolean;
  simState?: string;
  role: Role;
  json: boolean;
}

export interface CliContext {
  commissioner: Commissioner;
  role: Role;
  out: Output;
  /** The device's time (the simulator's clock can run ahead of the wall clock). */
  now: () => number;
  /** Present with --sim: the simulated site (for `fluss sim ...`). */
  site?: SimSite;
  close(): Promise<void>;
}

export function createContext(options: GlobalOptions, out: Output): CliContext {
  if (options.sim === undefined || options.sim === false) {
    throw new FlussError(
      'ADAPTER_UNAVAILABLE',
      'Real Bluetooth is not supported by this build of fluss yet.',
      'Use --sim to work with the built-in simulated site.',
    );
  }
  const site = loadSite(typeof options.sim === 'string' ? options.sim : undefined);
  const statePath = options.simState ?? defaultSimStatePath();
  const simSite = new SimSite({ site, statePath });
  for (const notice of simSite.notices) {
    out.warn(`The simulator's state file was unreadable (${notice.reason}); it was set aside at ${notice.path} and the site starts fresh.`);
  }
  const transport = simSite.createTransport();
  // Keys from claims on the simulator live beside its state: they belong to those simulated devices.
  const keyFile = new CredentialFile(options.simState ? `${statePath}.keys.json` : join(defaultDataDir(), 'sim-keys.json'));
  if (keyFile.notice) out.warn(keyFile.notice);
  const commissioner = new Commissioner(transport, chainCredentials(keyFile, siteCredentials(site)));
  return {
    commissioner,
    role: options.role,
    out,
    now: () => simSite.clock.now(),
    site: simSite,
    close: () => transport.close(),
  };
}
