/**
 * Hosts one simulated device (a Peripheral, e.g. a DeviceEndpoint) as a real BLE peripheral on its own
 * @stoprocent/bleno instance, over HCI UART. Advertising carries exactly what `peripheral.advertising()`
 * returns (flags and the 128-bit service UUID; the scan response holds manufacturer data and the local
 * name), and the profile's characteristics (gattRoles.ts) map onto the PeripheralConnection of each central.
 */
import { withBindings, type Bleno, type ConnectionHandle } from '@stoprocent/bleno';
import { encodeAdStructures } from '../hci/adStructures';
import { FlussError } from '../protocol/errors';
import { PROFILES, type ServiceProfile } from '../protocol/gattProfile';
import { fillerCharacteristics, profileCharacteristics, type CharacteristicSpec } from './gattRoles';
import type { Peripheral, PeripheralConnection } from './peripheral';

export interface BlenoHostOptions {
  /** The HCI UART port of this device's controller. */
  hciUart: string;
  baudRate?: number;
  poweredOnTimeoutMs?: number;
}

interface CentralState {
  mtu: number;
  connection: PeripheralConnection;
  /** bleno's notify function per characteristic, set while the central is subscribed. */
  notifiers: Map<string, (data: Buffer) => void>;
  /** The last value read per characteristic: a long read continues with Read Blob at an offset. */
  lastRead: Map<string, Buffer>;
}

/** LE General Discoverable, BR/EDR not supported (Core Spec Supplement Part A 1.3). */
const FLAGS = 0x06;
/** ATT error codes (Vol 3 Part F 3.4.1.1). */
const ATT_SUCCESS = 0x00;
const ATT_UNLIKELY_ERROR = 0x0e;

export class BlenoHost {
  private readonly centrals = new Map<ConnectionHandle, CentralState>();
  private newest: ConnectionHandle | undefined;
  private stopped = false;

  private constructor(
    private readonly bleno: Bleno,
    readonly peripheral: Peripheral,
    private readonly profile: ServiceProfile,
  ) {}

  /** Powers the controller on, publishes the service and starts advertising. */
  static async start(peripheral: Peripheral, options: BlenoHostOptions): Promise<BlenoHost> {
    const serviceUuid = peripheral.advertising().serviceUuids[0];
    const profile = Object.values(PROFILES).find((p) => p.service === serviceUuid);
    if (!profile) throw new FlussError('INVALID_ARGUMENT', `${peripheral.address} advertises no Fluss+ service.`);
    const bleno = withBindings('hci', {
      hciDriver: 'uart',
      bindParams: { uart: { port: options.hciUart, baudRate: options.baudRate ?? 1_000_000 } },
    });
    const host = new BlenoHost(bleno, peripheral, profile);
    try {
      await bleno.waitForPoweredOnAsync(options.poweredOnTimeoutMs ?? 5_000);
      host.listen();
      await bleno.setServicesAsync([host.service()]);
      await host.advertise();
    } catch (error) {
      host.stop();
      throw new FlussError('ADAPTER_UNAVAILABLE', `Could not host ${peripheral.address} on ${options.hciUart}.`, 'Check the HCI UART port.', { cause: error });
    }
    return host;
  }

  /**
   * Publishes the service again, as laid out now: after `peripheral.gattFillers` changed (a firmware whose
   * handles moved). Connected centrals keep the old layout until they reconnect.
   */
  async republish(): Promise<void> {
    await this.bleno.setServicesAsync([this.service()]);
  }

