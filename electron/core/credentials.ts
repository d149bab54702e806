import type { Role } from '../protocol/messages';
import type { Credential } from '../protocol/secureSession';

export type { Credential };

/** A user's key for one device, with the role the device knows it by. */
export interface StoredCredential extends Credential {
  role: Role;
}

/**
 * Where sessions get keys from: the app's encrypted store, the CLI's sealed file, or a simulated site's
 * demo users. `role` asks for a particular identity when the source holds more than one.
 */
export interface CredentialSource {
  lookup(deviceId: string, role?: Role): StoredCredential | undefined;
  /** Remembers a credential (after claiming a device or being given a shared key). */
  remember(deviceId: string, credential: StoredCredential): void;
}

/** Tries each source in turn; remembers into the first. */
export function chainCredentials(...sources: CredentialSource[]): CredentialSource {
  return {
    lookup: (deviceId, role) => {
      for (const source of sources) {
        const found = source.lookup(deviceId, role);
        if (found) return found;
      }
      return undefined;
    },
    remember: (deviceId, credential) => sources[0]?.remember(deviceId, credential),
  };
}
