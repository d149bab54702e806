/**
 * The core's front door, shared by the Electron main process, the browser host and the CLI: find a
 * device by what the technician typed, authenticate with the right key, and run one job on it.
 */
import { FlussError } from '../protocol/errors';
import type { ArgsOf, ResultOf, Role } from '../protocol/messages';
import { PRODUCTION_TRUST, type TrustPolicy } from '../protocol/trustAnchors';
import type { Transport } from '../transport/transport';
import { randomUserId, type CredentialSource } from './credentials';
import { confirmedChange, type ConfirmableOp } from './confirmedChange';
import { newRequestId } from './idempotentRequest';
import { explainingAuth } from './authFailure';
import type { OperationOptions } from './deadline';
import { claimIntercom } from './claimIntercom';
import { GateSession, IntercomSession, readDeviceInfo, type PinnedCredential } from './deviceSession';
import { findDevice, scanOnce, type ScanOnceOptions } from './findDevice';
import { HeardDevices } from './heardDevices';
import type { ScannedDevice } from './scanner';
import { SessionKeeper } from './sessionKeeper';
import { applySettingsChange, isLinkLoss, saveSettings, type SaveProgress, type SettingsChange } from './settingsWrite';
import { testFire, type TestFireOptions, type TestFireReport } from './testFire';

export interface OpenOptions extends OperationOptions {
  /** Which of the stored identities to use when more than one is known for the device. */
  role?: Role;
}

export interface ClaimOptions extends OperationOptions {
  /** The owner's user id; a fresh random one (randomUserId) by default. */
  ownerUserId?: string;
  /** The technician confirmed replacing the key this computer already holds for the device. */
  replaceExisting?: boolean;
}

export class Commissioner {
  /** Everything this commissioner's scans heard: names for display, and names already resolved. */
  readonly heard = new HeardDevices();

  constructor(
    readonly transport: Transport,
    readonly credentials: CredentialSource,
    /** Whose device certificates to believe: the simulated site's test factory only with `--sim`. */
    readonly trust: TrustPolicy = PRODUCTION_TRUST,
  ) {}

  /** Scans for `durationMs`, or until `options.until` holds of what was heard (then `durationMs` is the upper bound). */
  scan(durationMs: number, options: Omit<ScanOnceOptions, 'heard'> = {}): Promise<ScannedDevice[]> {
    return scanOnce(this.transport, durationMs, { ...options, heard: this.heard });
  }

  find(reference: string, kind?: 'intercom' | 'gate', options: OperationOptions = {}): Promise<ScannedDevice> {
    return findDevice(this.transport, reference, kind, { ...options, heard: this.heard });
  }

  async readInfo(reference: string, options: OperationOptions = {}) {
    const device = await this.find(reference, undefined, options);
    if (device.kind === 'other') {
      throw new FlussError('INVALID_ARGUMENT', `${device.name} is not a Fluss+ device.`, 'Run `fluss scan` to list the intercoms and gates nearby.');
    }
    return readDeviceInfo(this.transport, { ...target(device), kind: device.kind }, options);
  }

  async openGate(reference: string, options: OpenOptions = {}): Promise<GateSession> {
    const device = await this.find(reference, 'gate', options);
    return GateSession.connect(this.transport, target(device), this.credential(device, options.role), this.expect(device), options);
  }

  /** Runs `job` on an intercom session and always closes it. */
  async withIntercom<T>(reference: string, options: OpenOptions, job: (session: IntercomSession) => Promise<T>): Promise<T> {
    return this.withReconnectingIntercom(reference, options, (keeper) => job(keeper.session));
  }

  /** Like withIntercom, for jobs that reconnect after a dropped link (the keeper re-authenticates). */
  async withReconnectingIntercom<T>(reference: string, options: OpenOptions, job: (keeper: SessionKeeper<IntercomSession>) => Promise<T>): Promise<T> {
    const device = await this.find(reference, 'intercom', options);
    if (device.claimed === false) {
      throw new FlussError('NOT_CLAIMED', `${device.name} has not been set up yet.`, 'Claim it first with its setup key (First-time setup, or `fluss claim`).');
    }
    const credential = this.credential(device, options.role);
    const offered = { kind: 'user', userId: credential.userId, role: credential.role } as const;
    const open = (o: OperationOptions) => explainingAuth(() => IntercomSession.connect(this.transport, target(device), credential, this.expect(device), o), offered, device.name);
    const keeper = await SessionKeeper.open(open, options);
    try {
      return await job(keeper);
    } finally {
      await keeper.close();
    }
  }

