/**
 * Paged replies (docs/protocol.md, "Paged replies"; link issue #8, item 3): a busy day's 50 live and 500
 * ended codes, and 1,000 audit entries, walked page by page, every page within the reply budget.
 */
import { describe, expect, it } from 'vitest';
import { encodeCbor } from '../../electron/protocol/cbor';
import { decodeRequest, encodeResponse } from '../../electron/protocol/codec';
import { REPLY_BUDGET_BYTES, type AuditEntry, type CodeCursor, type CodeSummary, type ResultOf } from '../../electron/protocol/messages';
import { GATE_A, call, intercomBench, newCode, rid, value } from './helpers';

type Bench = ReturnType<typeof intercomBench>;

/** The encoded size of a reply as the device would send it, with the largest request id. */
const replyBytes = (result: unknown) => encodeResponse({ id: 0xffffffff, ok: true, result }).length;

async function walkCodes(bench: Bench): Promise<{ codes: CodeSummary[]; pages: number }> {
  const codes: CodeSummary[] = [];
  let after: CodeCursor | undefined;
  let pages = 0;
  do {
    const page: ResultOf<'codes.list'> = await value(bench.model, 'codes.list', after === undefined ? {} : { after });
    expect(replyBytes(page)).toBeLessThanOrEqual(REPLY_BUDGET_BYTES);
    codes.push(...page.codes);
    after = page.next;
    pages += 1;
  } while (after !== undefined);
  return { codes, pages };
}

/** 500 codes created and revoked, then 50 live, the clock moving a little between them. */
async function busyDay(): Promise<{ bench: Bench; ids: string[] }> {
  const bench = intercomBench({ settings: { entryDevice: GATE_A, maxUsers: 50 } });
  const ids: string[] = [];
  for (let i = 0; i < 550; i++) {
    const { codeId } = await newCode(bench.model, rid(i));
    ids.push(codeId);
    if (i < 500) await value(bench.model, 'codes.revoke', { requestId: rid(10_000 + i), codeId });
    if (i % 3 === 0) bench.clock.advance(1); // some codes share a millisecond: the cursor's codeId orders them
  }
  return { bench, ids };
}

describe('codes.list pages', () => {
  it('walks 50 live and 500 ended codes newest first, each exactly once, every page within the budget', async () => {
    const { bench, ids } = await busyDay();
    const { codes, pages } = await walkCodes(bench);
    expect(pages).toBeGreaterThan(1);
    expect(new Set(codes.map((c) => c.codeId)).size).toBe(550);
    expect(new Set(codes.map((c) => c.codeId))).toEqual(new Set(ids));
    expect(codes.filter((c) => c.state === 'active')).toHaveLength(50);
    const order = codes.map((c) => [c.createdAt, c.codeId] as const);
    const sorted = [...order].sort((a, b) => b[0] - a[0] || (a[1] < b[1] ? 1 : -1));
    expect(order).toEqual(sorted);
  });

  it('a code that ends between two pages does not break the walk, and a new one waits for the next list', async () => {
    const { bench } = await busyDay();
    const first = await value(bench.model, 'codes.list', {});
    const onFirstPage = first.codes[0]?.codeId ?? '';
    await value(bench.model, 'codes.revoke', { requestId: rid(99_999), codeId: onFirstPage });
    bench.clock.advance(1);
    const created = await call(bench.model, 'codes.create', { requestId: rid(99_998) });
    expect(created.ok).toBe(true);
    const rest: CodeSummary[] = [];
    let after = first.next;
    while (after !== undefined) {
      const page = await value(bench.model, 'codes.list', { after });
      rest.push(...page.codes);
      after = page.next;
    }
    expect(first.codes.length + rest.length).toBe(550);
    expect(new Set([...first.codes, ...rest].map((c) => c.codeId)).size).toBe(550);
  });

  it('a cursor that is not one is refused when the request is decoded (PROTOCOL_ERROR)', () => {
    const request = encodeCbor({ id: 1, op: 'codes.list', args: { after: { createdAt: 1, codeId: 'nothex!!' } } });
    expect(decodeRequest(request)).toMatchObject({ ok: false, error: { code: 'PROTOCOL_ERROR' } });
    const both = encodeCbor({ id: 1, op: 'audit.read', args: { fromSeq: 1, beforeSeq: 9, limit: 5 } });
    expect(decodeRequest(both)).toMatchObject({ ok: false, error: { code: 'PROTOCOL_ERROR' } });
  });
});

describe('audit.read pages', () => {
  async function thousandEntries(): Promise<Bench> {
    const bench = intercomBench({ settings: { entryDevice: GATE_A, maxUsers: 50 } });
    for (let i = 0; bench.events.length < 1000; i++) {
      const { codeId } = await newCode(bench.model, rid(i));
      await value(bench.model, 'codes.revoke', { requestId: rid(50_000 + i), codeId });
    }
    return bench;
  }

  it('reads 1,000 entries forward, page by page, each once and in order', async () => {
    const bench = await thousandEntries();
    const read: AuditEntry[] = [];
    let fromSeq: number | undefined = 1;
    let pages = 0;
    while (fromSeq !== undefined) {
      const page: ResultOf<'audit.read'> = await value(bench.model, 'audit.read', { fromSeq, limit: 200 });
      expect(replyBytes(page)).toBeLessThanOrEqual(REPLY_BUDGET_BYTES);
      expect(page.lastSeq).toBe(bench.events.at(-1)?.seq);
      read.push(...page.entries);
      fromSeq = page.next;
      pages += 1;
    }
    expect(pages).toBeGreaterThan(5);
    expect(read.map((e) => e.seq)).toEqual(bench.events.map((e) => e.seq));
  });

  it('reads backward from the newest, for a history shown newest first', async () => {
    const bench = await thousandEntries();
    const newest = await value(bench.model, 'audit.read', { beforeSeq: Number.MAX_SAFE_INTEGER, limit: 20 });
    expect(newest.entries.map((e) => e.seq)).toEqual(bench.events.slice(-20).map((e) => e.seq));
    expect(newest.next).toBe(newest.entries[0]?.seq);
    const older = await value(bench.model, 'audit.read', { beforeSeq: newest.next ?? 0, limit: 20 });
    expect(older.entries.map((e) => e.seq)).toEqual(bench.events.slice(-40, -20).map((e) => e.seq));
    const oldest = await value(bench.model, 'audit.read', { beforeSeq: 3, limit: 50 });
    expect(oldest.entries.map((e) => e.seq)).toEqual([1, 2]);
    expect(oldest.next).toBeUndefined();
  });

  it('fills a page by bytes before the limit when entries are large', async () => {
    const bench = await thousandEntries();
    const page = await value(bench.model, 'audit.read', { fromSeq: 1, limit: 200 });
    expect(page.entries.length).toBeLessThan(200);
    expect(replyBytes(page)).toBeLessThanOrEqual(REPLY_BUDGET_BYTES);
    expect(page.next).toBe((page.entries.at(-1)?.seq ?? 0) + 1);
  });
});
