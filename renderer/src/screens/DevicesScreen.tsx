import { useDeferredValue, useEffect, useMemo, useState } from 'react';
import { useStore } from '../store/store';
import { scanStateText, visibleDevices, type KindFilter, type SortOrder } from '../store/scanSlice';
import { setShowOthers, startScan } from '../effects/scan';
import { Busy, ErrorNotice } from '../components/ErrorNotice';
import { DeviceList } from './DeviceList';

/** Seconds since the device was last heard, refreshed every second so ageing is visible. */
function useNow(intervalMs: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(t);
  }, [intervalMs]);
  return now;
}

export function DevicesScreen() {
  const devices = useStore((s) => s.devices);
  const scanUpdatedAt = useStore((s) => s.scanUpdatedAt);
  const scanError = useStore((s) => s.scanError);
  const query = useStore((s) => s.query);
  const kindFilter = useStore((s) => s.kindFilter);
  const sortOrder = useStore((s) => s.sortOrder);
  const showOthers = useStore((s) => s.showOthers);
  const setQuery = useStore((s) => s.setQuery);
  const setKindFilter = useStore((s) => s.setKindFilter);
  const setSortOrder = useStore((s) => s.setSortOrder);
  const now = useNow(1000);

  // The scan normally runs from start-up; asking again is harmless and recovers a scan that failed.
  useEffect(() => {
    void startScan();
  }, []);

  // The search box paints each keystroke at once; the list follows when the main thread is free.
  const deferredQuery = useDeferredValue(query);
  const list = useMemo(
    () => visibleDevices(devices, { query: deferredQuery, kindFilter, sortOrder, showOthers }),
    [devices, deferredQuery, kindFilter, sortOrder, showOthers],
  );
  const hiddenOthers = showOthers ? 0 : devices.filter((d) => d.kind === 'other').length;
  const bridge = useStore((s) => s.bridge.status);
  const scanState = scanStateText({ devices, showOthers, bridgeOpen: bridge === 'open', scanError: scanError !== null, scanUpdatedAt, now });

  return (
    <section className="screen" aria-labelledby="devices-title">
      <header className="screen-header">
        <h1 id="devices-title">Devices</h1>
        <span className={`scan-state${scanState.startsWith('Scanning') ? '' : ' scan-stale'}`} role="status">
          {scanState}
        </span>
      </header>
      {scanError ? (
        <ErrorNotice error={scanError} title="The scan could not start.">
          <button type="button" onClick={() => void startScan()}>
            Scan again
          </button>
        </ErrorNotice>
      ) : null}
      <div className="toolbar">
        <label className="field">
          <span>Search devices</span>
          <input type="search" value={query} onChange={(e) => setQuery(e.target.value)} placeholder="Name, kind, model or id" />
        </label>
        <label className="field">
          <span>Kind</span>
          <select value={kindFilter} onChange={(e) => setKindFilter(e.target.value as KindFilter)}>
            <option value="all">All kinds</option>
            <option value="intercom">Intercoms</option>
            <option value="gate">Gates</option>
          </select>
        </label>
        <label className="field">
          <span>Sort by</span>
          <select value={sortOrder} onChange={(e) => setSortOrder(e.target.value as SortOrder)}>
            <option value="signal">Signal (strongest first)</option>
            <option value="name">Name</option>
          </select>
        </label>
        <label className="check">
          <input type="checkbox" checked={showOthers} onChange={(e) => void setShowOthers(e.target.checked)} />
          Show other Bluetooth devices
        </label>
      </div>
      {scanUpdatedAt === null && !scanError ? <Busy label="Looking for Fluss+ intercoms and gates nearby…" /> : null}
      {scanUpdatedAt !== null && list.length === 0 ? (
        <p className="empty">
          {devices.length === 0
            ? 'No Fluss+ devices found yet. Make sure the intercom and gates have power and you are within about 10 m; the list updates by itself.'
            : 'Nothing matches the search or filter. Clear the search box or choose "All kinds".'}
        </p>
      ) : null}
      <DeviceList devices={list} now={now} />
      {hiddenOthers > 0 ? (
        <p className="muted">
          {hiddenOthers} unrelated Bluetooth {hiddenOthers === 1 ? 'device is' : 'devices are'} hidden.
        </p>
      ) : null}
    </section>
  );
}
