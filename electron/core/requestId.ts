import { randomBytes } from 'node:crypto';

/** A fresh request id (16 random bytes as hex) for a state-changing request the device remembers. */
export function newRequestId(): string {
  return randomBytes(16).toString('hex');
}
