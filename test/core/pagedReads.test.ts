/**
 * Paged replies through the engine over the in-process simulated site (link issue #8, item 3): the core
 * follows the device's pages for a busy day's codes and a long audit log, and refuses a device that
 * repeats a page instead of walking forever.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { listAllCodes, MAX_PAGES, readAuditBackward, type PagedRequester } from '../../electron/core/pagedReads';
import type { ArgsOf, Op, ResultOf } from '../../electron/protocol/messages';
import { FRONT_DOOR, openDemo } from '../helpers/demo';
import { fillAudit, fillCodes } from '../helpers/busyIntercom';

let demo: ReturnType<typeof openDemo> | undefined;
afterEach(async () => {
  await demo?.close();
  demo = undefined;
});

describe('paged reads over the simulated site', () => {
  it('lists 50 live and 500 ended codes, each once, across pages', async () => {
    demo = openDemo();
    const model = demo.sim.intercom(FRONT_DOOR);
    if (!model) throw new Error('no Front Door');
    const live = await fillCodes(model, 500, 50);
    const codes = await demo.commissioner.withIntercom(FRONT_DOOR, {}, (s) => s.listCodes());
    expect(codes).toHaveLength(550);
    expect(new Set(codes.map((c) => c.codeId)).size).toBe(550);
    expect(codes.filter((c) => c.state === 'active').map((c) => c.codeId).sort()).toEqual([...live].sort());
  }, 60_000);

  it('reads an audit log of 1,000 entries forward and a history backward', async () => {
    demo = openDemo();
    const model = demo.sim.intercom(FRONT_DOOR);
    if (!model) throw new Error('no Front Door');
    await fillAudit(model, 1000);
    const { all, newest, older } = await demo.commissioner.withIntercom(FRONT_DOOR, {}, async (s) => {
      const read = await s.readAudit(1, 1200);
      const first = await s.readAuditHistory(undefined, 50);
      return { all: read, newest: first, older: await s.readAuditHistory(first.next, 50) };
    });
    expect(all.entries.length).toBeGreaterThanOrEqual(1000);
    const firstSeq = all.entries[0]?.seq ?? 1;
    expect(all.entries.map((e) => e.seq)).toEqual(Array.from({ length: all.entries.length }, (_, i) => i + firstSeq));
    expect(all.next).toBeUndefined();
    expect(newest.entries.map((e) => e.seq)).toEqual(all.entries.slice(-50).map((e) => e.seq));
    expect(older.entries.map((e) => e.seq)).toEqual(all.entries.slice(-100, -50).map((e) => e.seq));
    expect(older.next).toBe(older.entries[0]?.seq);
  }, 60_000);
});

describe('a device that repeats a page', () => {
  /** A peer that answers every page with the same cursor: a buggy or hostile device, not our code. */
  function repeating(): PagedRequester & { pages: number } {
    const peer = {
      label: 'Front Door',
      pages: 0,
      request<O extends Op>(op: O, _args: ArgsOf<O>): Promise<ResultOf<O>> {
        peer.pages += 1;
        const reply = op === 'codes.list' ? { codes: [], next: { createdAt: 5, codeId: '0000000a' } } : { entries: [], lastSeq: 9, next: 9 };
        return Promise.resolve(reply as ResultOf<O>);
      },
    };
    return peer;
  }

  it('is refused with PROTOCOL_ERROR, in a bounded number of pages', async () => {
    const peer = repeating();
    await expect(listAllCodes(peer)).rejects.toMatchObject({ code: 'PROTOCOL_ERROR', message: expect.stringContaining('Front Door') as unknown });
    await expect(readAuditBackward(peer, 10, 500)).rejects.toMatchObject({ code: 'PROTOCOL_ERROR' });
    expect(peer.pages).toBeLessThanOrEqual(2 * MAX_PAGES);
  });
});