  /** Reads the settings, applies `change`, saves atomically (reconnecting if the link drops) and reads back. */
  async saveSettings(reference: string, change: SettingsChange, options: OpenOptions & { onProgress?: (p: SaveProgress) => void } = {}) {
    // Until the write is sent, a lost link changes nothing on the device: connect again and start over.
    // From the write on, saveSettings retries with the same request id and reads back on a fresh link.
    for (let attempt = 1; ; attempt++) {
      const phase = { writing: false };
      try {
        return await this.withReconnectingIntercom(reference, options, async (keeper) => {
          const current = await keeper.session.getSettings(options);
          const next = applySettingsChange(current.settings, change);
          phase.writing = true;
          return await saveSettings(keeper, next, current.revision, options);
        });
      } catch (error) {
        if (phase.writing || !isLinkLoss(error) || attempt >= 3 || options.signal?.aborted) throw error;
      }
    }
  }

  /**
   * Runs one state-changing request on an intercom, with a fresh request id, sent again with the same id
   * over a new link while its reply is lost (idempotentRequest.ts): it applies exactly once. When every
   * retry is lost, the device is read back and the answer says what it holds (confirmedChange.ts).
   */
  remembered<O extends ConfirmableOp>(reference: string, options: OpenOptions, op: O, args: Omit<ArgsOf<O>, 'requestId'>): Promise<ResultOf<O>> {
    const withId = { ...args, requestId: newRequestId() } as ArgsOf<O>;
    return this.withReconnectingIntercom(reference, options, (keeper) => confirmedChange(keeper, op, withId, options));
  }

  async withGate<T>(reference: string, options: OpenOptions, job: (session: GateSession) => Promise<T>): Promise<T> {
    const session = await this.openGate(reference, options);
    try {
      return await job(session);
    } finally {
      await session.close();
    }
  }

  /**
   * First-time setup: authenticates with the setup key from the intercom's label, makes a fresh random
   * user id its owner with a fresh random key, and remembers that key under the device id the handshake
   * proved, with its identity key pinned. The setup key stops working afterwards. A lost reply is sent
   * again with the same request id and, if need be, read back with the new owner key (claimIntercom.ts).
   * @throws FlussError NOT_GENUINE / IDENTITY_MISMATCH before anything is sent to a device that fails the
   * handshake's identity check; CREDENTIAL_EXISTS, before claiming, when this computer already holds a key
   * for the proven device and the technician has not confirmed replacing it (the old key is kept even then).
   */
  async claim(reference: string, setupKey: Uint8Array, options: ClaimOptions = {}) {
    const device = await this.find(reference, 'intercom', options);
    if (device.claimed === true) {
      throw new FlussError('ALREADY_CLAIMED', `${device.name} already has an owner.`, 'Ask its owner to share access with you instead.');
    }
    const plan = {
      label: device.name,
      setupKey,
      ownerUserId: options.ownerUserId ?? randomUserId(),
      replaceExisting: options.replaceExisting,
      credentials: this.credentials,
      connect: (credential: PinnedCredential, o: OperationOptions) => IntercomSession.connect(this.transport, target(device), credential, this.expect(device), o),
    };
    return claimIntercom(plan, options);
  }

  async testFire(reference: string, options: OpenOptions & Omit<TestFireOptions, 'intercom' | 'connectGate'>): Promise<TestFireReport> {
    return this.withReconnectingIntercom(reference, { ...options, role: 'owner' }, (intercom) =>
      testFire({
        ...options,
        intercom,
        connectGate: (gateId, signal) => this.openGate(gateId, { signal, role: 'owner' }),
      }),
    );
  }

  /** What the handshake must prove: a certificate this commissioner trusts, for the id the device advertised. */
  private expect(device: ScannedDevice) {
    return { trust: this.trust, deviceId: device.deviceId };
  }

  private credential(device: ScannedDevice, role: Role | undefined) {
    const found = device.deviceId === undefined ? undefined : this.credentials.lookup(device.deviceId, role);
    if (!found) {
      throw new FlussError(
        'NO_CREDENTIALS',
        `This computer holds no ${role === 'shared' ? 'shared-user' : role === 'owner' ? 'owner' : ''} key for ${device.name}.`.replace('  ', ' '),
        'Claim the device if it is new, or ask its owner to share access with you.',
      );
    }
    return found;
  }
}

function target(device: ScannedDevice) {
  return { address: device.address, label: device.name };
}
