/** What an intercom operation works on: the live state, the moment it runs, and the injected randomness. */
import type { AccessSettings } from '../protocol/messages';
import type { AuditLog } from './auditLog';
import type { CodeBook } from './codeBook';
import type { LockoutState } from './keypadLockout';
import type { RequestMemory } from './requestMemory';
import type { RandomSource } from './types';
import type { UserRecord } from './users';

/** The intercom's state while it runs; every field persists (see intercomState.ts). */
export interface IntercomLive {
  readonly deviceId: string;
  readonly setupKey: Uint8Array;
  users: UserRecord[];
  settings: AccessSettings;
  revision: number;
  lockout: LockoutState;
  readonly codes: CodeBook;
  readonly requests: RequestMemory;
  readonly audit: AuditLog;
}

export interface OpContext {
  readonly live: IntercomLive;
  /** The clock at the start of the operation (ms, integer): one request is one instant. */
  readonly now: number;
  readonly random: RandomSource;
  /** Marks persistent state as changed, so the host writes flash when the operation ends. */
  touch(): void;
}
