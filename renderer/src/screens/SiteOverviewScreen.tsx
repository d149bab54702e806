import { useEffect, useState } from 'react';
import { downloadText } from '../effects/download';
import type { SiteRowView } from '@ipc/contract';
import type { ErrorData } from '@protocol/errors';
import { cellText, SITE_COLUMNS, SITE_COLUMN_TITLES, siteCsv, sortRows, type SiteColumn } from '@ipc/siteTable';
import { Busy, ErrorNotice } from '../components/ErrorNotice';
import { checkAllSite, listSite } from '../effects/site';
import { navigate } from '../effects/navigation';

/** The columns shown on screen (the id is in the CSV only: the name links to Device Details). */
const SHOWN: SiteColumn[] = SITE_COLUMNS.filter((c) => c !== 'deviceId');

type Load = { status: 'listing' } | { status: 'checking'; done: number; total: number; current?: string } | { status: 'idle' } | { status: 'failed'; error: ErrorData };

/**
 * Site overview (issue 11, item 1): every intercom heard, who this computer is to it, and what was
 * last read of it. Opening the screen only scans; "Check all" opens each intercom in turn, with progress.
 */
export function SiteOverviewScreen() {
  const [rows, setRows] = useState<SiteRowView[]>([]);
  const [load, setLoad] = useState<Load>({ status: 'listing' });
  const [sort, setSort] = useState<{ column: SiteColumn; direction: 'asc' | 'desc' }>({ column: 'name', direction: 'asc' });

  useEffect(() => {
    let live = true;
    void listSite().then((result) => {
      if (!live) return;
      if (result.ok) setRows(result.value.rows);
      setLoad(result.ok ? { status: 'idle' } : { status: 'failed', error: result.error });
    });
    return () => {
      live = false;
    };
  }, []);

  const checkAll = async () => {
    setLoad({ status: 'checking', done: 0, total: 0 });
    const result = await checkAllSite(({ done, total, row }) => {
      setLoad({ status: 'checking', done, total, ...(row.check.status === 'checking' ? { current: row.name } : {}) });
      setRows((old) => (old.some((r) => r.deviceId === row.deviceId) ? old.map((r) => (r.deviceId === row.deviceId ? row : r)) : [...old, row]));
    });
    if (result.ok) setRows(result.value.rows);
    setLoad(result.ok ? { status: 'idle' } : { status: 'failed', error: result.error });
  };

  const exportCsv = () => downloadText('site-overview.csv', siteCsv(sortRows(rows, sort.column, sort.direction)));

  const sortBy = (column: SiteColumn) =>
    setSort((old) => ({ column, direction: old.column === column && old.direction === 'asc' ? 'desc' : 'asc' }));
  const sorted = sortRows(rows, sort.column, sort.direction);
  const busy = load.status === 'listing' || load.status === 'checking';
  const failed = rows.filter((r) => r.check.status === 'failed').length;

  return (
    <section aria-labelledby="site-title">
      <div className="screen-header">
        <h1 id="site-title">Site overview</h1>
        <div className="row-actions">
          <button type="button" className="primary" disabled={busy} onClick={() => void checkAll()}>
            Check all
          </button>
          <button type="button" disabled={rows.length === 0} onClick={exportCsv}>
            Export CSV
          </button>
        </div>
      </div>
      {load.status === 'listing' ? <Busy label="Listening for intercoms…" /> : null}
      {load.status === 'checking' ? (
        <div role="status">
          <progress max={Math.max(1, load.total)} value={load.done} aria-label="Check all progress" />{' '}
          {load.total === 0 ? 'Listening for intercoms…' : `Checked ${load.done} of ${load.total}${load.current ? `: reading ${load.current}…` : ''}`}
        </div>
      ) : null}
      {load.status === 'failed' ? <ErrorNotice error={load.error} title="The site could not be listed." /> : null}
      {load.status === 'idle' && failed > 0 ? (
        <p role="alert">
          {failed} of {rows.length} intercoms could not be read (each row says why). Move closer and press Check all again.
        </p>
      ) : null}
      {load.status === 'idle' && rows.length === 0 ? <p>No Fluss+ intercoms heard. Check they have power and move closer.</p> : null}
      {rows.length > 0 ? (
        <div className="table-scroll">
          <table className="site-table">
            <thead>
              <tr>
                {SHOWN.map((column) => (
                  <th key={column} scope="col" aria-sort={sort.column === column ? (sort.direction === 'asc' ? 'ascending' : 'descending') : 'none'}>
                    <button type="button" className="link-button" onClick={() => sortBy(column)}>
                      {SITE_COLUMN_TITLES[column]}
                      {sort.column === column ? (sort.direction === 'asc' ? ' ▲' : ' ▼') : ''}
                    </button>
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {sorted.map((row) => (
                <tr key={row.deviceId}>
                  {SHOWN.map((column) =>
                    column === 'name' ? (
                      <th key={column} scope="row">
                        <button type="button" className="link-button" onClick={() => navigate({ screen: 'device', deviceId: row.deviceId })}>
                          {row.name}
                        </button>
                      </th>
                    ) : (
                      <td key={column} className={column === 'check' && row.check.status === 'failed' ? 'error-text' : undefined}>
                        {cellText(row, column)}
                      </td>
                    ),
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}
