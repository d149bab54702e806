/**
 * The intercom's one-time codes and their lifecycle: active → entered → used, or expired / revoked.
 * Codes store their expiry at creation (settings changes apply to new codes only) and no gate (Entry and
 * Exit Device are looked up at each use, so a change applies at once).
 */
import type { CodeCursor, CodeSummary } from '../protocol/messages';
import { fillPage } from './replyPage';

/** A code as the intercom holds it: its summary plus the digits, which only `secrets` ever persists. */
export interface StoredCode extends CodeSummary {
  digits: string;
}

/** codes.list shows codes until this long past their expiry, so a technician sees what just ended. */
export const LIST_WINDOW_MS = 24 * 3_600_000;
/** At most this many codes in one codes.list page (resultSchemas caps it at 100; the byte budget may cap it sooner). */
export const LIST_PAGE_CAP = 100;
/**
 * Codes kept in flash, live ones included (at most 50 are live). Ended codes are kept until LIST_WINDOW_MS
 * past their expiry: codes.list shows them, and their digits are not issued again meanwhile ("recently
 * ended"). Past this cap the oldest ended ones go first, so create-and-revoke in a loop cannot fill flash.
 * A busy day's 50 live and 500 ended codes fit; codes.list pages through them (docs/protocol.md).
 */
export const RETAINED_CODES = 600;

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

  /**
   * What codes.list shows, one page: codes not older than LIST_WINDOW_MS past expiry, newest first by
   * (createdAt, codeId), strictly older than `after` when given, within the reply budget.
   */
  listPage(now: number, after?: CodeCursor): { codes: CodeSummary[]; next?: CodeCursor } {
    const listed = this.codes
      .filter((c) => now < c.expiresAt + LIST_WINDOW_MS && (after === undefined || newerFirst(c, after) > 0))
      .sort(newerFirst)
      .map(summaryOf);
    const largestCursor: CodeCursor = { createdAt: Number.MAX_SAFE_INTEGER, codeId: 'ffffffff' };
    const page = fillPage(listed, { codes: [], next: largestCursor }, LIST_PAGE_CAP);
    const last = page.items.at(-1);
    return page.more && last !== undefined ? { codes: page.items, next: { createdAt: last.createdAt, codeId: last.codeId } } : { codes: page.items };
  }
}

/** Sort order of codes.list: negative when `a` is newer than `b` (later createdAt, then larger codeId). */
function newerFirst(a: CodeCursor, b: CodeCursor): number {
  if (a.createdAt !== b.createdAt) return b.createdAt - a.createdAt;
  return a.codeId < b.codeId ? 1 : a.codeId > b.codeId ? -1 : 0;
}
