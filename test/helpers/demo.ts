import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Commissioner } from '../../electron/core/commissioner';
import { chainCredentials, newestWithRole, type CredentialSource, type StoredCredential } from '../../electron/core/credentials';
import { DEMO_SITE } from '../../electron/sim/demoSite';
import { parseSite, type Site } from '../../electron/sim/siteFile';
import { SimSite } from '../../electron/sim/simSite';
import { siteCredentials } from '../../electron/sim/siteCredentials';
import { SIMULATED_SITE_TRUST } from '../../electron/protocol/trustAnchors';

export const FRONT_DOOR = 'f1a000000001';
export const NEW_INTERCOM = 'f1a000000002';
export const MAIN_GATE = 'f16000000001';
export const GARAGE = 'f16000000002';
export const SIDE_GATE = 'f16000000003';

/** The demo site with a fast radio, so tests exercise the real protocol without waiting on air time. */
export function demoSite(edit: (site: Site) => void = () => undefined): Site {
  const site = parseSite(structuredClone(DEMO_SITE));
  site.radio = { connectionIntervalMs: 1, advertisingIntervalMs: 20, mtu: 247 };
  edit(site);
  return site;
}

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'fluss-test-'));
}

/** An in-memory credential store, the part of the app a test stands in for. */
export function memoryCredentials(): CredentialSource & { saved: Map<string, StoredCredential[]> } {
  const saved = new Map<string, StoredCredential[]>();
  return {
    saved,
    lookup: (deviceId, role) => newestWithRole(saved.get(deviceId), role),
    remember: (deviceId, credential) => saved.set(deviceId, [...(saved.get(deviceId) ?? []), credential]),
    holds: (deviceId) => (saved.get(deviceId)?.length ?? 0) > 0,
  };
}

export function openDemo(options: { site?: Site; statePath?: string; gateAnswerTimeoutMs?: number } = {}) {
  const site = options.site ?? demoSite();
  const sim = new SimSite({
    site,
    ...(options.statePath ? { statePath: options.statePath } : {}),
    gateAnswerTimeoutMs: options.gateAnswerTimeoutMs ?? 200,
  });
  const transport = sim.createTransport();
  const local = memoryCredentials();
  const commissioner = new Commissioner(transport, chainCredentials(local, siteCredentials(site)), SIMULATED_SITE_TRUST);
  return { site, sim, transport, commissioner, local, close: () => transport.close() };
}
