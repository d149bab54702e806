/**
 * An ATT bearer on noble's HCI binding (hci-socket/gatt.js), the one place this app reaches into noble's
 * internals. noble's public API offers reads and writes by handle but no Find By Type Value, no raw
 * responses (a failed readHandle resolves empty, a failed writeHandle never settles) and no Write Command
 * acknowledgement, so requests go through the binding's own ATT command queue (`_queueCommand`): the
 * same queue noble's MTU exchange and its own procedures use, so nothing interleaves on the bearer.
 *
 * Only the HCI bindings (raw socket, HCI UART) have it. On macOS, Windows and BlueZ over D-Bus the OS owns
 * GATT (and caches it itself): `nobleAttBearer` returns undefined there and the link uses noble's
 * characteristic objects instead (objectAccess.ts).
 */
import type { Noble, Peripheral } from '@stoprocent/noble';
import type { AttBearer } from '../att/attBearer';
import type { AttCounters } from '../att/attCounters';
import { DEFAULT_ATT_MTU } from '../att/attPdu';

interface HciGatt {
  _queueCommand(buffer: Buffer, callback: ((response: Buffer) => void) | null, writeCallback?: () => void): void;
  _mtu?: number;
}

/** The binding's Gatt of a connected peripheral, if the binding has one of the expected shape. */
function hciGatt(noble: Noble, peripheral: Peripheral): HciGatt | undefined {
  const bindings = (noble as unknown as { _bindings?: { _gatts?: Record<string, unknown> } })._bindings;
  const gatt = bindings?._gatts?.[peripheral.id] as Partial<HciGatt> | undefined;
  return gatt && typeof gatt._queueCommand === 'function' ? (gatt as HciGatt) : undefined;
}

export function nobleAttBearer(noble: Noble, peripheral: Peripheral, counters: AttCounters): AttBearer | undefined {
  const gatt = hciGatt(noble, peripheral);
  if (!gatt) return undefined;
  return {
    get mtu() {
      return peripheral.mtu ?? gatt._mtu ?? DEFAULT_ATT_MTU;
    },
    request(pdu, signal) {
      return new Promise<Uint8Array>((resolve, reject) => {
        if (signal?.aborted) return reject(signal.reason as Error);
        // Once queued, a request cannot be withdrawn from noble's queue; the caller's GattQueue bounds the wait.
        const onAbort = () => reject(signal?.reason as Error);
        signal?.addEventListener('abort', onAbort, { once: true });
        counters.count('out', pdu);
        gatt._queueCommand(Buffer.from(pdu), (response) => {
          signal?.removeEventListener('abort', onAbort);
          counters.count('in', response);
          resolve(new Uint8Array(response));
        });
      });
    },
    command(pdu, signal) {
      return new Promise<void>((resolve, reject) => {
        if (signal?.aborted) return reject(signal.reason as Error);
        counters.count('out', pdu);
        // The write callback runs when noble hands the PDU to the controller (at once if the bearer is idle).
        gatt._queueCommand(Buffer.from(pdu), null, () => resolve());
      });
    },
    onNotification(listener) {
      const onNotify = (handle: number, data: Buffer) => {
        counters.countOpcode('in', 0x1b, data.length + 3);
        listener(handle, new Uint8Array(data));
      };
      peripheral.on('handleNotify', onNotify);
      return () => peripheral.removeListener('handleNotify', onNotify);
    },
  };
}
