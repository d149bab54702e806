/**
 * How to tell, by reading the device, whether a state-changing request took effect: the "outcome unknown"
 * branch of confirmedChange.ts (link issue #8, item 4: "When the outcome cannot be known, the app reads the
 * state back and says what the device holds"). Each read is read-only, except codes.create's: a code's
 * digits are only ever told in the create's reply, so its read-back asks the device, by the same request
 * id, for the reply it remembers (it makes the code now if the first request never arrived).
 */
import type { AccessSettings, ArgsOf, ResultOf } from '../protocol/messages';
import type { OperationOptions } from './deadline';
import type { IntercomSession } from './deviceSession';
import type { RememberedOp } from './idempotentRequest';

/** What a read-back found: the change is on the device (with the reply it would have sent), or what it holds instead. */
export type Found<O extends RememberedOp> = { applied: true; result: ResultOf<O> } | { applied: false; holds: string };

export type ReadBack<O extends RememberedOp> = (session: IntercomSession, args: ArgsOf<O>, options: OperationOptions) => Promise<Found<O>>;

/** The read-back of each op an intercom session makes (claim has its own: claimIntercom.ts). */
export const READ_BACKS: { [O in Exclude<RememberedOp, 'claim'>]: ReadBack<O> } = {
  'settings.set': async (session, args, options) => {
    const snapshot = await session.getSettings(options);
    return sameSettings(snapshot.settings, args.settings)
      ? { applied: true, result: snapshot }
      : { applied: false, holds: `${session.label} still holds the settings it had before.` };
  },
  'codes.create': async (session, args, options) => ({ applied: true, result: await session.request('codes.create', args, options) }),
  'codes.revoke': async (session, args, options) => {
    const code = (await session.listCodes(options)).find((c) => c.codeId === args.codeId);
    if (code?.state === 'revoked') return { applied: true, result: { code } };
    return { applied: false, holds: code ? `${session.label} still has the code ${code.codeId} as ${code.state}.` : `${session.label} no longer lists the code ${args.codeId}.` };
  },
  'users.add': async (session, args, options) => {
    const users = await session.listUsers(options);
    return users.some((u) => u.userId === args.userId)
      ? { applied: true, result: {} }
      : { applied: false, holds: `${session.label} does not have the new user.` };
  },
  'users.remove': async (session, args, options) => {
    const users = await session.listUsers(options);
    return users.some((u) => u.userId === args.userId)
      ? { applied: false, holds: `${session.label} still has the user.` }
      : { applied: true, result: {} };
  },
};

export function sameSettings(a: AccessSettings, b: AccessSettings): boolean {
  return (
    a.entryDevice === b.entryDevice &&
    a.exitDevice === b.exitDevice &&
    a.maxUsers === b.maxUsers &&
    a.inviteDurationHours === b.inviteDurationHours
  );
}
