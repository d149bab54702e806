import { useDeferredValue, useMemo, useState } from 'react';
import type { ScannedDeviceView } from '@ipc/contract';
import { SAME_AS_ENTRY } from '@protocol/accessRules';
import { scannedGates } from '../store/scanSlice';
import { identifyGate } from '../effects/scan';
import { Modal } from '../components/Modal';
import { SignalBars } from '../components/SignalBars';
import { IdentifyButton } from './IdentifyButton';
import { GateOptionList, type GateOption } from './GateOptionList';

/** A gate's name from the scan, or its id when it is not in range now. */
export function gateLabel(deviceId: string, devices: readonly ScannedDeviceView[]): string {
  const d = devices.find((x) => x.deviceId === deviceId);
  return d ? d.name : `Gate ${deviceId} (not in range)`;
}

/** A row's Identify, for the mouse: out of the Tab order (the group is one Tab stop; see `after` below). */
function identifyInRow(g: ScannedDeviceView & { deviceId: string }) {
  return <IdentifyButton deviceId={g.deviceId} name={g.name} onIdentify={identifyGate} inTabOrder={false} />;
}

/** The Exit picker's row for the Entry Device says what choosing it means (never cached: it depends on the Entry Device). */
function entryGateOption(g: ScannedDeviceView & { deviceId: string }): GateOption {
  return {
    value: g.deviceId,
    label: g.name,
    detail: (
      <>
        <span>The Entry Device: choosing it sets Same as entry.</span> <SignalBars rssi={g.rssi} />
      </>
    ),
    extra: identifyInRow(g),
  };
}

/**
 * One option per scanned gate object (the scan merge keeps unchanged devices' objects), so a scan
 * update rebuilds only the rows whose gate changed. Weak: gone devices are collected.
 */
const optionOf = new WeakMap<ScannedDeviceView, GateOption>();
function gateOption(g: ScannedDeviceView & { deviceId: string }): GateOption {
  let option = optionOf.get(g);
  if (!option) {
    option = { value: g.deviceId, label: g.name, detail: <SignalBars rssi={g.rssi} />, extra: identifyInRow(g) };
    optionOf.set(g, option);
  }
  return option;
}

/** Past this many gates the picker offers a search box. */
const SEARCH_FROM = 10;

interface Props<T extends string> {
  title: 'Entry Device' | 'Exit Device';
  devices: readonly ScannedDeviceView[];
  value: string;
  sameAsEntry?: boolean;
  /** The Exit picker's Entry Device: picking that gate for exit means Same as entry (issue 10, bug 4.10). */
  entryDevice?: string | null;
  onChoose: (value: T) => void;
  onClose: () => void;
}

/**
 * Entry/Exit picker: the gates the scan discovered, with signal and Identify; Exit adds Same as entry.
 * Only offered values can be chosen. The arrow keys highlight; selecting a gate (click, Enter or Space)
 * chooses it and closes the picker (issue 10, bug 4.14); Escape or Close leaves the setting as it was.
 * Choosing the Entry Device as Exit Device stores Same as entry (bug 4.10).
 */
export function GatePicker<T extends string>({ title, devices, value, sameAsEntry, entryDevice, onChoose, onClose }: Props<T>) {
  const [choice, setChoice] = useState(value);
  const [query, setQuery] = useState('');
  const gates = useMemo(() => scannedGates(devices), [devices]);
  const entryGate = sameAsEntry && entryDevice ? entryDevice : undefined;
  const options = useMemo(() => {
    const list: GateOption[] = gates.map((g) => (g.deviceId === entryGate ? entryGateOption(g) : gateOption(g)));
    // The gate currently set but not heard now stays choosable, so opening the picker never loses it.
    if (value && value !== SAME_AS_ENTRY && !gates.some((g) => g.deviceId === value)) list.push({ value, label: gateLabel(value, devices) });
    if (sameAsEntry) {
      const entryName = entryDevice ? gateLabel(entryDevice, devices) : undefined;
      list.unshift({
        value: SAME_AS_ENTRY,
        label: 'Same as entry',
        detail: entryName ? `${entryName} opens for leaving too, and follows any later Entry Device change` : 'One gate for entering and leaving',
      });
    }
    return list;
  }, [gates, value, sameAsEntry, entryDevice, entryGate, devices]);
  const q = useDeferredValue(query).trim().toLowerCase();
  const shown = useMemo(() => (q ? options.filter((o) => o.label.toLowerCase().includes(q) || o.value.includes(q.replace(/[:\-\s]/g, ''))) : options), [options, q]);
  const name = `picker-${title.replace(/\W+/g, '-').toLowerCase()}`;
  const choose = (picked: string) => {
    // Exit = the entry gate is what Same as entry means; storing it as such keeps the two together.
    if (options.some((o) => o.value === picked)) onChoose((picked === entryGate ? SAME_AS_ENTRY : picked) as T);
    onClose();
  };
  // The keyboard's way to Identify: one button after the group, for the highlighted gate.
  const highlightedValue = shown.some((o) => o.value === choice) ? choice : shown[0]?.value;
  const highlighted = gates.find((g) => g.deviceId === highlightedValue);
  const description =
    title === 'Entry Device'
      ? 'Select the Fluss+ gate that opens when a guest enters a one-time code. Not sure which is which? Press Identify: that gate blinks and clicks (with the keyboard: highlight it with the arrow keys, then Tab to Identify).'
      : 'Select the gate that opens when the guest leaves, or Same as entry if one gate is used for both.';
  return (
    <Modal title={title} onClose={onClose} description={description}>
      {options.length > SEARCH_FROM ? (
        <label className="field picker-search">
          <span>Search gates</span>
          <input type="search" value={query} onChange={(e) => setQuery(e.target.value)} placeholder="Name or id" />
        </label>
      ) : null}
      {options.length === 0 ? (
        <div className="picker-empty">
          <p role="alert">
            No Fluss+ gate found nearby. Check the gate has power, stand within about 10 m of it and wait a few seconds: the list fills in by itself as
            the scan hears it.
          </p>
        </div>
      ) : shown.length === 0 ? (
        <p className="empty" role="status">
          No gate matches “{query}”. Clear the search box to see all {options.length}.
        </p>
      ) : (
        <GateOptionList title={title} name={name} options={shown} choice={choice} onSelect={setChoice} onChoose={choose} />
      )}
      {highlighted ? (
        <div className="picker-after">
          <IdentifyButton
            deviceId={highlighted.deviceId}
            name={highlighted.name}
            onIdentify={identifyGate}
            label={`Identify highlighted gate (${highlighted.name})`}
            showResult={false}
          />
        </div>
      ) : null}
      <div className="modal-actions">
        <button type="button" className="secondary" onClick={onClose}>
          Close
        </button>
      </div>
    </Modal>
  );
}
