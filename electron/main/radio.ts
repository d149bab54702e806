/**
 * Which radio the app uses: the computer's Bluetooth adapter through noble when it powers on, otherwise
 * the built-in simulated site, with the adapter's own reason shown in the app (app.status). The binding
 * follows FLUSS_BLE_BINDING / FLUSS_HCI_UART / FLUSS_HCI_DEVICE, as for the CLI. noble runs in a
 * utilityProcess (utilityRadio.ts), never in this process.
 */
import type { CredentialSource } from '../core/credentials';
import { toFlussError, type ErrorData } from '../protocol/errors';
import { ADAPTER_UNAVAILABLE } from '../services/adapterProblem';
import { createSimEnvironment } from '../services/simEnvironment';
import type { Transport } from '../transport/transport';
import { RadioTransport, type RadioStatus } from '../radio/radioTransport';
import { chooseBinding, describeBinding } from '../transport/noble/bindingChoice';
import type { RadioOptions } from '../radio/messages';
import { forkRadio, type RadioChild } from '../radio/radioChild';
import type { BleTraceSink } from '../diagnostics/bleTrace';

/** How long the adapter may take to power on before the simulated site opens instead. */
const ADAPTER_PROBE_MS = 4_000;

export interface RadioEnvironment {
  transport: Transport;
  credentials: CredentialSource;
  siteName?: string;
  now: () => number;
  notices: string[];
  /** The radio process feeds the BLE trace with its H4 stream (an HCI binding); absent or false, links are traced at the GATT level. */
  tracesH4?: () => boolean;
  close(): Promise<void>;
}

export interface ChooseRadioOptions {
  statePath: string;
  credentials: CredentialSource;
  onRadioStatus?: (status: RadioStatus) => void;
  /** Starts the radio process: utilityProcess in the app (utilityRadio.ts); a fork elsewhere (tests). */
  spawnRadio?: (options: RadioOptions) => RadioChild;
  /** The app's BLE trace: on the HCI bindings the radio process forwards its H4 stream into it. */
  trace?: BleTraceSink;
}

export async function chooseRadio(options: ChooseRadioOptions): Promise<{
  environment: RadioEnvironment;
  adapterProblem?: ErrorData;
}> {
  // noble runs in a utilityProcess (electron/radio/): a native crash or hang there never freezes the UI;
  // the radio restarts and sessions reopen. The binding follows the environment, which the process inherits.
  const transport = new RadioTransport({
    name: `noble (${describeBinding(chooseBinding({}))}, in a radio process)`,
    spawn: () => (options.spawnRadio ?? forkRadio)({ poweredOnTimeoutMs: ADAPTER_PROBE_MS, traceH4: options.trace !== undefined }),
    ...(options.onRadioStatus ? { onStatus: options.onRadioStatus } : {}),
    ...(options.trace ? { trace: options.trace } : {}),
  });
  try {
    await transport.probe();
    return {
      environment: { transport, credentials: options.credentials, now: Date.now, notices: [], tracesH4: () => transport.tracesH4, close: () => transport.close() },
    };
  } catch (error) {
    // noble keeps polling a missing adapter until stopped: stop it so it neither leaks nor holds the app.
    await transport.close().catch(() => undefined);
    const reason = toFlussError(error).toData();
    const sim = createSimEnvironment({ statePath: options.statePath, credentials: options.credentials });
    return {
      environment: sim,
      adapterProblem: { ...ADAPTER_UNAVAILABLE, message: `${reason.message} The built-in simulated site is open instead.`, hint: reason.hint ?? ADAPTER_UNAVAILABLE.hint },
    };
  }
}
