/**
 * `--hci-uart <port>`: the browser host on real Bluetooth through noble (HCI over a serial line: an HCI
 * UART board, or the virtual controller `npm run sim:hci` prints). Keys come from a sealed key file and,
 * when a site is named with --sim, from that site's demo users (a bench site served by `fluss sim serve`),
 * as the CLI does (electron/cli/context.ts). noble runs in a radio process (electron/radio/README.md).
 */
import { existsSync } from 'node:fs';
import { chainCredentials, type CredentialSource } from '../core/credentials';
import { FlussError } from '../protocol/errors';
import { siteCredentials } from '../sim/siteCredentials';
import { loadSite } from '../sim/siteFile';
import { forkRadio } from '../radio/radioChild';
import { RadioTransport, type RadioStatus } from '../radio/radioTransport';
import { describeBinding } from '../transport/noble/bindingChoice';
import { fileCredentials } from '../services/nodeStores';
import type { BleTraceSink } from '../diagnostics/bleTrace';

export interface BluetoothEnvironment {
  /** noble runs in a child process (electron/radio/): a crash or hang there never takes the host down. */
  transport: RadioTransport;
  credentials: CredentialSource;
  siteName?: string;
  notices: string[];
  /** The radio feeds the trace with the H4 stream (it said so when ready): no GATT-level trace is needed. */
  tracesH4: () => boolean;
  close(): Promise<void>;
}

export interface BluetoothEnvironmentOptions {
  hciUart: string;
  keysPath: string;
  sim?: string | boolean;
  onRadioStatus?: (status: RadioStatus) => void;
  /** The host's BLE trace: the radio process forwards the H4 stream of HCI over UART into it. */
  trace?: BleTraceSink;
}

export function createBluetoothEnvironment(options: BluetoothEnvironmentOptions): BluetoothEnvironment {
  if (!existsSync(options.hciUart)) {
    throw new FlussError('ADAPTER_UNAVAILABLE', `No HCI controller at ${options.hciUart}.`, 'Check the serial port (or start one with `npm run sim:hci`) and try again.');
  }
  const keys = fileCredentials(options.keysPath);
  const site = options.sim === undefined || options.sim === false ? undefined : loadSite(typeof options.sim === 'string' ? options.sim : undefined);
  const binding = { kind: 'hci-uart' as const, port: options.hciUart, baudRate: 1_000_000 };
  const transport = new RadioTransport({
    name: `noble (${describeBinding(binding)}, in a radio process)`,
    spawn: () => forkRadio({ hciUart: options.hciUart, traceH4: options.trace !== undefined }),
    ...(options.onRadioStatus ? { onStatus: options.onRadioStatus } : {}),
    ...(options.trace ? { trace: options.trace } : {}),
  });
  return {
    transport,
    credentials: site ? chainCredentials(keys, siteCredentials(site)) : keys,
    ...(site ? { siteName: site.name } : {}),
    notices: keys.notice === undefined ? [] : [keys.notice],
    tracesH4: () => transport.tracesH4,
    close: () => transport.close(),
  };
}
