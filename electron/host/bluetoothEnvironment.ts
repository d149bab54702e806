/**
 * `--hci-uart <port>`: the browser host on real Bluetooth through noble (HCI over a serial line: an HCI
 * UART board, or the virtual controller `npm run sim:hci` prints). Keys come from a sealed key file and,
 * when a site is named with --sim, from that site's demo users (a bench site served by `fluss sim serve`),
 * as the CLI does (electron/cli/context.ts).
 */
import { existsSync } from 'node:fs';
import { chainCredentials, type CredentialSource } from '../core/credentials';
import { FlussError } from '../protocol/errors';
import { siteCredentials } from '../sim/siteCredentials';
import { loadSite } from '../sim/siteFile';
import { NobleTransport } from '../transport/nobleTransport';
import type { H4Listener } from '../transport/noble/h4Tap';
import { fileCredentials } from '../services/nodeStores';

export interface BluetoothEnvironment {
  transport: NobleTransport;
  credentials: CredentialSource;
  siteName?: string;
  notices: string[];
  close(): Promise<void>;
}

export function createBluetoothEnvironment(options: { hciUart: string; keysPath: string; sim?: string | boolean; h4Trace?: H4Listener }): BluetoothEnvironment {
  if (!existsSync(options.hciUart)) {
    throw new FlussError('ADAPTER_UNAVAILABLE', `No HCI controller at ${options.hciUart}.`, 'Check the serial port (or start one with `npm run sim:hci`) and try again.');
  }
  const keys = fileCredentials(options.keysPath);
  const site = options.sim === undefined || options.sim === false ? undefined : loadSite(typeof options.sim === 'string' ? options.sim : undefined);
  const transport = new NobleTransport({ hciUart: options.hciUart, ...(options.h4Trace ? { h4Trace: options.h4Trace } : {}) });
  return {
    transport,
    credentials: site ? chainCredentials(keys, siteCredentials(site)) : keys,
    ...(site ? { siteName: site.name } : {}),
    notices: keys.notice === undefined ? [] : [keys.notice],
    close: () => transport.close(),
  };
}
