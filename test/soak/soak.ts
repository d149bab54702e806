/**
 * The soak (issue 8, item 9): cycles of a technician's routine over the real stacks (the app's noble
 * transport and bleno hosting the simulated site, each on a virtual controller behind a socat pty):
 * connect, settings save, code create and revoke, test-fire, disconnect. It counts failures, the live
 * codes left on the intercom at the end (none may be), and memory growth after a warm-up
 * (memorySamples.ts), with the intercom's flash at its retention caps from the start (deviceRetention.ts).
 */
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { applySettingsChange, saveSettings } from '../../electron/core/settingsWrite';
import { toFlussError } from '../../electron/protocol/errors';
import { demoSite, FRONT_DOOR } from '../helpers/demo';
import { openSiteOverHci, TEST_AIR } from '../helpers/hciHarness';
import { fillToRetention } from './deviceRetention';
import { growthPct, MemoryTrend, sample, type MemorySample } from './memorySamples';

export type { MemorySample } from './memorySamples';

export interface SoakFailure {
  cycle: number;
  step: string;
  message: string;
}

export interface SoakReport {
  cycles: number;
  failures: SoakFailure[];
  /** Codes still active or entered on the intercom at the end, as its flash holds them. */
  liveCodes: number;
  /** The same, as the app lists them over the air (undefined when the listing itself failed). */
  liveCodesListed: number | undefined;
  listingError: string | undefined;
  /** Medians of the first and of the last `sampleWindow` samples after the warm-up (memorySamples.ts). */
  warm: MemorySample;
  end: MemorySample;
  sampleWindow: number;
  /** Codes created in process before the soak to bring the intercom's flash to its caps. */
  prefilledCodes: number;
  rssGrowthPct: number;
  heapGrowthPct: number;
  ms: number;
}

export interface SoakOptions {
  cycles: number;
  /** Cycles before the memory baseline is taken (default: a tenth of the cycles, 2 to 20). */
  warmupCycles?: number;
  onCycle?: (cycle: number, failures: SoakFailure[]) => void;
  /** Fill the intercom's flash to its retention caps first (default true; deviceRetention.ts says why). */
  fillRetention?: boolean;
}

const requestId = () => randomBytes(16).toString('hex');

export async function runSoak(options: SoakOptions): Promise<SoakReport> {
  const warmupCycles = options.warmupCycles ?? Math.min(20, Math.max(2, Math.floor(options.cycles / 10)));
  const measured = options.cycles - warmupCycles + 1;
  const trend = new MemoryTrend(Math.max(1, Math.min(10, Math.floor(measured / 10))));
  const siteFile = demoSite();
  const site = await openSiteOverHci(siteFile, { air: TEST_AIR });
  const intercom = site.sim.intercom(FRONT_DOOR);
  const owner = siteFile.users.find((u) => u.role === 'owner');
  let prefilledCodes = 0;
  try {
    if (!intercom || !owner) throw new Error('The demo site has no Front Door intercom or no owner.');
    if (options.fillRetention !== false) prefilledCodes = await fillToRetention(intercom, { kind: 'user', userId: owner.userId, role: 'owner' });
  } catch (error) {
    await site.rig.close();
    throw error;
  }
  const failures: SoakFailure[] = [];
  const started = performance.now();
  let current = 0;
  // A rejection nobody handles (in the app or in the simulated devices) is a failure of the cycle it
  // happened in, counted and printed, instead of the end of the soak.
  const unhandled = (reason: unknown) => {
    const failure = { cycle: current, step: 'unhandled rejection', message: toFlussError(reason).message };
    failures.push(failure);
    options.onCycle?.(current, [failure]);
  };
  process.on('unhandledRejection', unhandled);
  try {
    for (let cycle = 1; cycle <= options.cycles; cycle++) {
      current = cycle;
      const failed: SoakFailure[] = [];
      const step = async (name: string, work: () => Promise<void>) => {
        try {
          await work();
        } catch (error) {
          failed.push({ cycle, step: name, message: toFlussError(error).message });
        }
      };
      // One link for the settings save and the code: connect, work, disconnect (withReconnecting… closes it).
      await step('connect, save settings, create and revoke a code, disconnect', () =>
        site.commissioner.withReconnectingIntercom(FRONT_DOOR, { role: 'owner' }, async (keeper) => {
          const current = await keeper.session.getSettings();
          const next = applySettingsChange(current.settings, { inviteDurationHours: cycle % 2 === 0 ? 24 : 12 });
          const saved = await saveSettings(keeper, next, current.revision, {});
          if (saved.settings.inviteDurationHours !== next.inviteDurationHours) throw new Error('the saved settings are not the ones sent');
          const made = await keeper.session.createCode(requestId());
          const revoked = await keeper.session.revokeCode(made.code.codeId);
          if (revoked.state !== 'revoked') throw new Error(`the code ended ${revoked.state}, not revoked`);
        }),
      );
      await step('test-fire', async () => {
        const report = await site.commissioner.testFire(FRONT_DOOR, {});
        if (report.codeLeftActive) throw new Error('test-fire left its test code active');
        const bad = report.steps.find((s) => s.status !== 'passed');
        if (!report.passed) throw new Error(`test-fire did not pass: ${bad ? `${bad.id} ${bad.status}` : 'no step failed'}`);
      });
      failures.push(...failed);
      options.onCycle?.(cycle, failed);
      // The virtual air keeps its latest LINK_HISTORY_KEPT links (with their counters) for the tests; the
      // soak reads none, and filling that history (three links a cycle) would count as the stacks' growth.
      site.rig.air.history.length = 0;
      if (cycle >= warmupCycles) trend.add(sample());
    }
    const { warm, end } = trend.ends();
    const flash = intercom.snapshot().state as { codes?: { state: string }[] } | undefined;
    const liveCodes = (flash?.codes ?? []).filter((c) => c.state === 'active' || c.state === 'entered').length;
    current = options.cycles + 1; // the final listing
    let liveCodesListed: number | undefined;
    let listingError: string | undefined;
    try {
      const listed = await site.commissioner.withIntercom(FRONT_DOOR, { role: 'owner' }, (session) => session.listCodes());
      liveCodesListed = listed.filter((c) => c.state === 'active' || c.state === 'entered').length;
    } catch (error) {
      listingError = toFlussError(error).message;
    }
    return {
      cycles: options.cycles,
      failures,
      liveCodes,
      liveCodesListed,
      listingError,
      warm,
      end,
      sampleWindow: trend.window,
      prefilledCodes,
      rssGrowthPct: growthPct(warm.rss, end.rss),
      heapGrowthPct: growthPct(warm.heapUsed, end.heapUsed),
      ms: performance.now() - started,
    };
  } finally {
    process.removeListener('unhandledRejection', unhandled);
    await site.rig.close();
  }
}
