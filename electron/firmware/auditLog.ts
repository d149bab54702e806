/**
 * The intercom's audit log: what happened, who did it, when. Every entry is also the device's live event.
 *
 * Sequence numbers start at 1 and never skip, so a reader can tell that it missed something. Only the
 * newest AUDIT_RETAINED entries are kept: a device's flash is small and fixed, so the log is a ring.
 * The sequence keeps counting past dropped entries, which is how a reader (audit.read from an old
 * fromSeq) sees that older entries are gone: the first entry it gets has a higher seq than it asked for.
 *
 * Entries never carry code digits or keys: callers pass ids, states and numbers only.
 */
import type { AuditEntry } from '../protocol/messages';

/** How many entries flash keeps. */
export const AUDIT_RETAINED = 500;

/** Who did it: a user id, 'keypad' (a person at the physical keypad) or 'device' (the device itself). */
export type Actor = string;
export type AuditDetail = AuditEntry['detail'];

/** The log as it persists. */
export interface AuditState {
  lastSeq: number;
  entries: AuditEntry[];
}

export class AuditLog {
  private lastSeq: number;
  private readonly entries: AuditEntry[];

  constructor(
    state: AuditState,
    /** Called with each appended entry, synchronously, in order. */
    private readonly onAppend: (entry: AuditEntry) => void,
  ) {
    this.lastSeq = state.lastSeq;
    this.entries = state.entries.map((e) => ({ ...e, detail: { ...e.detail } }));
  }

  /** Appends one entry stamped with the next seq, drops the oldest past AUDIT_RETAINED, and reports it. */
  append(at: number, type: string, actor: Actor, detail: AuditDetail = {}): AuditEntry {
    this.lastSeq += 1;
    const entry: AuditEntry = { seq: this.lastSeq, at, type, actor, detail: { ...detail } };
    this.entries.push(entry);
    if (this.entries.length > AUDIT_RETAINED) this.entries.splice(0, this.entries.length - AUDIT_RETAINED);
    this.onAppend({ ...entry, detail: { ...entry.detail } });
    return entry;
  }

  /** Entries with seq ≥ fromSeq, oldest first, at most `limit`; lastSeq is the newest seq ever assigned. */
  read(fromSeq: number, limit: number): { entries: AuditEntry[]; lastSeq: number } {
    const entries = this.entries
      .filter((e) => e.seq >= fromSeq)
      .slice(0, limit)
      .map((e) => ({ ...e, detail: { ...e.detail } }));
    return { entries, lastSeq: this.lastSeq };
  }

  toState(): AuditState {
    return { lastSeq: this.lastSeq, entries: this.entries.map((e) => ({ ...e, detail: { ...e.detail } })) };
  }
}
