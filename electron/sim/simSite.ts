/**
 * A simulated site: the firmware models of a site file's devices, restored from (and written through to)
 * the state file, wired together by the intercom-to-gate radio link, and offered as GATT peripherals.
 */
import { copyFileSync, existsSync } from 'node:fs';
import { createIntercom, restoreIntercom, type IntercomModel } from '../firmware/intercom';
import { createGate, restoreGate, type GateModel } from '../firmware/gate';
import type { DeviceModel, GateLink, PersistedDevice, RandomSource } from '../firmware/types';
import { cryptoRandom } from '../protocol/secureSession';
import type { Site, SiteGate, SiteIntercom } from './siteFile';
import { SimClock } from './simClock';
import { SimStateFile, type SimStateNotice } from './simState';
import { DeviceEndpoint } from './deviceEndpoint';
import { ModelSlot } from './modelSlot';
import { SimTransport } from './simTransport';
import { SiteSync, type SyncResult } from './siteSync';
import type { GattCache } from '../transport/gattCache';

export interface SimSiteOptions {
  site: Site;
  /** The state file; absent keeps state in memory only (tests, throw-away demos). */
  statePath?: string;
  random?: RandomSource;
  /** How long the intercom waits for a gate's relay confirmation before reporting it unreachable. */
  gateAnswerTimeoutMs?: number;
}

export class SimSite {
  readonly clock: SimClock;
  readonly notices: SimStateNotice[] = [];
  /** Each device's stable face (modelSlot.ts): the model behind it is replaced when another process changed it. */
  readonly devices = new Map<string, IntercomModel | GateModel>();
  private readonly slots = new Map<string, ModelSlot<IntercomModel> | ModelSlot<GateModel>>();
  private readonly sync: SiteSync | undefined;
  private readonly endpoints: DeviceEndpoint[] = [];
  private readonly random: RandomSource;
  private readonly gates: GateLink;

  constructor(readonly options: SimSiteOptions) {
    this.sync = options.statePath === undefined ? undefined : new SiteSync(new SimStateFile(options.statePath));
    const loaded = this.sync?.load();
    if (loaded?.notice) this.notices.push(loaded.notice);
    this.clock = new SimClock(loaded?.clockOffsetMs ?? 0);
    const saved = loaded?.devices ?? new Map<string, PersistedDevice>();
    const random = options.random ?? cryptoRandom;
    this.random = random;
    const gateLink = this.gateLink(options.gateAnswerTimeoutMs ?? 1500);
    this.gates = gateLink;

    // Gates first: an intercom restored from flash may fire one as soon as a keypad entry arrives.
    for (const device of options.site.devices) {
      const previous = saved.get(device.deviceId);
      const model =
        device.kind === 'gate'
          ? this.restoreOr(previous, (s) => restoreGate(s, { clock: this.clock, random }), () =>
              createGate(gateConfig(device, options.site), { clock: this.clock, random }),
            )
          : this.restoreOr(previous, (s) => restoreIntercom(s, { clock: this.clock, random, gates: gateLink }), () =>
              createIntercom(intercomConfig(device, options.site), { clock: this.clock, random, gates: gateLink }),
            );
      // A device not restored from the file (new, or unreadable there) is written on the first save.
      if (!saved.has(device.deviceId)) this.sync?.markDirty(device.deviceId);
      const slot = model.kind === 'gate' ? new ModelSlot<GateModel>(model, () => this.refresh()) : new ModelSlot<IntercomModel>(model, () => this.refresh());
      this.slots.set(device.deviceId, slot);
      this.devices.set(device.deviceId, slot.view);
      slot.view.onPersist(() => {
        this.sync?.markDirty(device.deviceId);
        this.persist();
      });
    }
    for (const device of options.site.devices) {
      const model = this.devices.get(device.deviceId);
      if (!model) continue;
      const endpoint = new DeviceEndpoint(model, device.rssi);
      if (device.kind === 'intercom') endpoint.dropEvents = device.dropEvents;
      this.endpoints.push(endpoint);
    }
    this.persist();
  }

  peripherals(): DeviceEndpoint[] {
    return this.endpoints;
  }

  /** The in-process air carrying this site's devices and its unrelated advertisers. */
  /** `gattCache`: what the client knows of each device's GATT layout (absent: in memory, for this transport only). */
  createTransport(options: { gattCache?: GattCache } = {}): SimTransport {
    const others = this.options.site.others.map((o) => ({
      address: o.address,
      rssi: o.rssi,
      advertising: () => ({
        ...(o.name === undefined ? {} : { localName: o.name }),
        serviceUuids: o.serviceUuids,
        ...(o.manufacturerData === undefined ? {} : { manufacturerData: new Uint8Array(Buffer.from(o.manufacturerData, 'hex')) }),
      }),
    }));
    return new SimTransport(this.endpoints, others, this.options.site.radio, options.gattCache);
  }

