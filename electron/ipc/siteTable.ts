/**
 * The Site overview as a table: the columns, each cell as text, sorting by any column, and CSV export
 * (RFC 4180: fields with a comma, quote or line break are quoted, quotes doubled). The screen and
 * `fluss site status` show the same columns in the same words. Pure (no Node, no DOM): the renderer
 * and the CLI both use it.
 */
import { csvText } from './csv';
import type { SiteRowView as SiteRow } from './contract';

type GateRef = { deviceId: string; name?: string };

export const SITE_COLUMNS = ['name', 'deviceId', 'relationship', 'entryDevice', 'exitDevice', 'maxUsers', 'inviteDuration', 'activeCodes', 'lastTestFire', 'firmware', 'signal', 'check'] as const;
export type SiteColumn = (typeof SITE_COLUMNS)[number];

export const SITE_COLUMN_TITLES: Record<SiteColumn, string> = {
  name: 'Intercom',
  deviceId: 'Id',
  relationship: 'Me',
  entryDevice: 'Entry Device',
  exitDevice: 'Exit Device',
  maxUsers: 'Max Users',
  inviteDuration: 'Invite Duration',
  activeCodes: 'Active codes',
  lastTestFire: 'Last test-fire',
  firmware: 'Firmware',
  signal: 'Signal',
  check: 'Check',
};

export function isSiteColumn(value: string): value is SiteColumn {
  return (SITE_COLUMNS as readonly string[]).includes(value);
}

function gateText(gate: GateRef): string {
  return gate.name ?? `${gate.deviceId} (not heard)`;
}

/** A cell as people read it; '' where nothing is known yet (not checked). */
export function cellText(row: SiteRow, column: SiteColumn): string {
  const settings = row.check.status === 'checked' ? row.check.settings : undefined;
  switch (column) {
    case 'name':
      return row.name;
    case 'deviceId':
      return row.deviceId;
    case 'relationship':
      return row.relationship;
    case 'entryDevice':
      return settings ? (settings.entryDevice === null ? 'not set' : gateText(settings.entryDevice)) : '';
    case 'exitDevice':
      return settings ? (settings.exitDevice === 'same' ? 'Same as entry' : gateText(settings.exitDevice)) : '';
    case 'maxUsers':
      return settings ? String(settings.maxUsers) : '';
    case 'inviteDuration':
      return settings ? `${settings.inviteDurationHours} h` : '';
    case 'activeCodes':
      return settings ? String(settings.activeCodes) : '';
    case 'lastTestFire':
      return row.lastTestFire ? `${row.lastTestFire.passed ? 'passed' : 'failed'} ${row.lastTestFire.at}` : 'never';
    case 'firmware':
      return row.firmware ?? '';
    case 'signal':
      return `${row.rssi} dBm`;
    case 'check':
      return checkText(row);
  }
}

export function checkText(row: SiteRow): string {
  switch (row.check.status) {
    case 'not checked':
      return 'not checked';
    case 'checking':
      return 'checking…';
    case 'checked':
      return 'ok';
    case 'failed':
      return `error: ${row.check.error.message}`;
    case 'not readable':
      return row.check.reason;
  }
}

/** The value a column sorts by: numbers as numbers, unknowns last. */
function sortKey(row: SiteRow, column: SiteColumn): number | string | undefined {
  const settings = row.check.status === 'checked' ? row.check.settings : undefined;
  switch (column) {
    case 'maxUsers':
      return settings?.maxUsers;
    case 'inviteDuration':
      return settings?.inviteDurationHours;
    case 'activeCodes':
      return settings?.activeCodes;
    case 'signal':
      return row.rssi;
    case 'lastTestFire':
      return row.lastTestFire?.at;
    default: {
      const text = cellText(row, column);
      return text === '' ? undefined : text;
    }
  }
}

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

/** A sorted copy; ties keep name order, and rows with nothing to sort by go last either way. */
export function sortRows(rows: readonly SiteRow[], column: SiteColumn, direction: 'asc' | 'desc' = 'asc'): SiteRow[] {
  const sign = direction === 'asc' ? 1 : -1;
  return [...rows].sort((a, b) => {
    const ka = sortKey(a, column);
    const kb = sortKey(b, column);
    if (ka === undefined || kb === undefined) return ka === kb ? collator.compare(a.name, b.name) : ka === undefined ? 1 : -1;
    const order = typeof ka === 'number' && typeof kb === 'number' ? ka - kb : collator.compare(String(ka), String(kb));
    return order === 0 ? collator.compare(a.name, b.name) : sign * order;
  });
}

/** The rows as CSV, a header line first, CRLF line ends (what spreadsheets expect). */
export function siteCsv(rows: readonly SiteRow[]): string {
  return csvText(
    SITE_COLUMNS.map((c) => SITE_COLUMN_TITLES[c]),
    rows.map((row) => SITE_COLUMNS.map((c) => cellText(row, c))),
  );
}
