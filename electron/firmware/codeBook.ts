/**
 * The intercom's one-time codes and their lifecycle: active → entered → used, or expired / revoked.
 * Codes store their expiry at creation (settings changes apply to new codes only) and no gate (Entry and
 * Exit Device are looked up at each use, so a change applies at once).
 */
import type { CodeSummary } from '../protocol/messages';

/** A code as the intercom holds it: its summary plus the digits, which only `secrets` ever persists. */
export interface StoredCode extends CodeSummary {
  digits: string;
}

/** codes.list shows codes until this long past their expiry, so a technician sees what just ended. */
export const LIST_WINDOW_MS = 24 * 3_600_000;
/** At most this many codes in one codes.list reply (resultSchemas caps it at 100). */
export const LIST_CAP = 100;
/**
 * Codes kept in flash, live ones included (at most 50 are live). Ended codes are kept until LIST_WINDOW_MS
 * past their expiry: codes.list shows them, and their digits are not issued again meanwhile ("recently
 * ended"). Past this cap the oldest ended ones go first, so create-and-revoke in a loop cannot fill flash.
 */
export const RETAINED_CODES = 200;

export const summaryOf = (code: StoredCode): CodeSummary => ({
  codeId: code.codeId,
  state: code.state,
  createdBy: code.createdBy,
  createdAt: code.createdAt,
  expiresAt: code.expiresAt,
});

export class CodeBook {
  private codes: StoredCode[];

  /** `codes` oldest first, as created. */
  constructor(codes: readonly StoredCode[]) {
    this.codes = codes.map((c) => ({ ...c }));
  }

  /** Every retained code, oldest first. */
  all(): readonly StoredCode[] {
    return this.codes;
  }

  /** Live codes: not yet used, revoked or past their expiry. These count against Max Users. */
  live(now: number): StoredCode[] {
    return this.codes.filter((c) => (c.state === 'active' || c.state === 'entered') && now < c.expiresAt);
  }

  byId(codeId: string): StoredCode | undefined {
    return this.codes.find((c) => c.codeId === codeId);
  }

  /**
   * The code these digits name: the live one if any (live digits are unique), else the newest ended one,
   * so that the owner's audit log can say which old code a guest typed.
   */
  byDigits(digits: string, now: number): StoredCode | undefined {
    return this.live(now).find((c) => c.digits === digits) ?? this.codes.findLast((c) => c.digits === digits);
  }

  /** True when a retained code, live or recently ended, has these digits: they are not issued again. */
  holdsDigits(digits: string): boolean {
    return this.codes.some((c) => c.digits === digits);
  }

  add(code: StoredCode): void {
    this.codes.push({ ...code });
  }

  /** Marks every live code past its expiry as expired and returns them (for the audit log). */
  expireDue(now: number): StoredCode[] {
    const due = this.codes.filter((c) => (c.state === 'active' || c.state === 'entered') && now >= c.expiresAt);
    for (const code of due) code.state = 'expired';
    return due;
  }

  /** Forgets ended codes past the list window and beyond the retention cap; true if any went. */
  prune(now: number): boolean {
    const before = this.codes.length;
    const ended = (c: StoredCode) => c.state !== 'active' && c.state !== 'entered';
    this.codes = this.codes.filter((c) => !(ended(c) && now >= c.expiresAt + LIST_WINDOW_MS));
    let excess = this.codes.length - RETAINED_CODES;
    if (excess > 0) {
      this.codes = this.codes.filter((c) => {
        if (excess > 0 && ended(c)) {
          excess -= 1;
          return false;
        }
        return true;
      });
    }
    return this.codes.length !== before;
  }

  /** What codes.list shows: codes not older than LIST_WINDOW_MS past expiry, newest first, capped. */
  list(now: number): CodeSummary[] {
    return this.codes
      .filter((c) => now < c.expiresAt + LIST_WINDOW_MS)
      .reverse()
      .slice(0, LIST_CAP)
      .map(summaryOf);
  }
}
