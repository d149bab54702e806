/**
 * The real Bluetooth transport, on @stoprocent/noble. The binding is chosen by option (noble/binding.ts): HCI
 * over UART when a serial port is given (an HCI UART board, or the virtual controller's pty), BlueZ over D-Bus
 * on Linux by default, the raw HCI socket when asked, the native bindings on macOS and Windows.
 * noble has no timeouts, so every call here is bounded and cancellable; a link that drops rejects all its
 * pending operations with DISCONNECTED.
 */
import { existsSync } from 'node:fs';
import type { Noble, Peripheral } from '@stoprocent/noble';
import { FlussError, toFlussError } from '../protocol/errors';
import type { Advertisement, Link, ScanOptions, Transport } from './transport';
import { adapterError, waitForPoweredOn } from './noble/adapterState';
import { chooseBinding, createNoble, describeBinding, type BindingChoice } from './noble/binding';
import { toAdvertisement } from './noble/advertisement';
import { defaultGattCachePath, fluss, GattCacheFile, type GattCache } from './gattCache';
import { normaliseUuid } from './att/attPdu';
import type { LayoutRequest } from './att/handleAccess';
import { PROFILES } from '../protocol/gattProfile';
import { NobleLink } from './noble/nobleLink';
import { ScanResumer } from './noble/scanResumer';
import { lockPort, type PortLock } from './noble/portLock';
import { carriesH4, tapH4, type H4Listener } from './noble/h4Tap';

export interface NobleTransportOptions {
  /** The binding (binding.ts); absent, chosen from `hciUart`, the environment and the platform. */
  binding?: BindingChoice;
  /** HCI over UART: the controller's serial port (for example /dev/ttyACM0, or a virtual controller's pty). */
  hciUart?: string;
  /** UART speed; HCI UART firmware usually runs at 1 000 000 baud. */
  baudRate?: number;
  /** How long the adapter may take to power on (an HCI UART controller needs a reset first). */
  poweredOnTimeoutMs?: number;
  /** Upper bound of each stack call (scan start/stop, connect, one GATT operation). The core bounds sooner. */
  operationTimeoutMs?: number;
  /**
   * What is known of each device's GATT layout (gattCache.ts). Absent: the JSON file in the data folder, so
   * separate runs of the CLI share it; false: none (discovery on every connection).
   */
  gattCache?: GattCache | false;
  /** Hears every H4 packet on the HCI bindings (hci, hci-uart), for the diagnostics trace; ignored on others. */
  h4Trace?: H4Listener;
}

const DEFAULTS = { baudRate: 1_000_000, poweredOnTimeoutMs: 5_000, operationTimeoutMs: 30_000 };

export class NobleTransport implements Transport {
  readonly name: string;
  private noble: Noble | undefined;
  readonly binding: BindingChoice;
  private readonly options: typeof DEFAULTS & NobleTransportOptions;
  private scanListener: ((peripheral: Peripheral) => void) | undefined;
  private stopping: Promise<void> | undefined;
  private readonly links = new Set<NobleLink>();
  /** The last advertisement heard from each address: a Fluss+ device's id and firmware key the GATT cache. */
  private readonly heard = new Map<string, Advertisement>();
  private cache: GattCache | undefined;
  /** The scan the caller wants running (service filter), kept alive across noble's own stops. */
  private wantedScan: string[] | undefined;
  /** An HCI UART port is this process's alone while noble has it open (portLock.ts). */
  private portLock: PortLock | undefined;
  private readonly resumer = new ScanResumer(() => this.resumeScan());

  constructor(options: NobleTransportOptions = {}) {
    this.options = { ...DEFAULTS, ...options };
    this.binding =
      options.binding ??
      (options.hciUart === undefined ? chooseBinding({}) : { kind: 'hci-uart', port: options.hciUart, baudRate: this.options.baudRate });
    this.name = `noble (${describeBinding(this.binding)})`;
  }

