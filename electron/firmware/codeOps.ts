/**
 * codes.create, codes.list, codes.revoke and the lazy expiry sweep. Codes expire at createdAt + the
 * Invite Duration in force when they were created; the device has no timers, so expiry is evaluated at
 * every request and keypad entry (an expired code can never be used, because every use sweeps first).
 */
import { fail, ok, type Result } from '../protocol/errors';
import type { ArgsOf, ResultOf } from '../protocol/messages';
import { summaryOf } from './codeBook';
import { drawCodeId, drawDigits } from './codeGenerator';
import type { OpContext } from './opContext';

const HOUR_MS = 3_600_000;

/** Expires due codes (auditing each) and forgets long-ended ones. */
export function sweepCodes(ctx: OpContext): void {
  const { codes, audit } = ctx.live;
  for (const code of codes.expireDue(ctx.now)) {
    audit.append(ctx.now, 'code.expired', 'device', { codeId: code.codeId, expiresAt: code.expiresAt });
    ctx.touch();
  }
  if (codes.prune(ctx.now)) ctx.touch();
}

/** A new code, valid for the current Invite Duration, counted against the current Max Users. */
export function createCode(ctx: OpContext, actor: string): Result<ResultOf<'codes.create'>> {
  const { settings, codes, audit } = ctx.live;
  if (settings.entryDevice === null) {
    return fail('NO_ENTRY_DEVICE', 'Choose an Entry Device in One Time Access Settings before creating codes.', 'Open One Time Access Settings and pick the gate a code should open.');
  }
  const live = codes.live(ctx.now);
  if (live.length >= settings.maxUsers) {
    return fail(
      'MAX_USERS_REACHED',
      `This intercom already has ${live.length} active ${live.length === 1 ? 'code' : 'codes'}; Max Users allows ${settings.maxUsers}.`,
      'Revoke a code that is no longer needed, or raise Max Users in One Time Access Settings (lower limits are safer).',
    );
  }
  // Never the digits of a live code, of a recently ended one (every code the book still keeps: at least
  // 24 h past its end), or of a wrong entry still counted: a guest's old code or a guesser's earlier try
  // must not become someone's new code (security issue #9, finding 5).
  const wrong = ctx.live.lockout.wrongDigits;
  const digits = drawDigits(ctx.random, (d) => codes.holdsDigits(d) || wrong.includes(d));
  if (!digits.ok) return digits;
  const codeId = drawCodeId(ctx.random, (id) => codes.byId(id) !== undefined);
  if (!codeId.ok) return codeId;
  const code = {
    codeId: codeId.value,
    state: 'active' as const,
    createdBy: actor,
    createdAt: ctx.now,
    expiresAt: ctx.now + settings.inviteDurationHours * HOUR_MS,
    digits: digits.value,
  };
  codes.add(code);
  audit.append(ctx.now, 'code.created', actor, { codeId: code.codeId, expiresAt: code.expiresAt });
  ctx.touch();
  return ok({ code: summaryOf(code), digits: code.digits });
}

/** One page of the codes not older than a day past their expiry, newest first (never their digits). */
export function listCodes(ctx: OpContext, args: ArgsOf<'codes.list'>): ResultOf<'codes.list'> {
  return ctx.live.codes.listPage(ctx.now, args.after);
}

/** Stops a live code at once, for entry and exit; an ended code is returned unchanged. */
export function revokeCode(ctx: OpContext, codeId: string, actor: string): Result<ResultOf<'codes.revoke'>> {
  const code = ctx.live.codes.byId(codeId);
  if (code === undefined) {
    return fail('CODE_NOT_FOUND', `This intercom has no code ${codeId}.`, 'Reload the list of codes: it may have ended more than a day ago.');
  }
  if (code.state === 'active' || code.state === 'entered') {
    code.state = 'revoked';
    ctx.live.audit.append(ctx.now, 'code.revoked', actor, { codeId });
    ctx.touch();
  }
  return ok({ code: summaryOf(code) });
}