  intercom(deviceId: string): IntercomModel | undefined {
    const model = this.devices.get(deviceId);
    return model?.kind === 'intercom' ? model : undefined;
  }

  gate(deviceId: string): GateModel | undefined {
    const model = this.devices.get(deviceId);
    return model?.kind === 'gate' ? model : undefined;
  }

  /** Moves the simulated time forward (codes expire, lockouts end) and records it in the state file. */
  advanceClock(ms: number): void {
    this.clock.advance(ms);
    this.persist();
  }

  /**
   * Writes the devices this process changed into the state file, merged with what other processes
   * wrote meanwhile (siteSync.ts), and takes up their changes.
   */
  persist(): void {
    if (!this.sync) return;
    this.apply(this.sync.persist((id) => this.slots.get(id)?.current.snapshot(), this.clock.offset));
  }

  /** Takes up what other processes wrote to the state file since this one last looked (cheap when nothing). */
  refresh(): void {
    if (!this.sync?.newerInFile(this.clock.offset)) return;
    this.apply(this.sync.refresh(this.clock.offset));
  }

  /**
   * Puts a device back to a flash image taken earlier with `snapshot()` (a factory reset, for tests that
   * claim the same intercom again and again). Returns whether the image was restored; the change is saved.
   */
  restoreDevice(snapshot: PersistedDevice): boolean {
    const restored = this.restoreSlot(snapshot.deviceId, snapshot);
    if (restored) {
      this.sync?.markDirty(snapshot.deviceId);
      this.persist();
    }
    return restored;
  }

  private apply(result: SyncResult): void {
    if (result.clockOffsetMs > this.clock.offset) this.clock.advance(result.clockOffsetMs - this.clock.offset);
    // A device another process left unreadable keeps its state here; it is rewritten on its next change.
    for (const [id, snapshot] of result.newer) this.restoreSlot(id, snapshot);
  }

  private restoreSlot(id: string, snapshot: PersistedDevice): boolean {
    const slot = this.slots.get(id);
    if (!slot || slot.current.kind !== snapshot.kind) return false;
    const deps = { clock: this.clock, random: this.random };
    if (slot.current.kind === 'gate') {
      const restored = restoreGate(snapshot, deps);
      if (restored.ok) (slot as ModelSlot<GateModel>).replace(restored.value);
      return restored.ok;
    }
    const restored = restoreIntercom(snapshot, { ...deps, gates: this.gates });
    if (restored.ok) (slot as ModelSlot<IntercomModel>).replace(restored.value);
    return restored.ok;
  }

  private restoreOr<M extends DeviceModel>(
    previous: PersistedDevice | undefined,
    restore: (snapshot: PersistedDevice) => { ok: true; value: M } | { ok: false; error: { message: string } },
    create: () => M,
  ): M {
    if (!previous) return create();
    const restored = restore(previous);
    if (restored.ok) return restored.value;
    this.sync?.markDirty(previous.deviceId);
    // One device's flash is unreadable: keep a copy of the whole file before it is rewritten.
    const path = this.options.statePath;
    if (path && existsSync(path)) {
      const copy = `${path}.corrupt-${new Date().toISOString().replace(/[:.]/g, '-')}`;
      copyFileSync(path, copy);
      this.notices.push({ kind: 'set-aside', path: copy, reason: `device ${previous.deviceId}: ${restored.error.message}` });
    }
    return create();
  }

  private gateLink(answerTimeoutMs: number): GateLink {
    return {
      trigger: async (gateId, source) => {
        const gate = this.gate(gateId);
        const fault = this.options.site.devices.find((d): d is SiteGate => d.kind === 'gate' && d.deviceId === gateId)?.fault;
        if (!gate || fault === 'no-response') {
          await new Promise((resolve) => setTimeout(resolve, answerTimeoutMs));
          return false;
        }
        gate.fire(source);
        return true;
      },
    };
  }
}

function siteUsers(site: Site) {
  return site.users.map((u) => ({ userId: u.userId, role: u.role, key: new Uint8Array(Buffer.from(u.key, 'base64')) }));
}

function intercomConfig(device: SiteIntercom, site: Site) {
  const users = siteUsers(site);
  const owner = users.find((u) => u.role === 'owner');
  return {
    deviceId: device.deviceId,
    name: device.name,
    model: 'FI-100',
    firmware: device.firmware,
    hardware: device.hardware,
    serial: device.serial,
    setupKey: new Uint8Array(Buffer.from(device.setupKey, 'hex')),
    ...(device.claimed && owner
      ? { owner: { userId: owner.userId, key: owner.key }, sharedUsers: users.filter((u) => u.role === 'shared') }
      : {}),
    ...(device.settings ? { settings: device.settings } : {}),
  };
}

function gateConfig(device: SiteGate, site: Site) {
  return {
    deviceId: device.deviceId,
    name: device.name,
    model: 'FG-200',
    firmware: device.firmware,
    hardware: device.hardware,
    serial: device.serial,
    users: siteUsers(site),
  };
}
