import type { ScannedDeviceView } from '@ipc/contract';
import { SAME_AS_ENTRY } from '@protocol/accessRules';
import { scannedGates } from '../store/scanSlice';
import { identifyGate } from '../effects/scan';
import { SignalBars } from '../components/SignalBars';
import { IdentifyButton } from './IdentifyButton';
import { OptionPicker, type PickerOption } from './OptionPicker';

/** A gate's name from the scan, or its id when it is not in range now. */
export function gateLabel(deviceId: string, devices: readonly ScannedDeviceView[]): string {
  const d = devices.find((x) => x.deviceId === deviceId);
  return d ? d.name : `Gate ${deviceId} (not in range)`;
}

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

/** Entry/Exit picker: the gates the scan discovered, with signal and Identify; Exit adds Same as entry. */
export function GatePicker<T extends string>({ title, devices, value, sameAsEntry, entryDevice, onChoose, onClose }: Props<T>) {
  const gates = scannedGates(devices);
  const entryGate = sameAsEntry && entryDevice ? entryDevice : undefined;
  const options: PickerOption<string>[] = gates.map((g) => ({
    value: g.deviceId,
    label: g.name,
    detail:
      g.deviceId === entryGate ? (
        <>
          <span>The Entry Device: choosing it sets Same as entry.</span> <SignalBars rssi={g.rssi} />
        </>
      ) : (
        <SignalBars rssi={g.rssi} />
      ),
    extra: <IdentifyButton deviceId={g.deviceId} name={g.name} onIdentify={identifyGate} inTabOrder={false} />,
  }));
  // The gate currently set but not heard now stays choosable, so opening the picker never loses it.
  if (value && value !== SAME_AS_ENTRY && !gates.some((g) => g.deviceId === value)) {
    options.push({ value, label: gateLabel(value, devices) });
  }
  if (sameAsEntry) {
    const entryName = entryDevice ? gateLabel(entryDevice, devices) : undefined;
    options.unshift({
      value: SAME_AS_ENTRY,
      label: 'Same as entry',
      detail: entryName ? `${entryName} opens for leaving too, and follows any later Entry Device change` : 'One gate for entering and leaving',
    });
  }
  const description =
    title === 'Entry Device'
      ? 'Select the Fluss+ gate that opens when a guest enters a one-time code. Not sure which is which? Press Identify: that gate blinks and clicks (with the keyboard: highlight it with the arrow keys, then Tab to Identify).'
      : 'Select the gate that opens when the guest leaves, or Same as entry if one gate is used for both.';
  return (
    <OptionPicker<string>
      title={title}
      description={description}
      options={options}
      value={value}
      // Exit = the entry gate is what Same as entry means; storing it as such keeps the two together.
      onChoose={(v) => onChoose((v === entryGate ? SAME_AS_ENTRY : v) as T)}
      onClose={onClose}
      after={(o) => {
        const gate = o && gates.find((g) => g.deviceId === o.value);
        return gate ? (
          <IdentifyButton deviceId={gate.deviceId} name={gate.name} onIdentify={identifyGate} label={`Identify highlighted gate (${gate.name})`} showResult={false} />
        ) : null;
      }}
      empty={
        <p role="alert">
          No Fluss+ gate found nearby. Check the gate has power, stand within about 10 m of it and wait a few seconds: the list fills in by itself as
          the scan hears it.
        </p>
      }
    />
  );
}
