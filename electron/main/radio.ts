/**
 * Which radio the app uses: the computer's Bluetooth adapter through noble when it powers on, otherwise
 * the built-in simulated site, with the adapter's own reason shown in the app (app.status). The binding
 * follows FLUSS_BLE_BINDING / FLUSS_HCI_UART / FLUSS_HCI_DEVICE, as for the CLI.
 */
import type { CredentialSource } from '../core/credentials';
import { toFlussError, type ErrorData } from '../protocol/errors';
import { ADAPTER_UNAVAILABLE } from '../services/adapterProblem';
import { createSimEnvironment } from '../services/simEnvironment';
import type { Transport } from '../transport/transport';
import { NobleTransport } from '../transport/nobleTransport';
import { carriesH4, type H4Listener } from '../transport/noble/h4Tap';

/** How long the adapter may take to power on before the simulated site opens instead. */
const ADAPTER_PROBE_MS = 4_000;

export interface RadioEnvironment {
  /** The transport feeds the BLE trace with its H4 stream (noble on an HCI binding). */
  tracesH4?: boolean;
  transport: Transport;
  credentials: CredentialSource;
  siteName?: string;
  now: () => number;
  notices: string[];
  close(): Promise<void>;
}

export async function chooseRadio(options: { statePath: string; credentials: CredentialSource; h4Trace?: H4Listener }): Promise<{
  environment: RadioEnvironment;
  adapterProblem?: ErrorData;
}> {
  const transport = new NobleTransport({ poweredOnTimeoutMs: ADAPTER_PROBE_MS, ...(options.h4Trace ? { h4Trace: options.h4Trace } : {}) });
  try {
    await transport.probe();
    return {
      environment: { transport, tracesH4: options.h4Trace !== undefined && carriesH4(transport.binding), credentials: options.credentials, now: Date.now, notices: [], close: () => transport.close() },
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