  /** Ends every connection, stops advertising and releases the port. */
  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    for (const central of this.centrals.values()) central.connection.disconnected();
    this.centrals.clear();
    this.bleno.removeAllListeners();
    this.bleno.stop();
    // bleno 0.12.4 re-arms a one-second adapter poll forever, even after stop(); silence it so the process can exit.
    const hci = (this.bleno as unknown as { _bindings?: { _hci?: { pollIsDevUp?: () => void } } })._bindings?._hci;
    if (hci) hci.pollIsDevUp = () => undefined;
  }

  private listen(): void {
    this.bleno.on('accept', (_address, handle) => {
      const state: CentralState = { mtu: 23, notifiers: new Map(), lastRead: new Map(), connection: undefined as unknown as PeripheralConnection };
      state.connection = this.peripheral.accept({
        get mtu() {
          return state.mtu;
        },
        notify: (_service, characteristic, value) => state.notifiers.get(characteristic)?.(Buffer.from(value)),
        disconnect: () => (this.bleno as unknown as { disconnect(handle: ConnectionHandle): void }).disconnect(handle),
      });
      this.centrals.set(handle, state);
      this.newest = handle;
    });
    // bleno reports the exchanged MTU without its connection; the exchange follows the connection at once.
    this.bleno.on('mtuChange', (mtu) => {
      const state = this.newest === undefined ? undefined : this.centrals.get(this.newest);
      if (state) state.mtu = mtu;
    });
    this.bleno.on('disconnect', (_address, handle) => {
      this.centrals.get(handle)?.connection.disconnected();
      this.centrals.delete(handle);
      // The advertised claim state may have changed while connected (a claim): advertise afresh.
      if (!this.stopped) this.advertise().catch(() => undefined);
    });
  }

  private advertise(): Promise<void> {
    const data = this.peripheral.advertising();
    const advertisement = encodeAdStructures({ flags: FLAGS, serviceUuids: data.serviceUuids });
    const scanResponse = encodeAdStructures({ manufacturerData: data.manufacturerData, localName: data.localName });
    return this.bleno.startAdvertisingWithEIRDataAsync(advertisement, scanResponse);
  }

  private service() {
    const { service } = this.profile;
    const specs = [...fillerCharacteristics(this.peripheral.gattFillers ?? 0), ...profileCharacteristics(this.profile)];
    return new this.bleno.PrimaryService({ uuid: service, characteristics: specs.map((spec) => this.characteristic(spec)) });
  }

  /** One characteristic of the profile on bleno: reads, writes and notifications go to the central's PeripheralConnection. */
  private characteristic(spec: CharacteristicSpec) {
    const { service } = this.profile;
    const { uuid, properties } = spec;
    const central = (handle: ConnectionHandle) => this.centrals.get(handle);
    const filler = spec.role.startsWith('filler');
    return new this.bleno.Characteristic({
      uuid,
      properties,
      ...(properties.includes('read')
        ? {
            onReadRequest: (handle: ConnectionHandle, offset: number, callback: (result: number, data?: Buffer) => void) => {
              const state = central(handle);
              if (!state) return callback(ATT_UNLIKELY_ERROR);
              if (filler) return callback(ATT_SUCCESS, Buffer.alloc(0));
              const cached = state.lastRead.get(uuid);
              if (offset > 0 && cached) return callback(ATT_SUCCESS, cached.subarray(offset));
              state.connection.read(service, uuid).then(
                (value) => {
                  const bytes = Buffer.from(value);
                  state.lastRead.set(uuid, bytes);
                  callback(ATT_SUCCESS, bytes.subarray(offset));
                },
                () => callback(ATT_UNLIKELY_ERROR),
              );
            },
          }
        : {}),
      ...(properties.includes('write') || properties.includes('writeWithoutResponse')
        ? {
            // For a Write Command bleno sends no response whatever the callback says.
            onWriteRequest: (handle: ConnectionHandle, data: Buffer, _offset: number, _withoutResponse: boolean, callback: (result: number) => void) => {
              const state = central(handle);
              if (!state) return callback(ATT_UNLIKELY_ERROR);
              state.connection.write(service, uuid, new Uint8Array(data)).then(
                () => callback(ATT_SUCCESS),
                () => callback(ATT_UNLIKELY_ERROR),
              );
            },
          }
        : {}),
      ...(properties.includes('notify')
        ? {
            onSubscribe: (handle: ConnectionHandle, maxValueSize: number, update: (data?: Buffer) => void) => {
              const state = central(handle);
              if (!state) return;
              // The CCCD write carries the connection's ATT_MTU - 3: the surest figure bleno gives per connection.
              state.mtu = maxValueSize + 3;
              state.notifiers.set(uuid, (data) => update(data));
              state.connection.setNotify(service, uuid, true);
            },
            onUnsubscribe: (handle: ConnectionHandle) => {
              const state = central(handle);
              state?.notifiers.delete(uuid);
              state?.connection.setNotify(service, uuid, false);
            },
          }
        : {}),
    });
  }
}
