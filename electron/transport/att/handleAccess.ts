/**
 * Characteristics by handle over an ATT bearer, with the layout from the GATT cache (validated on the air)
 * or from discovery by UUID. Reads continue with Read Blob while a response is full (Vol 3 Part G 4.8.3);
 * writes are Write Requests, or Write Commands when asked and the characteristic permits them.
 */
import { FlussError } from '../../protocol/errors';
import type { GattCache, GattCacheKey } from '../gattCache';
import type { AttBearer } from './attBearer';
import { discoverLayout, validateLayout } from './attDiscovery';
import { ATT, normaliseUuid, parseError, PROPERTY, readBlobRequest, readRequest, writeRequest } from './attPdu';
import type { GattAccess, LayoutSource } from './gattAccess';
import { findCharacteristic, type CharacteristicLayout, type GattLayout, type WantedService } from './gattLayout';

/** Read Blob continues at most this far: a long value is a protocol error, not an allocation. */
const MAX_READ_BYTES = 8192;

export interface LayoutRequest {
  wanted: WantedService[];
  cache?: GattCache;
  /** Absent (a device not heard in a scan, or not Fluss+): no cache, discovery every time. */
  key?: GattCacheKey;
}

/** The device's layout: the cached one when it validates, else discovery (rewriting the cache). */
export async function resolveLayout(bearer: AttBearer, request: LayoutRequest, signal?: AbortSignal): Promise<{ layout: GattLayout; source: LayoutSource }> {
  const { cache, key } = request;
  const cached = key ? cache?.get(key) : undefined;
  if (cached && (await validateLayout(bearer, cached, signal))) return { layout: cached, source: 'cache' };
  const layout = await discoverLayout(bearer, request.wanted, signal);
  if (key) cache?.set(key, layout);
  return { layout, source: cached ? 'rediscovered' : 'discovered' };
}

export class HandleAccess implements GattAccess {
  private readonly routes = new Map<number, (value: Uint8Array) => void>();
  private readonly stopListening: () => void;

  constructor(
    private readonly bearer: AttBearer,
    readonly layout: GattLayout,
    readonly source: LayoutSource,
  ) {
    this.stopListening = bearer.onNotification((handle, value) => this.routes.get(handle)?.(value));
  }

  async read(service: string, characteristic: string, signal?: AbortSignal): Promise<Uint8Array> {
    const target = this.find(service, characteristic, PROPERTY.read, 'read');
    const parts: Buffer[] = [];
    let length = 0;
    for (;;) {
      const response = await this.bearer.request(length === 0 ? readRequest(target.valueHandle) : readBlobRequest(target.valueHandle, length), signal);
      if (response[0] !== ATT.readRsp && response[0] !== ATT.readBlobRsp) {
        // Attribute Not Long (0x0b) or Invalid Offset after a value of exactly one full response: it ended.
        const error = parseError(response);
        if (length > 0 && (error?.code === 0x0b || error?.code === 0x07)) break;
        throw refused('the read', response);
      }
      const part = Buffer.from(response.subarray(1));
      parts.push(part);
      length += part.length;
      if (length > MAX_READ_BYTES) throw new FlussError('PROTOCOL_ERROR', `The device sent a value longer than ${MAX_READ_BYTES} bytes.`);
      // A response shorter than ATT_MTU - 1 is the value's last part.
      if (response.length < this.bearer.mtu) break;
    }
    return new Uint8Array(Buffer.concat(parts));
  }

  async write(service: string, characteristic: string, data: Uint8Array, withoutResponse: boolean, signal?: AbortSignal): Promise<void> {
    const target = this.find(service, characteristic, PROPERTY.write | PROPERTY.writeWithoutResponse, 'write');
    // A Write Command only where the characteristic permits it; otherwise the acknowledged write.
    if (withoutResponse && (target.properties & PROPERTY.writeWithoutResponse) !== 0) {
      await this.bearer.command(writeRequest(target.valueHandle, data, true), signal);
      return;
    }
    const response = await this.bearer.request(writeRequest(target.valueHandle, data, false), signal);
    if (response[0] !== ATT.writeRsp) throw refused('the write', response);
  }

  async enableNotifications(service: string, characteristic: string, onValue: (value: Uint8Array) => void, signal?: AbortSignal): Promise<void> {
    const target = this.find(service, characteristic, PROPERTY.notify | PROPERTY.indicate, 'notifications');
    this.routes.set(target.valueHandle, onValue);
    try {
      await this.writeCccd(target, (target.properties & PROPERTY.notify) !== 0 ? 0x0001 : 0x0002, signal);
    } catch (error) {
      this.routes.delete(target.valueHandle);
      throw error;
    }
  }

  async disableNotifications(service: string, characteristic: string): Promise<void> {
    const target = this.find(service, characteristic, PROPERTY.notify | PROPERTY.indicate, 'notifications');
    this.routes.delete(target.valueHandle);
    await this.writeCccd(target, 0x0000);
  }

  close(): void {
    this.stopListening();
    this.routes.clear();
  }

  private async writeCccd(target: CharacteristicLayout, value: number, signal?: AbortSignal): Promise<void> {
    if (target.cccd === undefined) throw new FlussError('PROTOCOL_ERROR', `Characteristic ${target.uuid} has no Client Characteristic Configuration descriptor.`, 'Check the device firmware is a Fluss+ firmware.');
    const response = await this.bearer.request(writeRequest(target.cccd, Buffer.from([value & 0xff, value >> 8]), false), signal);
    if (response[0] !== ATT.writeRsp) throw refused('enabling notifications', response);
  }

  private find(service: string, characteristic: string, anyOf: number, what: string): CharacteristicLayout {
    const found = findCharacteristic(this.layout, normaliseUuid(service), normaliseUuid(characteristic));
    if (!found) throw new FlussError('PROTOCOL_ERROR', `The device has no characteristic ${characteristic} in service ${service}.`, 'Check the device firmware is a Fluss+ firmware.');
    if ((found.properties & anyOf) === 0) throw new FlussError('PROTOCOL_ERROR', `Characteristic ${characteristic} does not permit ${what}.`, 'Check the device firmware is a Fluss+ firmware.');
    return found;
  }
}

function refused(what: string, response: Uint8Array): FlussError {
  const error = parseError(response);
  const detail = error ? `ATT error 0x${error.code.toString(16).padStart(2, '0')}` : `opcode 0x${(response[0] ?? 0).toString(16)}`;
  return new FlussError('PROTOCOL_ERROR', `The device refused ${what} (${detail}).`);
}
