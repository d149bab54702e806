import { useEffect, useMemo, useState } from 'react';
import type { ScannedDeviceView } from '@ipc/contract';
import { useStore } from '../store/store';
import { KIND_LABEL, scanStateText, visibleDevices, type KindFilter, type SortOrder } from '../store/scanSlice';
import { navigate } from '../effects/navigation';
import { identifyGate, setShowOthers, startScan } from '../effects/scan';
import { SignalBars } from '../components/SignalBars';
import { Busy, ErrorNotice } from '../components/ErrorNotice';
import { IdentifyButton } from './IdentifyButton';

/** Heard this long ago, a row is marked stale. */
const STALE_S = 5;

function openDevice(d: ScannedDeviceView): void {
  if (d.kind !== 'intercom' || !d.deviceId) return;
  navigate(d.claimed === false ? { screen: 'setup', deviceId: d.deviceId } : { screen: 'device', deviceId: d.deviceId });
}

/** Seconds since the device was last heard, refreshed every second so ageing is visible. */
function useNow(intervalMs: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(t);
  }, [intervalMs]);
  return now;
}

function DeviceRow({ device, now }: { device: ScannedDeviceView; now: number }) {
  const ageS = Math.max(0, Math.round((now - device.lastSeen) / 1000));
  const descId = `dev-${device.key}-desc`;
  const details = [KIND_LABEL[device.kind], device.model, device.firmware ? `firmware ${device.firmware}` : undefined, device.deviceId ? `id ${device.deviceId}` : device.key]
    .filter(Boolean)
    .join(' · ');
  return (
    <li className={`device-row kind-${device.kind}${ageS > STALE_S ? ' stale' : ''}`}>
      <div className="device-main">
        {device.kind === 'intercom' && device.deviceId ? (
          <button type="button" className="device-name as-link" aria-describedby={descId} onClick={() => openDevice(device)}>
            {device.name}
          </button>
        ) : (
          <span className="device-name">{device.name || 'Unnamed'}</span>
        )}
        <span id={descId} className="device-details">
          {details}
          {device.kind === 'intercom' ? (
            <span className={`badge ${device.claimed === false ? 'badge-warn' : 'badge-ok'}`}>
              {device.claimed === false ? 'Unclaimed: first-time setup' : 'Claimed'}
            </span>
          ) : null}
          {ageS > STALE_S ? <span className="device-age"> · last heard {ageS} s ago</span> : null}
        </span>
      </div>
      <SignalBars rssi={device.rssi} />
      <div className="device-actions">
        {device.kind === 'gate' && device.deviceId ? <IdentifyButton deviceId={device.deviceId} name={device.name} onIdentify={identifyGate} /> : null}
      </div>
    </li>
  );
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

  const list = useMemo(
    () => visibleDevices(devices, { query, kindFilter, sortOrder, showOthers }),
    [devices, query, kindFilter, sortOrder, showOthers],
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
      <ul className="device-list" aria-label="Nearby devices">
        {list.map((d) => (
          <DeviceRow key={d.key} device={d} now={now} />
        ))}
      </ul>
      {hiddenOthers > 0 ? (
        <p className="muted">
          {hiddenOthers} unrelated Bluetooth {hiddenOthers === 1 ? 'device is' : 'devices are'} hidden.
        </p>
      ) : null}
    </section>
  );
}
