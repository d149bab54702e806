/**
 * The intercom's audit log: what happened, who did it, when. Every entry is also the device's live event.
 *
 * Sequence numbers start at 1 and are never reused, so a reader can tell that it missed something. A
 * device's flash is small and fixed, so the log keeps two rings in one sequence (security issue #9,
 * finding 4): keypad noise (refusals, gates that did not answer) keeps its newest NOISE_RETAINED entries,
 * and security events (codes created and used, lockouts, settings, users) their newest
 * SECURITY_RETAINED; an entry only ever pushes out an older one of its own kind, so no amount of typing
 * at the keypad can erase a security event. A reader sees dropped entries as gaps in seq.
 *
 * Refusals while the keypad is locked are not written one by one: they are counted in memory and written
 * as one `keypad.refusedWhileLocked` entry when the lock ends, when the owner next talks to the device,
 * or at most once per LOCKED_REFUSALS_FLUSH_MS while the lock lasts. So a locked keypad costs a bounded
 * number of flash writes, whatever is typed at it. A power loss forgets an unwritten count: it is noise.
 *
 * Entries never carry code digits or keys: callers pass ids, states and numbers only.
 */
import type { AuditEntry } from '../protocol/messages';
import { fillPage } from './replyPage';

/** Security events kept: each is pushed out only by newer security events. audit.read pages through them. */
export const SECURITY_RETAINED = 1000;
/** Keypad noise kept: each is pushed out only by newer noise. */
export const NOISE_RETAINED = 200;
/** How many entries flash keeps in all. */
export const AUDIT_RETAINED = SECURITY_RETAINED + NOISE_RETAINED;
/** The longest a locked keypad's refusals stay counted in memory before one entry records them. */
export const LOCKED_REFUSALS_FLUSH_MS = 3_600_000;

/** Entry types anyone at the keypad can produce without limit; everything else is a security event. */
export const NOISE_TYPES: ReadonlySet<string> = new Set(['code.refused', 'gate.unreachable', 'keypad.refusedWhileLocked']);

/** Who did it: a user id, 'keypad' (a person at the physical keypad) or 'device' (the device itself). */
export type Actor = string;
export type AuditDetail = AuditEntry['detail'];

/** The log as it persists. */
export interface AuditState {
  lastSeq: number;
  /** Oldest first, seq strictly increasing. */
  entries: AuditEntry[];
}

interface LockedRefusals {
  count: number;
  from: number;
  to: number;
}

const copy = (e: AuditEntry): AuditEntry => ({ ...e, detail: { ...e.detail } });
const isNoise = (e: AuditEntry) => NOISE_TYPES.has(e.type);

export class AuditLog {
  private lastSeq: number;
  private entries: AuditEntry[];
  private locked: LockedRefusals | undefined;

  constructor(
    state: AuditState,
    /** Called with each appended entry, synchronously, in order. */
    private readonly onAppend: (entry: AuditEntry) => void,
  ) {
    this.lastSeq = state.lastSeq;
    // A log written before the two rings may hold more noise than the ring keeps: trimming it is the migration.
    this.entries = trim(state.entries.map(copy));
  }

  /** Appends one entry stamped with the next seq, drops the oldest of its kind past its ring, and reports it. */
  append(at: number, type: string, actor: Actor, detail: AuditDetail = {}): AuditEntry {
    this.lastSeq += 1;
    const entry: AuditEntry = { seq: this.lastSeq, at, type, actor, detail: { ...detail } };
    this.entries.push(entry);
    this.entries = trim(this.entries);
    this.onAppend(copy(entry));
    return entry;
  }

  /**
   * Counts one keypad entry refused because the keypad is locked, without writing it. True when the
   * count was due (older than LOCKED_REFUSALS_FLUSH_MS) and has just been appended: flash must be written.
   */
  countLockedRefusal(at: number): boolean {
    this.locked = this.locked === undefined ? { count: 1, from: at, to: at } : { ...this.locked, count: this.locked.count + 1, to: at };
    return at - this.locked.from >= LOCKED_REFUSALS_FLUSH_MS ? this.flushLockedRefusals(at) : false;
  }

  /** Appends the counted locked refusals as one entry, if any; true when it appended. */
  flushLockedRefusals(at: number): boolean {
    const pending = this.locked;
    if (pending === undefined) return false;
    this.locked = undefined;
    this.append(at, 'keypad.refusedWhileLocked', 'keypad', { count: pending.count, from: pending.from, to: pending.to });
    return true;
  }

  /**
   * One page of audit.read (docs/protocol.md, "Paged replies"), oldest first, at most `limit` entries and
   * within the reply budget. Forward: entries with seq ≥ fromSeq; `next` is the following page's fromSeq.
   * Backward: the newest entries with seq < beforeSeq; `next` is the older page's beforeSeq. lastSeq is the
   * newest seq ever assigned.
   */
  read(args: { fromSeq: number; limit: number } | { beforeSeq: number; limit: number }): { entries: AuditEntry[]; lastSeq: number; next?: number } {
    const emptyResult = { entries: [], lastSeq: this.lastSeq, next: Number.MAX_SAFE_INTEGER };
    if ('fromSeq' in args) {
      const page = fillPage(this.entries.filter((e) => e.seq >= args.fromSeq), emptyResult, args.limit);
      const last = page.items.at(-1);
      return { entries: page.items.map(copy), lastSeq: this.lastSeq, ...(page.more && last !== undefined ? { next: last.seq + 1 } : {}) };
    }
    const page = fillPage(this.entries.filter((e) => e.seq < args.beforeSeq).reverse(), emptyResult, args.limit);
    const oldest = page.items.at(-1);
    return { entries: page.items.reverse().map(copy), lastSeq: this.lastSeq, ...(page.more && oldest !== undefined ? { next: oldest.seq } : {}) };
  }

  /** What flash keeps (a count of locked refusals not yet written stays in memory). */
  toState(): AuditState {
    return { lastSeq: this.lastSeq, entries: this.entries.map(copy) };
  }
}

/** Drops the oldest noise past NOISE_RETAINED and the oldest security events past SECURITY_RETAINED. */
function trim(entries: AuditEntry[]): AuditEntry[] {
  let noise = entries.filter(isNoise).length - NOISE_RETAINED;
  let security = entries.length - entries.filter(isNoise).length - SECURITY_RETAINED;
  if (noise <= 0 && security <= 0) return entries;
  return entries.filter((e) => {
    if (isNoise(e) ? noise-- > 0 : security-- > 0) return false;
    return true;
  });
}
