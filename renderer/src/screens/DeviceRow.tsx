import { memo } from 'react';
import type { ScannedDeviceView } from '@ipc/contract';
import { KIND_LABEL } from '../store/scanSlice';
import { navigate } from '../effects/navigation';
import { identifyGate } from '../effects/scan';
import { SignalBars } from '../components/SignalBars';
import { IdentifyButton } from './IdentifyButton';

/** Heard this long ago, a row is marked stale. */
const STALE_S = 5;

function openDevice(d: ScannedDeviceView): void {
  if (d.kind !== 'intercom' || !d.deviceId) return;
  navigate(d.claimed === false ? { screen: 'setup', deviceId: d.deviceId } : { screen: 'device', deviceId: d.deviceId });
}

interface Props {
  device: ScannedDeviceView;
  now: number;
  /** Place in the virtual list: position, and what assistive technology announces ("3 of 1,000"). */
  index: number;
  top: number;
  count: number;
  measure: (element: HTMLLIElement | null) => void;
}

/**
 * One device in the Devices list. Memoized: a scan update re-renders only the rows whose device
 * changed (the merge keeps unchanged devices' objects), and the list renders only rows in view.
 */
export const DeviceRow = memo(function DeviceRow({ device, now, index, top, count, measure }: Props) {
  const ageS = Math.max(0, Math.round((now - device.lastSeen) / 1000));
  const descId = `dev-${device.key}-desc`;
  const details = [KIND_LABEL[device.kind], device.model, device.firmware ? `firmware ${device.firmware}` : undefined, device.deviceId ? `id ${device.deviceId}` : device.key]
    .filter(Boolean)
    .join(' · ');
  return (
    <li
      ref={measure}
      data-index={index}
      aria-posinset={index + 1}
      aria-setsize={count}
      className={`device-row kind-${device.kind}${ageS > STALE_S ? ' stale' : ''}`}
      style={{ position: 'absolute', top: 0, left: 0, right: 0, transform: `translateY(${top}px)` }}
    >
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
            <span className={`badge ${device.claimed === false ? 'badge-warn' : 'badge-ok'}`}>{device.claimed === false ? 'Unclaimed: first-time setup' : 'Claimed'}</span>
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
});
