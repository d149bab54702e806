/**
 * Real Bluetooth, loaded on first use. noble and its native bindings take a noticeable part of a
 * command's start-up, so a shell that may never touch the radio (`fluss --help`, a usage error, a value
 * refused before any radio work) holds this stand-in instead, and noble loads only when a scan or a
 * connection is asked for. `--sim` never builds one at all.
 */
import type { NobleTransportOptions } from './nobleTransport';
import { describeBinding, type BindingChoice } from './noble/bindingChoice';
import type { Transport } from './transport';

export function lazyNobleTransport(options: NobleTransportOptions & { binding: BindingChoice }): Transport {
  let loading: Promise<Transport> | undefined;
  const load = () => (loading ??= import('./nobleTransport').then(({ NobleTransport }) => new NobleTransport(options)));
  // Stopping or closing what never loaded is nothing to do; nor is closing what failed to load.
  const ifLoaded = async (use: (transport: Transport) => Promise<void>) => {
    const transport = await loading?.catch(() => undefined);
    if (transport) await use(transport);
  };
  return {
    name: `noble (${describeBinding(options.binding)})`,
    startScan: async (onAdvertisement, scanOptions) => (await load()).startScan(onAdvertisement, scanOptions),
    stopScan: () => ifLoaded((t) => t.stopScan()),
    connect: async (address, connectOptions) => (await load()).connect(address, connectOptions),
    close: () => ifLoaded((t) => t.close()),
  };
}
