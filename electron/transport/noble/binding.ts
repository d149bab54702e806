/**
 * Building noble on the chosen binding (bindingChoice.ts chooses, without loading noble).
 */
import { withBindings, type BindingType, type Noble, type WithBindingsOptions } from '@stoprocent/noble';
import type { BindingChoice } from './bindingChoice';

export { chooseBinding, describeBinding, type BindingChoice, type BindingKind, type BindingRequest } from './bindingChoice';

/** noble on `choice`. Nothing starts until a listener or a call needs the adapter. */
export function createNoble(choice: BindingChoice): Noble {
  switch (choice.kind) {
    case 'hci-uart':
      return withBindings('hci', { hciDriver: 'uart', bindParams: { uart: { port: choice.port, baudRate: choice.baudRate } } });
    case 'hci':
      return withBindings('hci', { deviceId: choice.deviceId });
    case 'mac':
    case 'win':
      return withBindings(choice.kind);
    case 'dbus': {
      // noble 2.8 ships the dbus binding (on the dbus-next package) but its types do not list it yet.
      const options = (choice.adapter === undefined ? {} : { adapterId: `hci${choice.adapter}` }) as WithBindingsOptions;
      const noble = withBindings('dbus' as BindingType, options);
      guardDbus(noble);
      return noble;
    }
  }
}

interface DbusBindings {
  start(): void;
  emit(event: string, ...args: unknown[]): boolean;
  _state?: string;
  _bus?: { on(event: 'error', listener: (error: Error) => void): void };
}

/**
 * dbus-next reports a missing system bus as an 'error' event on the bus with no listener, which would
 * crash the process. Attach one as the binding starts, and report the adapter as unsupported instead.
 */
function guardDbus(noble: Noble): void {
  const bindings = (noble as unknown as { _bindings?: DbusBindings })._bindings;
  if (!bindings) return;
  const start = bindings.start.bind(bindings);
  const unsupported = () => {
    if (bindings._state === 'unsupported') return;
    bindings._state = 'unsupported';
    bindings.emit('stateChange', 'unsupported');
  };
  bindings.start = () => {
    try {
      start();
    } catch {
      // dbus-next could not be loaded: no D-Bus here.
      unsupported();
      return;
    }
    bindings._bus?.on('error', unsupported);
  };
}
