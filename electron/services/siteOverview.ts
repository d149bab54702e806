/**
 * The Site overview behind 'site.list' and 'site.checkAll' (issue 11, item 1): a short scan for the
 * intercoms, who this computer is to each, and their last test-fire; "Check all" then reads each one
 * this computer can open, one at a time, reporting progress. One check at a time: a second "Check all"
 * while one runs is refused rather than doubling the radio work.
 */
import type { EventTypes, SiteRowView } from '../ipc/contract';
import type { Commissioner } from '../core/commissioner';
import { isStable } from '../core/findDevice';
import { checkAll, siteRows, type SiteRow } from '../core/siteStatus';
import type { TestFireRecordStore } from '../core/testFireRecords';
import { FlussError } from '../protocol/errors';

/** How long the overview listens for intercoms at most (it returns sooner once what it heard is stable). */
const SCAN_MS = 4_000;

export interface SiteOverviewDeps {
  commissioner: () => Commissioner;
  records: TestFireRecordStore;
  emitProgress: (payload: EventTypes['site.progress']) => void;
}

export function createSiteOverview(deps: SiteOverviewDeps) {
  let checking = false;
  const list = async (commissioner: Commissioner): Promise<SiteRow[]> => {
    const heard = await commissioner.scan(SCAN_MS, { until: (devices) => isStable(devices.filter((d) => d.kind !== 'other')) });
    return siteRows(heard, commissioner.credentials, deps.records);
  };
  return {
    async list(): Promise<{ rows: SiteRowView[] }> {
      return { rows: await list(deps.commissioner()) };
    },
    async checkAll(): Promise<{ rows: SiteRowView[] }> {
      if (checking) throw new FlussError('INVALID_ARGUMENT', 'Check all is already running.', 'Wait for it to finish.');
      checking = true;
      try {
        // One commissioner for the whole check: the gates its scans heard name the Entry and Exit Devices.
        const commissioner = deps.commissioner();
        const rows = await list(commissioner);
        return { rows: await checkAll(commissioner, rows, { onProgress: (progress) => deps.emitProgress(progress) }) };
      } finally {
        checking = false;
      }
    },
  };
}
