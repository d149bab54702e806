/**
 * Walks the paged list replies (docs/protocol.md, "Paged replies"): codes.list and audit.read answer a
 * page at a time within the device's reply budget, with a cursor to the next. The walk checks that every
 * cursor moves on and stops after MAX_PAGES, so a device that repeats itself gets PROTOCOL_ERROR, never an
 * endless walk. Each page is one request, bounded and cancellable by the caller's options.
 */
import { FlussError } from '../protocol/errors';
import type { ArgsOf, AuditEntry, CodeCursor, CodeSummary, Op, ResultOf } from '../protocol/messages';
import type { OperationOptions } from './deadline';

/** The most pages one walk follows: 600 codes or 1,200 audit entries take far fewer. */
export const MAX_PAGES = 64;

/** What a walk needs of a session: its request. */
export interface PagedRequester {
  request<O extends Op>(op: O, args: ArgsOf<O>, options?: OperationOptions): Promise<ResultOf<O>>;
  readonly label: string;
}

const stuck = (who: string, what: string) =>
  new FlussError('PROTOCOL_ERROR', `${who} sent the same page of ${what} again.`, 'Try again; if it keeps happening, update the device firmware.');

/** Every code the intercom lists (live, and ended within the last day), newest first, across its pages. */
export async function listAllCodes(session: PagedRequester, options?: OperationOptions): Promise<CodeSummary[]> {
  const codes: CodeSummary[] = [];
  let after: CodeCursor | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const reply = await session.request('codes.list', after === undefined ? {} : { after }, options);
    codes.push(...reply.codes);
    if (reply.next === undefined) return codes;
    if (after !== undefined && !olderThan(reply.next, after)) throw stuck(session.label, 'codes');
    after = reply.next;
  }
  throw stuck(session.label, 'codes');
}

/** True when cursor `a` is strictly further along a newest-first walk than `b`. */
function olderThan(a: CodeCursor, b: CodeCursor): boolean {
  return a.createdAt < b.createdAt || (a.createdAt === b.createdAt && a.codeId < b.codeId);
}

export interface AuditRead {
  /** Oldest first. */
  entries: AuditEntry[];
  /** The newest seq the device ever assigned. */
  lastSeq: number;
  /** Where to continue: the fromSeq (forward) or beforeSeq (backward) of the next page; absent at the end. */
  next?: number;
}

/** Audit entries with seq ≥ fromSeq, oldest first, across pages, until the end or `maxEntries`. */
export async function readAuditForward(session: PagedRequester, fromSeq: number, maxEntries: number, options?: OperationOptions): Promise<AuditRead> {
  const entries: AuditEntry[] = [];
  let from = fromSeq;
  let lastSeq = 0;
  for (let page = 0; page < MAX_PAGES; page++) {
    const wanted = Math.min(200, maxEntries - entries.length);
    if (wanted <= 0) return { entries, lastSeq, next: from };
    const reply = await session.request('audit.read', { fromSeq: from, limit: wanted }, options);
    entries.push(...reply.entries);
    lastSeq = reply.lastSeq;
    if (reply.next === undefined) return { entries, lastSeq };
    if (reply.next <= from) throw stuck(session.label, 'the audit log');
    from = reply.next;
  }
  return { entries, lastSeq, next: from };
}

/**
 * The newest audit entries before `beforeSeq` (all of them when omitted), oldest first, across pages,
 * until the start of the log or `maxEntries`: a history shown newest first, a screenful at a time.
 */
export async function readAuditBackward(session: PagedRequester, beforeSeq: number | undefined, maxEntries: number, options?: OperationOptions): Promise<AuditRead> {
  const pages: AuditEntry[][] = [];
  let count = 0;
  let before = beforeSeq ?? Number.MAX_SAFE_INTEGER;
  let lastSeq = 0;
  for (let page = 0; page < MAX_PAGES; page++) {
    const wanted = Math.min(200, maxEntries - count);
    if (wanted <= 0) break;
    const reply = await session.request('audit.read', { beforeSeq: before, limit: wanted }, options);
    pages.unshift(reply.entries);
    count += reply.entries.length;
    lastSeq = reply.lastSeq;
    if (reply.next === undefined) return { entries: pages.flat(), lastSeq };
    if (reply.next >= before) throw stuck(session.label, 'the audit log');
    before = reply.next;
  }
  return { entries: pages.flat(), lastSeq, next: before };
}
