/**
 * A code entered at the keypad (or through the owner's diagnostic keypad.enter): the first valid use
 * opens the Entry Device, the second the Exit Device, anything later is refused. Wrong codes count
 * against the keypad lockout (keypadLockout.ts), and so do the digits of an ended code: they are refused
 * as `unknown`, exactly like digits never issued, so the keypad never tells a guesser that a code
 * existed (security issue #9, finding 5).
 */
import { CODE_LENGTH, SAME_AS_ENTRY } from '../protocol/accessRules';
import type { KeypadOutcome } from '../protocol/messages';
import type { StoredCode } from './codeBook';
import { sweepCodes } from './codeOps';
import { isLocked, recordFailure, recordSuccess } from './keypadLockout';
import type { OpContext } from './opContext';
import type { GateLink } from './types';

export interface KeypadHost {
  /** A fresh context at the current time (the entry may wait on the gate, and time moves on). */
  context(): OpContext;
  gates: GateLink;
  /** Writes changed state to flash now, before waiting on the radio. */
  flush(): void;
}

const DIGITS = new RegExp(`^[0-9]{${CODE_LENGTH}}$`);

/** Who typed: a person at the physical keypad, or the owner's diagnostic keypad.enter over a secure session. */
export type EntrySource = { kind: 'keypad' } | { kind: 'diagnostic'; userId: string };

/**
 * Handles one keypad entry. Never rejects: a gate that fails to answer is a refusal, not an error.
 *
 * A diagnostic entry follows the same rules for a live code and for the lock (so the owner sees what a
 * guest would), but it is no guess: the owner is authenticated and may know why a code ended. So a wrong
 * diagnostic entry is not counted against the keypad budget, and an ended code is refused for its real
 * reason (test-fire relies on "used" for its third entry).
 */
export async function enterCode(host: KeypadHost, digits: string, source: EntrySource): Promise<KeypadOutcome> {
  const ctx = host.context();
  const { live } = ctx;
  const actor = source.kind === 'keypad' ? 'keypad' : source.userId;
  sweepCodes(ctx);
  if (isLocked(live.lockout, ctx.now)) {
    // Refused without looking the code up, so that the lock is no oracle; and not counted.
    return refuseLocked(ctx, source);
  }
  // The lock is over (or there was none): the refusals it counted are written now, before this entry.
  if (live.audit.flushLockedRefusals(ctx.now)) ctx.touch();
  const wellFormed = DIGITS.test(digits);
  const code = wellFormed ? live.codes.byDigits(digits, ctx.now) : undefined;
  if (source.kind === 'diagnostic' && (code === undefined || (code.state !== 'active' && code.state !== 'entered'))) {
    return refuseDiagnostic(ctx, actor, code);
  }
  if (code === undefined) return wrongCode(ctx, actor, wellFormed ? digits : undefined);
  if (code.state !== 'active' && code.state !== 'entered') return wrongCode(ctx, actor, digits, code.codeId);

  if (live.lockout.consecutiveFailures !== 0 || live.lockout.lastLockMs !== 0) {
    live.lockout = recordSuccess(live.lockout);
    ctx.touch();
  }
  return useLeg(host, ctx, code, actor);
}

async function useLeg(host: KeypadHost, ctx: OpContext, code: StoredCode, actor: string): Promise<KeypadOutcome> {
  const { live } = ctx;
  const leg = code.state === 'active' ? 'entry' : 'exit';
  // Codes store no gate: the Entry and Exit Device in force now are the ones that open.
  const { entryDevice, exitDevice } = live.settings;
  const gate = leg === 'entry' || exitDevice === SAME_AS_ENTRY ? entryDevice : exitDevice;
  if (gate === null) {
    // The owner cleared the Entry Device after this code was made: nothing to open, and the code keeps its state.
    return unreachable(ctx, actor, code.codeId, leg, null);
  }
  host.flush();
  const fired = await trigger(host.gates, gate, { intercomId: live.deviceId, leg });
  const after = host.context();
  if (!fired) return unreachable(after, actor, code.codeId, leg, gate);
  // A revoke that arrived while the gate was firing stays revoked; otherwise the code moves on one leg.
  if (code.state === (leg === 'entry' ? 'active' : 'entered')) code.state = leg === 'entry' ? 'entered' : 'used';
  live.audit.append(after.now, 'code.used', actor, { codeId: code.codeId, leg, gate });
  after.touch();
  return { outcome: leg, codeId: code.codeId, gate };
}

async function trigger(gates: GateLink, gateId: string, source: { intercomId: string; leg: 'entry' | 'exit' }): Promise<boolean> {
  try {
    // Only a confirmed firing counts, whatever a faulty link resolves with.
    const answered: unknown = await gates.trigger(gateId, source);
    return answered === true;
  } catch {
    // A link that throws is a gate that did not answer: the guest may simply try again.
    return false;
  }
}

/** A wrong entry: never issued, malformed (digits undefined), or an ended code's (endedCodeId, for the owner only). */
function wrongCode(ctx: OpContext, actor: string, digits: string | undefined, endedCodeId?: string): KeypadOutcome {
  const { live } = ctx;
  const { state, change } = recordFailure(live.lockout, ctx.now, digits);
  live.lockout = state;
  // The audit log is the owner's: it may say which ended code a guest typed. The keypad says only `unknown`.
  ctx.live.audit.append(ctx.now, 'code.refused', actor, endedCodeId === undefined ? { reason: 'unknown' } : { reason: 'ended', codeId: endedCodeId });
  ctx.touch();
  const outcome: KeypadOutcome = { outcome: 'refused', reason: 'unknown' };
  if (change.kind === 'locked') {
    live.audit.append(ctx.now, 'keypad.lockout', 'device', { until: change.until, durationMs: change.durationMs, failures: change.failures });
  } else if (change.kind === 'hard-locked') {
    live.audit.append(ctx.now, 'keypad.hardLocked', 'device', { failures: change.failures });
  }
  return outcome;
}

function unreachable(ctx: OpContext, actor: string, codeId: string, leg: 'entry' | 'exit', gate: string | null): KeypadOutcome {
  ctx.live.audit.append(ctx.now, 'gate.unreachable', actor, { codeId, leg, gate });
  ctx.touch();
  return { outcome: 'refused', reason: 'gate-unreachable' };
}

/**
 * An entry while locked. At the physical keypad it is only counted in memory (no flash write, no entry
 * each: security issue #9, finding 4); the owner's diagnostic entries are few and are logged one by one.
 */
function refuseLocked(ctx: OpContext, source: EntrySource): KeypadOutcome {
  if (source.kind === 'keypad') {
    if (ctx.live.audit.countLockedRefusal(ctx.now)) ctx.touch();
  } else {
    ctx.live.audit.append(ctx.now, 'code.refused', source.userId, { reason: 'locked' });
    ctx.touch();
  }
  return { outcome: 'refused', reason: 'locked' };
}

/** The owner's diagnostic entry of digits that open nothing: audited, not counted, the real reason given. */
function refuseDiagnostic(ctx: OpContext, actor: string, code: StoredCode | undefined): KeypadOutcome {
  const reason = code === undefined || code.state === 'active' || code.state === 'entered' ? 'unknown' : code.state;
  ctx.live.audit.append(ctx.now, 'code.refused', actor, code === undefined ? { reason } : { reason, codeId: code.codeId });
  ctx.touch();
  return { outcome: 'refused', reason };
}