  async startScan(onAdvertisement: (advertisement: Advertisement) => void, options: ScanOptions = {}): Promise<void> {
    const noble = await this.ready(options.signal);
    await this.stopScan();
    const wanted = (options.serviceUuids ?? []).map((u) => u.replace(/-/g, '').toLowerCase());
    // Attach before starting: a report may arrive before startScanningAsync resolves (ble-notes, pitfalls).
    this.scanListener = (peripheral) => {
      const advertisement = toAdvertisement(peripheral, peripheral.rssi);
      this.remember(advertisement);
      onAdvertisement(advertisement);
    };
    noble.on('discover', this.scanListener);
    this.wantedScan = wanted;
    options.signal?.addEventListener('abort', () => void this.stopScan().catch(() => undefined), { once: true });
    // Duplicates allowed: the scanner smooths RSSI and ages out devices that stop advertising.
    await this.bound('starting the scan', noble.startScanningAsync(wanted, true), options.signal);
  }

  /**
   * Stops the scan; concurrent calls share one stop. A new scan waits for it: noble ignores a start that
   * arrives while its previous stop is still in flight, and would then end up not scanning at all.
   */
  stopScan(): Promise<void> {
    const noble = this.noble;
    if (!noble || !this.scanListener) return this.stopping ?? Promise.resolve();
    noble.removeListener('discover', this.scanListener);
    this.scanListener = undefined;
    this.wantedScan = undefined;
    this.resumer.cancel();
    const stopping = this.bound('stopping the scan', noble.stopScanningAsync()).finally(() => {
      if (this.stopping === stopping) this.stopping = undefined;
    });
    this.stopping = stopping;
    return stopping;
  }

  async connect(address: string, options: { signal?: AbortSignal } = {}): Promise<Link> {
    const noble = await this.ready(options.signal);
    const id = address.replace(/:/g, '').toLowerCase();
    const onAbort = () => noble.cancelConnect(id);
    options.signal?.addEventListener('abort', onAbort, { once: true });
    let peripheral: Peripheral;
    this.resumer.connectStarted();
    try {
      peripheral = await this.bound(`connecting to ${address}`, noble.connectAsync(id), options.signal);
    } catch (error) {
      if (!options.signal?.aborted) noble.cancelConnect(id);
      throw error instanceof FlussError && error.code !== 'PROTOCOL_ERROR'
        ? error
        : new FlussError('DEVICE_NOT_FOUND', `Could not connect to ${address}.`, 'Move closer, check the device has power, and try again.', { cause: error });
    } finally {
      options.signal?.removeEventListener('abort', onAbort);
      this.resumer.connectSettled();
    }
    try {
      // Discovery runs after noble's MTU exchange on the same ATT bearer, so the MTU is known afterwards.
      const link = await NobleLink.open(
        noble,
        peripheral,
        {
          gattTimeoutMs: this.options.operationTimeoutMs,
          disconnectTimeoutMs: 3_000,
          layout: this.layoutRequest(address),
          onClosed: (closed) => this.links.delete(closed),
        },
        options.signal,
      );
      this.links.add(link);
      return link;
    } catch (error) {
      // A link that dropped during discovery is gone already: noble's disconnect would never settle.
      if (peripheral.state === 'disconnected') {
        throw new FlussError('DISCONNECTED', `The link to ${address} dropped while its services were being discovered.`, 'Move closer to the device and try again.', { cause: error });
      }
      await this.bound('disconnecting', peripheral.disconnectAsync(), undefined, 3_000).catch(() => undefined);
      throw error;
    }
  }

  /**
   * What to discover on `address`, and under which cache key: a Fluss+ device heard in a scan is keyed by its
   * id, firmware and profile; any other device by the services it advertised; one never heard by every
   * Fluss+ service (each costs one Find By Type Value).
   */
  private layoutRequest(address: string): LayoutRequest {
    const advertisement = this.heard.get(address.toLowerCase());
    const known = fluss(advertisement?.manufacturerData);
    this.cache ??= this.options.gattCache === false ? undefined : (this.options.gattCache ?? new GattCacheFile(defaultGattCachePath()));
    if (known) return { wanted: known.wanted, key: known.key, ...(this.cache ? { cache: this.cache } : {}) };
    const advertised = advertisement?.serviceUuids ?? [];
    const services = advertised.length > 0 ? advertised : Object.values(PROFILES).map((p) => p.service);
    return { wanted: services.map((uuid) => ({ uuid: normaliseUuid(uuid) })) };
  }

