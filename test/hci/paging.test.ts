/**
 * Paged replies over the real stacks (link issue #8, item 3): noble <-> virtual controllers <-> bleno
 * hosting the firmware. A busy day's 50 live and 500 ended codes and an audit log of 1,000 entries are
 * read page by page over the air; every page fits the reply budget, so no reply outgrows a message and
 * nothing is left unhandled (vitest fails a run on any unhandled rejection).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FRONT_DOOR, demoSite } from '../helpers/demo';
import { fillAudit, fillCodes } from '../helpers/busyIntercom';
import { openSiteOverHci, realStackAvailable, TEST_AIR } from '../helpers/hciHarness';

const run = realStackAvailable();
let site: Awaited<ReturnType<typeof openSiteOverHci>>;

describe.runIf(run)('paged replies over noble, virtual controllers and bleno', () => {
  beforeAll(async () => {
    site = await openSiteOverHci(demoSite(), { air: TEST_AIR });
  });
  afterAll(async () => {
    await site.rig.close();
  });

  it('lists 50 live and 500 ended codes, each once, in several pages of one exchange each', async () => {
    const model = site.sim.intercom(FRONT_DOOR);
    if (!model) throw new Error('no Front Door');
    const live = await fillCodes(model, 500, 50);
    const { codes, pages } = await site.commissioner.withIntercom(FRONT_DOOR, {}, async (s) => {
      const before = s.stats().exchanges;
      const listed = await s.listCodes();
      return { codes: listed, pages: s.stats().exchanges - before };
    });
    expect(codes).toHaveLength(550);
    expect(new Set(codes.map((c) => c.codeId)).size).toBe(550);
    expect(codes.filter((c) => c.state === 'active').map((c) => c.codeId).sort()).toEqual([...live].sort());
    // One Write Command per page, answered by notifications: as many exchanges as pages, about 550 codes / 45 per page.
    expect(pages).toBeGreaterThan(5);
    expect(pages).toBeLessThan(30);
  }, 90_000);

  it('reads an audit log of 1,000 entries, forward for export and backward for the history', async () => {
    const model = site.sim.intercom(FRONT_DOOR);
    if (!model) throw new Error('no Front Door');
    await fillAudit(model, 1000);
    const { all, newest } = await site.commissioner.withIntercom(FRONT_DOOR, {}, async (s) => ({ all: await s.readAudit(1, 1200), newest: await s.readAuditHistory(undefined, 50) }));
    expect(all.entries.length).toBeGreaterThanOrEqual(1000);
    const seqs = all.entries.map((e) => e.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(seqs.at(-1)).toBe(all.lastSeq);
    expect(newest.entries.map((e) => e.seq)).toEqual(seqs.slice(-50));
  }, 90_000);
});
