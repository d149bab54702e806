/**
 * The yardstick for our session's overhead: a minimal script that uses noble directly for the same GATT
 * work as `withIntercom(...getSettings)`: scan for the intercom, connect, discover its service with
 * noble's own discovery, subscribe, run the version 2 handshake (settings.get riding in AUTH) with the
 * protocol library, disconnect. No transport layer, no core, no timeouts: what the app's layers are measured against.
 */
import type { Noble, Peripheral } from '@stoprocent/noble';
import { encodeRequest } from '../../electron/protocol/codec';
import { Reassembler, segment } from '../../electron/protocol/framing';
import { PROFILES } from '../../electron/protocol/gattProfile';
import { cryptoRandom, startClientHandshake, type Credential } from '../../electron/protocol/secureSession';
import { SIMULATED_SITE_TRUST } from '../../electron/protocol/trustAnchors';

export async function nobleDirectSettingsGet(noble: Noble, deviceId: string, credential: Credential): Promise<void> {
  const { service, info, control, ...others } = PROFILES.intercom as unknown as Record<string, string> & { service: string; info: string; control: string };
  const peripheral = await new Promise<Peripheral>((resolve, reject) => {
    const onDiscover = (p: Peripheral) => {
      if (p.id !== deviceId) return;
      noble.removeListener('discover', onDiscover);
      resolve(p);
    };
    noble.on('discover', onDiscover);
    noble.startScanningAsync([service], true).catch(reject);
  });
  await noble.stopScanningAsync();
  await peripheral.connectAsync();
  try {
    const found = await peripheral.discoverSomeServicesAndCharacteristicsAsync([service], [info, control, ...Object.values(others)]);
    const byUuid = new Map(found.characteristics.map((c) => [c.uuid, c]));
    const characteristic = (uuid: string) => {
      const c = byUuid.get(uuid);
      if (!c) throw new Error(`no characteristic ${uuid}`);
      return c;
    };
    const controlIn = new Reassembler();
    let waiting: ((frame: Uint8Array) => void) | undefined;
    characteristic(control).on('data', (data: Buffer) => {
      const message = controlIn.push(new Uint8Array(data));
      if (message.ok && message.value) waiting?.(message.value);
    });
    await characteristic(control).subscribeAsync();
    for (const uuid of Object.values(others)) await characteristic(uuid).subscribeAsync();
    const send = async (message: Uint8Array) => {
      for (const packet of segment(message, peripheral.mtu ?? 23)) await characteristic(control).writeAsync(Buffer.from(packet), true);
    };
    const roundTrip = async (message: Uint8Array) => {
      const reply = new Promise<Uint8Array>((resolve) => (waiting = resolve));
      await send(message);
      return reply;
    };
    const handshake = startClientHandshake(credential, cryptoRandom, { kind: 'intercom', trust: SIMULATED_SITE_TRUST });
    const finished = handshake.finish(await roundTrip(handshake.hello));
    if (!finished.ok) throw new Error(finished.error.message);
    const frame = await roundTrip(finished.value.session.sealAuth(encodeRequest({ id: 1, op: 'settings.get', args: {} })));
    if (!finished.value.session.openResponse(frame).ok) throw new Error('settings.get reply did not open');
  } finally {
    await peripheral.disconnectAsync();
  }
}
