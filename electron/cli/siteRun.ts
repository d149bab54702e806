/** The work of `fluss site status` (loaded only when it runs). */
import { isStable } from '../core/findDevice';
import { checkAll, siteRows } from '../core/siteStatus';
import { cellText, isSiteColumn, siteCsv, SITE_COLUMNS, SITE_COLUMN_TITLES, sortRows } from '../ipc/siteTable';
import { FlussError } from '../protocol/errors';
import type { SiteStatusOptions } from './commands/site';
import type { CliContext } from './context';
import { parsePositiveInt } from './numberArgs';
import { table } from './output';

export async function siteStatus(context: CliContext, opts: SiteStatusOptions): Promise<void> {
  const { commissioner, out } = context;
  // Refused values cost no radio time.
  const sort = opts.sort ?? 'name';
  if (!isSiteColumn(sort)) throw new FlussError('INVALID_VALUE', `Cannot sort by "${sort}".`, `Sort by one of: ${SITE_COLUMNS.join(', ')}.`);
  if (opts.csv && out.json) throw new FlussError('INVALID_ARGUMENT', 'Choose --csv or --json, not both.', 'Give one of them.');
  const maxMs = (opts.seconds === undefined ? 5 : parsePositiveInt('--seconds', opts.seconds, 60)) * 1000;

  out.progress(`Scanning (at most ${maxMs / 1000} s)…`);
  const heard = await commissioner.scan(maxMs, { until: (devices) => isStable(devices.filter((d) => d.kind !== 'other')) });
  let rows = siteRows(heard, commissioner.credentials, context.testFireRecords());
  if (opts.check !== false) {
    rows = await checkAll(commissioner, rows, {
      onProgress: ({ done, total, row }) => {
        if (row.check.status === 'checking') out.progress(`Checking ${row.name} (${done + 1} of ${total})…`);
        else if (row.check.status === 'failed') out.progress(`✗ ${row.name}: ${row.check.error.message}`);
      },
    });
  }
  const sorted = sortRows(rows, sort, opts.desc ? 'desc' : 'asc');
  if (opts.csv) process.stdout.write(siteCsv(sorted));
  else
    out.result({ intercoms: sorted }, () =>
      sorted.length === 0 ? 'No Fluss+ intercoms heard. Check they have power and move closer.' : table([SITE_COLUMNS.map((c) => SITE_COLUMN_TITLES[c]), ...sorted.map((row) => SITE_COLUMNS.map((c) => cellText(row, c)))]),
    );
  const failed = sorted.filter((row) => row.check.status === 'failed');
  if (failed.length > 0) {
    out.warn(`${failed.length} of ${sorted.length} intercoms could not be read: ${failed.map((r) => r.name).join(', ')}. Move closer and run it again.`);
    process.exitCode = 1;
  }
}
