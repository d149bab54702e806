/**
 * First-time setup that survives a lost link (link issue #8, item 4). The claim carries a request id and
 * is sent again with it while its reply is lost. A claim that applied retires the setup key, so a retry
 * after a lost reply is refused (AUTH_FAILED): then, and when every retry is lost, the app reads back by
 * authenticating with the new owner key. The key is filed whenever the device may hold it, so an
 * intercom claimed by a reply that never arrived is never left with an owner key nobody has.
 */
import { randomBytes } from 'node:crypto';
import { FlussError } from '../protocol/errors';
import type { DeviceInfo } from '../protocol/messages';
import { explainingAuth } from './authFailure';
import { retryOnLinkLoss } from './confirmedChange';
import type { CredentialSource } from './credentials';
import type { OperationOptions } from './deadline';
import type { IntercomSession, PinnedCredential } from './deviceSession';
import { idempotentRequest, newRequestId } from './idempotentRequest';
import { isLinkLoss } from './linkLoss';
import { notDoneError, outcomeUnknownError } from './linkWords';
import { SessionKeeper } from './sessionKeeper';

export interface ClaimPlan {
  /** How the technician knows the device, for messages. */
  label: string;
  setupKey: Uint8Array;
  ownerUserId: string;
  /** The technician confirmed replacing the key this computer already holds for the device. */
  replaceExisting?: boolean | undefined;
  credentials: CredentialSource;
  /** Opens an authenticated session with the intercom under `credential` (the handshake proves its identity). */
  connect: (credential: PinnedCredential, options: OperationOptions) => Promise<IntercomSession>;
}

/**
 * Claims an unclaimed intercom: a fresh random owner key for `plan.ownerUserId`, filed under the device id
 * the handshake proved, with the identity key pinned. Returns the device's info as the handshake gave it.
 * @throws FlussError CREDENTIAL_EXISTS before claiming (unless replaceExisting); the device's refusal;
 * DISCONNECTED when the link kept dropping: the message says whether the device is still unclaimed, or that
 * it could not be checked (the owner key is then kept, in case it was set up).
 */
export async function claimIntercom(plan: ClaimPlan, options: OperationOptions = {}): Promise<DeviceInfo> {
  const setup = { userId: 'setup', key: plan.setupKey };
  const keeper = await SessionKeeper.open((o) => explainingAuth(() => plan.connect(setup, o), { kind: 'setup' }, plan.label), options);
  const proven = keeper.session.peer;
  const owner = { userId: plan.ownerUserId, key: new Uint8Array(randomBytes(32)), role: 'owner' as const, identityKey: proven.identityKey };
  try {
    if (plan.credentials.holds(proven.deviceId) && !plan.replaceExisting) {
      throw new FlussError(
        'CREDENTIAL_EXISTS',
        `This computer already holds a key for the device ${proven.deviceId} (${plan.label}).`,
        'If the intercom was reset and you mean to claim it again, confirm replacing the key (the old one is kept).',
      );
    }
    const args = { requestId: newRequestId(), ownerUserId: owner.userId, ownerKey: owner.key };
    let sent = 0;
    try {
      await idempotentRequest(keeper, 'claim', args, { ...options, onProgress: (p) => (sent = p.attempt) });
    } catch (error) {
      // A retry's setup key refused (never the first send's: that is a wrong key): an earlier send applied
      // and retired it. Every send lost: unknown. Either way, read back who owns the intercom now.
      const settle = isLinkLoss(error) || (sent > 1 && error instanceof FlussError && error.code === 'AUTH_FAILED');
      if (!settle || options.signal?.aborted) throw error;
      await keeper.close();
      const found = await readBackClaim(plan, owner, setup, options);
      if (found === 'unknown') plan.credentials.remember(proven.deviceId, owner);
      if (found !== 'ours') throw claimNotConfirmed(plan.label, found, error);
    }
  } finally {
    await keeper.close();
  }
  plan.credentials.remember(proven.deviceId, owner);
  return proven.info;
}

type ClaimReadBack = 'ours' | 'unclaimed' | 'another owner' | 'unknown';

/** Who the device now belongs to, read back: our owner key authenticates (ours), else the setup key does (unclaimed). */
async function readBackClaim(plan: ClaimPlan, owner: PinnedCredential, setup: PinnedCredential, options: OperationOptions): Promise<ClaimReadBack> {
  const asOwner = await accepts(plan, owner, options);
  if (asOwner !== false) return asOwner === 'unknown' ? 'unknown' : 'ours';
  const asSetup = await accepts(plan, setup, options);
  if (asSetup === 'unknown') return 'unknown';
  return asSetup ? 'unclaimed' : 'another owner';
}

/** Whether the device authenticates `credential`, reconnecting while the link drops; 'unknown' if it never answers. */
async function accepts(plan: ClaimPlan, credential: PinnedCredential, options: OperationOptions): Promise<boolean | 'unknown'> {
  let keeper: SessionKeeper<IntercomSession> | undefined;
  try {
    keeper = await SessionKeeper.open((o) => plan.connect(credential, o), options);
    const opened = keeper;
    // The first request carries AUTH: info.get, which any authenticated session may ask, setup key included.
    await retryOnLinkLoss(opened, options, () => opened.session.request('info.get', {}, options));
    return true;
  } catch (error) {
    if (error instanceof FlussError && error.code === 'AUTH_FAILED') return false;
    if (isLinkLoss(error) && !options.signal?.aborted) return 'unknown';
    throw error;
  } finally {
    await keeper?.close();
  }
}

/** What the technician hears when the claim's reply never came and the read-back did not find it ours. */
function claimNotConfirmed(label: string, found: Exclude<ClaimReadBack, 'ours'>, cause: unknown): FlussError {
  if (found === 'unclaimed') return notDoneError(label, 'claim', `${label} is still unclaimed.`, cause);
  if (found === 'another owner') {
    return new FlussError('ALREADY_CLAIMED', `${label} now has an owner, and it is not this computer.`, 'Ask its owner to share access with you instead.', { cause });
  }
  // The owner key is filed (claimIntercom), so if the claim applied the intercom can still be opened.
  return outcomeUnknownError(label, 'claim', 'Its new owner key is kept on this computer, so if it was set up you can still open it.', cause);
}
