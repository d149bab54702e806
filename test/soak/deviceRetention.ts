/**
 * Brings the intercom's flash to its retention caps before the soak measures anything. Every cycle adds
 * codes (the soak's own and test-fire's) and audit entries, which the firmware keeps up to RETAINED_CODES
 * and SECURITY_RETAINED and then drops oldest first. That growth is the device's state (the simulated
 * intercom lives in the soak's process), not the app's: left in, it counts roughly 0.5 MB of legitimate
 * state as growth over the first few hundred cycles. Filled first, whatever grows afterwards is a leak.
 */
import { randomBytes } from 'node:crypto';
import { SECURITY_RETAINED } from '../../electron/firmware/auditLog';
import { RETAINED_CODES } from '../../electron/firmware/codeBook';
import type { IntercomModel } from '../../electron/firmware/intercom';
import type { SessionIdentity } from '../../electron/firmware/types';

interface Retained {
  codes: number;
  auditEntries: number;
}

/** What the intercom's flash holds now. */
export function retained(intercom: IntercomModel): Retained {
  const state = intercom.snapshot().state as { codes?: unknown[]; audit?: { entries?: unknown[] } };
  return { codes: state.codes?.length ?? 0, auditEntries: state.audit?.entries?.length ?? 0 };
}

/**
 * Creates and revokes codes through the intercom's own request handling (in process, not over the air)
 * until it retains RETAINED_CODES codes and SECURITY_RETAINED security entries, so its caps are reached.
 * Leaves no live code. Returns how many codes it created.
 */
export async function fillToRetention(intercom: IntercomModel, owner: SessionIdentity): Promise<number> {
  const full = () => {
    const now = retained(intercom);
    return now.codes >= RETAINED_CODES && now.auditEntries >= SECURITY_RETAINED;
  };
  let created = 0;
  // Each round adds one code and two security entries; the bound only stops a model that stopped growing.
  for (let round = 0; !full(); round++) {
    if (round > RETAINED_CODES + SECURITY_RETAINED) throw new Error(`the intercom's flash did not reach its caps: ${JSON.stringify(retained(intercom))}`);
    const made = await intercom.handle({ id: 2 * round + 1, op: 'codes.create', args: { requestId: randomBytes(16).toString('hex') } }, owner);
    if (!made.ok) throw new Error(`filling the intercom's flash: codes.create failed: ${made.error.message}`);
    const { code } = made.value as { code: { codeId: string } };
    const revoked = await intercom.handle({ id: 2 * round + 2, op: 'codes.revoke', args: { requestId: randomBytes(16).toString('hex'), codeId: code.codeId } }, owner);
    if (!revoked.ok) throw new Error(`filling the intercom's flash: codes.revoke failed: ${revoked.error.message}`);
    created++;
  }
  return created;
}
