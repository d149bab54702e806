/**
 * The open intercom sessions of the app: one SessionKeeper per intercom, opened by `intercom.open` (or
 * by the first call that needs one) and reused by every later call. When the link drops the renderer
 * hears 'connection.state' lost; the next call reconnects (the keeper re-authenticates) and it hears
 * 'connected' again. A gap in a session's events (events the intercom sent that never arrived) is
 * reported through `onEventsMissed`, whose listener reads again what the windows show (eventResync.ts).
 */
import type { EventTypes } from '../ipc/contract';
import type { CredentialSource, StoredCredential } from '../core/credentials';
import { explainingAuth } from '../core/authFailure';
import { watchEventGaps, type EventsMissed } from '../core/eventsMissed';
import { IntercomSession } from '../core/deviceSession';
import { findDevice } from '../core/findDevice';
import type { OperationOptions } from '../core/deadline';
import { SessionKeeper } from '../core/sessionKeeper';
import { FlussError } from '../protocol/errors';
import type { DeviceEvent, Role } from '../protocol/messages';
import type { TrustPolicy } from '../protocol/trustAnchors';
import type { Transport } from '../transport/transport';

export interface SessionRegistryDeps {
  /** A transport for one job (a view of the shared scan, so finding a device does not stop the live scan). */
  transport: () => Transport;
  credentials: CredentialSource;
  trust: TrustPolicy;
  onConnectionState: (state: EventTypes['connection.state']) => void;
  onDeviceEvent: (deviceId: string, event: DeviceEvent) => void;
  /** The session's events skipped ahead (events were lost): what the app shows must be read again. */
  onEventsMissed?: (deviceId: string, deviceName: string, notice: EventsMissed) => void;
}

export interface OpenIntercom {
  deviceId: string;
  role: Role;
  userId: string;
  keeper: SessionKeeper<IntercomSession>;
}

interface Entry extends OpenIntercom {
  detach: () => void;
  lostReported: boolean;
  reconnecting: Promise<void> | undefined;
}

export class SessionRegistry {
  private readonly entries = new Map<string, Entry>();
  private readonly opening = new Map<string, Promise<Entry>>();

  constructor(private readonly deps: SessionRegistryDeps) {}

  /** The open session with `deviceId` (opening it if needed, reconnecting if its link dropped). */
  async open(deviceId: string, role?: Role, options: OperationOptions = {}): Promise<OpenIntercom> {
    const pending = this.opening.get(deviceId);
    if (pending) await pending.catch(() => undefined);
    const existing = this.entries.get(deviceId);
    if (existing && (role === undefined || existing.role === role)) {
      await this.ensureConnected(existing, options);
      return existing;
    }
    if (existing) await this.close(deviceId);
    const opening = this.connect(deviceId, role, options);
    this.opening.set(deviceId, opening);
    try {
      const entry = await opening;
      this.entries.set(deviceId, entry);
      return entry;
    } finally {
      this.opening.delete(deviceId);
    }
  }

  /** The session if one is open (without opening or reconnecting). */
  current(deviceId: string): OpenIntercom | undefined {
    return this.entries.get(deviceId);
  }

  async close(deviceId: string): Promise<void> {
    const entry = this.entries.get(deviceId);
    if (!entry) return;
    this.entries.delete(deviceId);
    entry.detach();
    await entry.keeper.close();
    this.deps.onConnectionState({ deviceId, state: 'closed' });
  }

  async closeAll(): Promise<void> {
    await Promise.all([...this.entries.keys()].map((id) => this.close(id)));
  }

  private async connect(deviceId: string, role: Role | undefined, options: OperationOptions): Promise<Entry> {
    const transport = this.deps.transport();
    const device = await findDevice(transport, deviceId, 'intercom', options);
    if (device.claimed === false) {
      throw new FlussError('NOT_CLAIMED', `${device.name} has not been set up yet.`, 'Claim it first with its setup key (First-time setup).');
    }
    const credential = this.credential(deviceId, device.name, role);
    const target = { address: device.address, label: device.name };
    const expect = { trust: this.deps.trust, deviceId: device.deviceId };
    const offered = { kind: 'user', userId: credential.userId, role: credential.role } as const;
    const openSession = (o: OperationOptions) => explainingAuth(() => IntercomSession.connect(transport, target, credential, expect, o), offered, device.name);
    const keeper = await SessionKeeper.open(openSession, options);
    const entry: Entry = { deviceId, role: credential.role, userId: credential.userId, keeper, detach: () => undefined, lostReported: false, reconnecting: undefined };
    this.attach(entry);
    this.deps.onConnectionState({ deviceId, state: 'connected' });
    return entry;
  }

  private credential(deviceId: string, name: string, role: Role | undefined): StoredCredential {
    const found = this.deps.credentials.lookup(deviceId, role);
    if (found) return found;
    const which = role === 'shared' ? 'shared-user ' : role === 'owner' ? 'owner ' : '';
    throw new FlussError('NO_CREDENTIALS', `This computer holds no ${which}key for ${name}.`, 'Claim the device if it is new, or ask its owner to share access with you.');
  }

  private attach(entry: Entry): void {
    const session = entry.keeper.session;
    const offEvent = session.onEvent((event) => this.deps.onDeviceEvent(entry.deviceId, event));
    const offGaps = watchEventGaps(session, (notice) => this.deps.onEventsMissed?.(entry.deviceId, session.label, notice));
    const offDisconnect = session.onDisconnect((reason) => this.reportLost(entry, reason));
    entry.detach = () => {
      offEvent();
      offGaps();
      offDisconnect();
    };
  }

  private reportLost(entry: Entry, reason: string): void {
    if (entry.lostReported || this.entries.get(entry.deviceId) !== entry) return;
    entry.lostReported = true;
    this.deps.onConnectionState({ deviceId: entry.deviceId, state: 'lost', reason });
  }

  private async ensureConnected(entry: Entry, options: OperationOptions): Promise<void> {
    if (entry.keeper.session.connected) return;
    entry.reconnecting ??= (async () => {
      this.reportLost(entry, 'the secure session ended');
      entry.detach();
      await entry.keeper.reconnect(options);
      this.attach(entry);
      entry.lostReported = false;
      this.deps.onConnectionState({ deviceId: entry.deviceId, state: 'connected' });
    })().finally(() => {
      entry.reconnecting = undefined;
    });
    await entry.reconnecting;
  }
}
