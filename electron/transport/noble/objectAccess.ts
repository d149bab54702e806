/**
 * Characteristics through noble's own objects: the fallback where the OS owns GATT (macOS, Windows, BlueZ
 * over D-Bus). Those stacks cache discovery themselves, so the app asks only for the wanted services and
 * characteristics and lets the OS decide what goes on the air. PDUs are estimated from what each call
 * sends, since the stack does not show them.
 */
import type { Characteristic, Peripheral } from '@stoprocent/noble';
import { FlussError } from '../../protocol/errors';
import type { AttCounters } from '../att/attCounters';
import { ATT, normaliseUuid } from '../att/attPdu';
import type { GattAccess } from '../att/gattAccess';
import type { WantedService } from '../att/gattLayout';

export async function objectAccess(peripheral: Peripheral, wanted: WantedService[] | undefined, counters: AttCounters): Promise<GattAccess> {
  const found =
    wanted === undefined
      ? await peripheral.discoverAllServicesAndCharacteristicsAsync()
      : await peripheral.discoverSomeServicesAndCharacteristicsAsync(
          wanted.map((w) => w.uuid),
          wanted.flatMap((w) => w.characteristics ?? []),
        );
  const characteristics = new Map<string, Characteristic>();
  for (const service of found.services) {
    for (const c of service.characteristics) characteristics.set(key(service.uuid, c.uuid), c);
  }
  return new ObjectAccess(characteristics, counters);
}

class ObjectAccess implements GattAccess {
  readonly source = 'stack' as const;
  private readonly listeners = new Map<Characteristic, (data: Buffer, isNotification: boolean) => void>();

  constructor(
    private readonly characteristics: Map<string, Characteristic>,
    private readonly counters: AttCounters,
  ) {}

  async read(service: string, characteristic: string): Promise<Uint8Array> {
    const target = this.find(service, characteristic);
    this.counters.countOpcode('out', ATT.readReq, 3);
    const value = await target.readAsync();
    this.counters.countOpcode('in', ATT.readRsp, value.length + 1);
    return new Uint8Array(value);
  }

  async write(service: string, characteristic: string, data: Uint8Array, withoutResponse: boolean): Promise<void> {
    const target = this.find(service, characteristic);
    const command = withoutResponse && target.properties.includes('writeWithoutResponse');
    this.counters.countOpcode('out', command ? ATT.writeCmd : ATT.writeReq, data.length + 3);
    await target.writeAsync(Buffer.from(data), command);
    if (!command) this.counters.countOpcode('in', ATT.writeRsp, 1);
  }

  async enableNotifications(service: string, characteristic: string, onValue: (value: Uint8Array) => void): Promise<void> {
    const target = this.find(service, characteristic);
    const onData = (data: Buffer, isNotification: boolean) => {
      if (!isNotification) return;
      this.counters.countOpcode('in', ATT.notification, data.length + 3);
      onValue(new Uint8Array(data));
    };
    target.on('data', onData);
    this.listeners.set(target, onData);
    try {
      this.counters.countOpcode('out', ATT.writeReq, 5); // the CCCD write
      await target.subscribeAsync();
      this.counters.countOpcode('in', ATT.writeRsp, 1);
    } catch (error) {
      target.removeListener('data', onData);
      this.listeners.delete(target);
      throw error;
    }
  }

  async disableNotifications(service: string, characteristic: string): Promise<void> {
    const target = this.find(service, characteristic);
    const onData = this.listeners.get(target);
    if (onData) target.removeListener('data', onData);
    this.listeners.delete(target);
    await target.unsubscribeAsync();
  }

  close(): void {
    for (const [target, onData] of this.listeners) target.removeListener('data', onData);
    this.listeners.clear();
  }

  private find(service: string, characteristic: string): Characteristic {
    const found = this.characteristics.get(key(service, characteristic));
    if (!found) throw new FlussError('PROTOCOL_ERROR', `The device has no characteristic ${characteristic} in service ${service}.`, 'Check the device firmware is a Fluss+ firmware.');
    return found;
  }
}

function key(service: string, characteristic: string): string {
  return `${normaliseUuid(service)}/${normaliseUuid(characteristic)}`;
}
