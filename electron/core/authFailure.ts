/**
 * Says which key an intercom refused. The device answers a wrong key and an unknown user alike (so a
 * stranger cannot learn which user ids it knows: docs/protocol.md), and the protocol's AUTH_FAILED can
 * only say "check that your access was not removed; an unclaimed intercom takes its setup key". The
 * app knows which key it offered, so it can say which it is (issue 10, bug 4.8).
 */
import { FlussError, toFlussError } from '../protocol/errors';
import type { Role } from '../protocol/messages';

/** The key that was offered: the setup key from the label, or a user's key with its role. */
export type OfferedKey = { kind: 'setup' } | { kind: 'user'; userId: string; role: Role };

/** AUTH_FAILED reworded for the key that was refused; every other error unchanged. */
export function explainAuthFailure(error: unknown, offered: OfferedKey, deviceName: string): FlussError {
  const e = toFlussError(error);
  if (e.code !== 'AUTH_FAILED') return e;
  if (offered.kind === 'setup') {
    return new FlussError(
      'AUTH_FAILED',
      `${deviceName} did not accept this setup key.`,
      'Check it against the label inside this intercom’s cover: every intercom has its own key.',
      { cause: e },
    );
  }
  if (offered.role === 'shared') {
    return new FlussError(
      'AUTH_FAILED',
      `${deviceName} has no shared user ${offered.userId}: its owner has not added that user, or removed it.`,
      `Ask the owner to add ${offered.userId} as a shared user, or connect as the owner.`,
      { cause: e },
    );
  }
  return new FlussError(
    'AUTH_FAILED',
    `${deviceName} did not accept the owner key of ${offered.userId}: it may have been reset, or claimed by someone else.`,
    'If it was reset, claim it again with its setup key; otherwise ask its owner to share access with you.',
    { cause: e },
  );
}

/** Runs `open` and rewords a refused key (see explainAuthFailure). */
export async function explainingAuth<T>(
  open: () => Promise<T>,
  offered: OfferedKey,
  deviceName: string,
): Promise<T> {
  try {
    return await open();
  } catch (error) {
    throw explainAuthFailure(error, offered, deviceName);
  }
}
