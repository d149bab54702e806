import type { Role } from '../protocol/messages';
import { randomBytes } from 'node:crypto';
import type { Credential } from '../protocol/secureSession';

export type { Credential };

/**
 * A user's key for one device, with the role the device knows it by, and the identity key the device
 * proved when the key was filed (pinned: a device with another identity key is refused).
 */
export interface StoredCredential extends Credential {
  role: Role;
  identityKey?: Uint8Array | undefined;
}

/**
 * A fresh user id for one device, random per installation and device (security issue #9, finding 10): the
 * HELLO carries it in clear, so it must say nothing about the technician and link nothing across sites.
 */
export function randomUserId(): string {
  return `u-${randomBytes(8).toString('hex')}`;
}

/** The newest of a device's credentials that has `role` (any role when undefined): a replaced key stays filed, but older. */
export function newestWithRole<T extends { role: Role }>(list: readonly T[] | undefined, role: Role | undefined): T | undefined {
  return list?.findLast((c) => role === undefined || c.role === role);
}

/**
 * Where sessions get keys from: the app's encrypted store, the CLI's sealed file, or a simulated site's
 * demo users. `role` asks for a particular identity when the source holds more than one.
 */
export interface CredentialSource {
  lookup(deviceId: string, role?: Role): StoredCredential | undefined;
  /**
   * Remembers a credential (after claiming a device or being given a shared key). It never drops another
   * user id's key: a credential that takes over a role stays filed beside the old one, which lookup then
   * passes over (the old key is recoverable, security issue #9, finding 1).
   */
  remember(deviceId: string, credential: StoredCredential): void;
  /** Whether this computer keeps a key of its own for the device (a simulated site's demo users do not count). */
  holds(deviceId: string): boolean;
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
    holds: (deviceId) => sources.some((source) => source.holds(deviceId)),
  };
}