  private remember(advertisement: Advertisement): void {
    // Scan responses arrive apart from the advertising data: keep what each part added.
    const address = advertisement.address.toLowerCase();
    const previous = this.heard.get(address);
    this.heard.set(address, { ...previous, ...advertisement, serviceUuids: advertisement.serviceUuids.length > 0 ? advertisement.serviceUuids : (previous?.serviceUuids ?? []) });
    if (this.heard.size > 1024) this.heard.delete(this.heard.keys().next().value as string);
  }

  /** Disconnects every link and releases the stack, so the process can exit (noble keeps polling otherwise). */
  async close(): Promise<void> {
    this.resumer.cancel();
    await this.stopScan().catch(() => undefined);
    await Promise.all([...this.links].map((link) => link.disconnect()));
    this.links.clear();
    this.noble?.stop();
    this.noble?.removeAllListeners();
    this.noble = undefined;
    this.portLock?.release();
    this.portLock = undefined;
  }

  /**
   * Resolves once the adapter is powered on; rejects with ADAPTER_UNAVAILABLE (saying what to do) when
   * it is missing, off or not permitted. The app probes with this before choosing real Bluetooth.
   */
  async probe(signal?: AbortSignal): Promise<void> {
    await this.ready(signal);
  }

  private async ready(signal?: AbortSignal): Promise<Noble> {
    // A serial port that does not exist would only show as poweredOff until the timeout: say so at once.
    if (this.binding.kind === 'hci-uart' && process.platform !== 'win32' && !existsSync(this.binding.port)) throw adapterError('unsupported', this.binding);
    if (!this.noble) {
      // A second host on the port would read half this one's events and reset its controller: refuse first.
      if (this.binding.kind === 'hci-uart') this.portLock ??= lockPort(this.binding.port);
      this.noble = createNoble(this.binding);
      if (this.options.h4Trace && carriesH4(this.binding)) tapH4(this.noble, this.options.h4Trace);
      // noble's HCI binding stops the scan to open a connection (and resets the controller before the
      // first one) and never restarts it: without this the Devices list goes stale after a connect.
      this.noble.on('scanStop', () => {
        if (this.wantedScan !== undefined) this.resumer.stopped();
      });
    }
    await waitForPoweredOn(this.noble, this.binding, this.options.poweredOnTimeoutMs, signal);
    return this.noble;
  }

  /** Starts noble's scan again for the caller who still wants it (noble stopped it on its own). */
  private async resumeScan(): Promise<void> {
    const noble = this.noble;
    if (!noble) return;
    if (this.stopping) await this.stopping.catch(() => undefined);
    // Read after the wait: the caller may have stopped scanning meanwhile.
    const wanted = this.currentScan();
    if (wanted === undefined) return;
    await this.bound('restarting the scan', noble.startScanningAsync(wanted, true));
  }

  private currentScan(): string[] | undefined {
    return this.wantedScan;
  }

  /** Settles with `promise`, or rejects on the caller's abort or after `timeoutMs`: noble's calls may never settle. */
  private bound<T>(what: string, promise: Promise<T>, signal?: AbortSignal, timeoutMs = this.options.operationTimeoutMs): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const finish = (settle: () => void) => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        settle();
      };
      const onAbort = () => {
        const reason: unknown = signal?.reason;
        finish(() => reject(reason instanceof FlussError ? reason : new FlussError('ABORTED', `${what} was cancelled.`)));
      };
      const timer = setTimeout(() => finish(() => reject(new FlussError('TIMEOUT', `The Bluetooth stack did not finish ${what} in time.`))), timeoutMs);
      if (signal?.aborted) {
        onAbort();
        return;
      }
      signal?.addEventListener('abort', onAbort, { once: true });
      promise.then(
        (value) => finish(() => resolve(value)),
        (error: unknown) => finish(() => reject(new FlussError('PROTOCOL_ERROR', `${what} failed: ${toFlussError(error).message}`, undefined, { cause: error }))),
      );
    });
  }
}
