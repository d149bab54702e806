import type { CredentialSource, StoredCredential } from '../core/credentials';
import type { Site } from './siteFile';

/**
 * The demo users of a simulated site as a credential source: every device of the site knows them
 * (gates always; intercoms once claimed by the site's owner). Read-only: claims are remembered elsewhere.
 */
export function siteCredentials(site: Site): CredentialSource {
  const users: StoredCredential[] = site.users.map((u) => ({ userId: u.userId, role: u.role, key: new Uint8Array(Buffer.from(u.key, 'base64')) }));
  const deviceIds = new Set(site.devices.map((d) => d.deviceId));
  return {
    lookup: (deviceId, role = 'owner') => (deviceIds.has(deviceId) ? users.find((u) => u.role === role) : undefined),
    remember: () => undefined,
    holds: () => false,
  };
}
