/**
 * Test-fire: proves a site end to end with a real one-time code. Create a code, enter it at the intercom
 * (the owner's diagnostic keypad entry, or a person typing it), confirm the entry gate fired from both
 * the intercom's event and the gate's own relay event, do the exit leg, check a third use is refused.
 * Whatever happens, no live test code is left behind.
 *
 * The gates are listening sessions (docs/protocol.md, "Listening sessions"): the handshake proves each
 * gate, then its relay events arrive sealed on that connection's fresh keys, with no request of the app's,
 * so a known gate costs 4 exchanges for the whole test (lean test-fire, issue #7 item 6).
 */
import { idempotentRequest, newRequestId } from './idempotentRequest';
import { FlussError, toFlussError, type ErrorData } from '../protocol/errors';
import type { AccessSettings, DeviceEvent } from '../protocol/messages';
import { bounded, TIMEOUTS } from './deadline';
import type { GateSession, IntercomSession } from './deviceSession';
import { EventRecorder, orLinkLost } from './eventWaiter';
import { TEST_FIRE_STEPS, type TestFireStepId } from '../protocol/testFireSteps';
import { retryOnLinkLoss } from './confirmedChange';
import { openListeningGate } from './gateOpen';
import type { SessionKeeper } from './sessionKeeper';

export { TEST_FIRE_STEPS, type TestFireStepId } from '../protocol/testFireSteps';

export interface TestFireStep {
  id: TestFireStepId;
  label: string;
  status: 'pending' | 'running' | 'passed' | 'failed' | 'skipped';
  durationMs?: number;
  detail?: string;
  error?: ErrorData;
}

export interface TestFireReport {
  passed: boolean;
  steps: TestFireStep[];
  totalMs: number;
  /** True only if cleanup itself failed: the technician must revoke the code by hand. */
  codeLeftActive: boolean;
}

export interface TestFireOptions {
  /** The intercom; cleanup reconnects through it if the link dropped or the test was cancelled. */
  intercom: SessionKeeper<IntercomSession>;
  /**
   * Opens a session with a gate by its device id (the caller knows how to find it). Test-fire sends no request
   * on it: a listening session, whose handshake proved the gate and on which its relay events arrive.
   */
  connectGate: (deviceId: string, signal: AbortSignal) => Promise<GateSession>;
  /** 'diagnostic' enters the code through the owner's keypad-entry request; 'manual' waits for a person. */
  mode?: 'diagnostic' | 'manual';
  /** Manual mode: the digits to show the person at the keypad. */
  onCodeReady?: (digits: string) => void;
  onProgress?: (steps: TestFireStep[]) => void;
  signal?: AbortSignal;
  /** How long to wait for a person at the keypad in manual mode. */
  manualTimeoutMs?: number;
}

export async function testFire(options: TestFireOptions): Promise<TestFireReport> {
  const run = new TestFireRun(options);
  return run.execute();
}

class TestFireRun {
  private readonly steps: TestFireStep[] = TEST_FIRE_STEPS.map((s) => ({ id: s.id, label: s.label, status: 'pending' }));
  private readonly gates = new Map<string, GateSession>();
  private readonly gateEvents = new Map<string, EventRecorder>();
  private intercomEvents: EventRecorder | undefined;
  /** Where each gate's record stood when the test code was asked for: a relay event before it proves nothing. */
  private readonly gateMarks = new Map<string, number>();
  /** The intercom session the events come from (a lost link opens another). */
  private eventsFrom: IntercomSession | undefined;
  private code: { codeId: string; digits: string } | undefined;
  /** The request id of the test code's create, until the code is revoked: how cleanup finds it if the reply was lost. */
  private createRequestId: string | undefined;
  private settings: AccessSettings | undefined;

  constructor(private readonly options: TestFireOptions) {}

  async execute(): Promise<TestFireReport> {
    const started = Date.now();
    const { signal } = this.options;
    const intercom = this.options.intercom.session;
    this.eventsFrom = intercom;
    this.intercomEvents = new EventRecorder((l) => intercom.onEvent(l));
    let failed = false;
    try {
      await this.step('settings', async () => {
        // Read-only, so a link lost here is simply reconnected and read again (link issue #8, item 4).
        const keeper = this.options.intercom;
        const { settings } = await retryOnLinkLoss(keeper, { signal }, () => keeper.session.getSettings({ signal }));
        this.followSession();
        if (settings.entryDevice === null) {
          throw new FlussError('NO_ENTRY_DEVICE', 'No Entry Device is chosen, so a code cannot open anything.', 'Choose an Entry Device in One Time Access Settings, then run the test again.');
        }
        this.settings = settings;
        return settings.exitDevice === 'same' ? 'Entry Device chosen; Exit Device: Same as entry' : 'Entry Device and Exit Device chosen';
      });
      await this.step('gates', async () => {
        for (const gateId of new Set([this.entryGate(), this.exitGate()])) {
          const gate = await openListeningGate(this.options.connectGate, gateId, this.options.signal);
          this.gates.set(gateId, gate);
          // No request, so no AUTH: the gate sends its events to this listening session as it is.
          this.gateEvents.set(gateId, new EventRecorder((l) => gate.onEvent(l)));
        }
        const name = (gateId: string) => this.gates.get(gateId)?.label ?? gateId;
        return this.entryGate() === this.exitGate()
          ? `Entry and exit: ${name(this.entryGate())}`
          : `Entry: ${name(this.entryGate())}; exit: ${name(this.exitGate())}`;
      });
      await this.step('create', async () => {
        // Remembered before sending: if the reply is lost, cleanup asks again with this id and revokes
        // whatever code it names, so no test code is ever left live unseen (security issue #9, finding 6).
        const requestId = newRequestId();
        this.createRequestId = requestId;
        for (const [gateId, recorder] of this.gateEvents) this.gateMarks.set(gateId, recorder.mark());
        const created = await idempotentRequest(this.options.intercom, 'codes.create', { requestId }, { signal });
        this.followSession();
        this.code = { codeId: created.code.codeId, digits: created.digits };
        this.options.onCodeReady?.(created.digits);
        return `Code ${created.code.codeId} created`;
      });
      await this.step('entry', () => this.leg('entry', this.entryGate()));
      await this.step('exit', () => this.leg('exit', this.exitGate()));
      await this.step('refused', async () => {
        const outcome = await this.options.intercom.session.keypadEnter(this.liveCode().digits, { signal });
        if (outcome.outcome !== 'refused' || outcome.reason !== 'used') {
          throw new FlussError('TEST_FIRE_FAILED', `A used code was not refused (the intercom answered "${outcome.outcome}").`, 'Contact support: the intercom firmware may be faulty.');
        }
        this.code = undefined; // consumed: nothing left to clean up
        return 'Refused as used';
      });
    } catch {
      failed = true;
    } finally {
      await this.cleanup();
    }
    const codeLeftActive = this.steps.find((s) => s.id === 'cleanup')?.status === 'failed';
    return { passed: !failed && !codeLeftActive, steps: this.steps, totalMs: Date.now() - started, codeLeftActive };
  }

  /** The intercom's session was opened again (a lost link): its events now come on the new one. */
  private followSession(): void {
    const current = this.options.intercom.session;
    if (current === this.eventsFrom || this.intercomEvents === undefined) return;
    this.intercomEvents.stop();
    this.eventsFrom = current;
    this.intercomEvents = new EventRecorder((l) => current.onEvent(l));
  }

  private async leg(leg: 'entry' | 'exit', gateId: string): Promise<string> {
    const { signal } = this.options;
    const intercom = this.options.intercom.session;
    const code = this.liveCode();
    const gateName = this.gates.get(gateId)?.label ?? gateId;
    if (this.options.mode !== 'manual') {
      const outcome = await intercom.keypadEnter(code.digits, { signal, timeoutMs: TIMEOUTS.requestMs + TIMEOUTS.gateEventMs });
      if (outcome.outcome === 'refused') {
        throw outcome.reason === 'gate-unreachable'
          ? new FlussError('GATE_UNREACHABLE', `${gateName} did not answer the intercom, so it did not open.`, `Check ${gateName} has power and is within range of the intercom, then run the test again.`)
          : new FlussError('TEST_FIRE_FAILED', `The intercom refused the test code on the ${leg} leg (${outcome.reason}).`, outcome.reason === 'locked' ? 'The keypad is locked after wrong codes: clear the lockout, then test again.' : 'Run the test again; contact support if it repeats.');
      }
      if (outcome.outcome !== leg || outcome.gate !== gateId) {
        throw new FlussError('TEST_FIRE_FAILED', `The intercom opened ${outcome.gate} as ${outcome.outcome}, expected ${gateId} as ${leg}.`, 'Check the Entry Device and Exit Device in One Time Access Settings.');
      }
    }
    const waitMs = this.options.mode === 'manual' ? (this.options.manualTimeoutMs ?? 120_000) : TIMEOUTS.gateEventMs;
    await this.intercomEvents?.waitFor(`the intercom's report of the ${leg}`, (e) => isCodeUse(e, code.codeId, leg), waitMs, signal);
    const gateEvents = this.gateEvents.get(gateId);
    if (!gateEvents) throw new FlussError('INTERNAL', `${gateName} is not connected.`);
    const relayEvent = gateEvents.waitFor(`${gateName}'s relay event`, (e) => isRelayFor(e, intercom.info.deviceId, leg), TIMEOUTS.gateEventMs, signal, this.gateMarks.get(gateId));
    const gate = this.gates.get(gateId);
    // A gate whose link dropped cannot confirm: say so at once rather than at the relay event's timeout.
    await (gate ? orLinkLost(gate, relayEvent) : relayEvent);
    return `${gateName} fired (intercom and gate both confirmed)`;
  }

  private async step(id: TestFireStepId, work: () => Promise<string>): Promise<void> {
    const step = this.steps.find((s) => s.id === id);
    if (!step) return;
    const started = Date.now();
    step.status = 'running';
    this.report();
    try {
      step.detail = await work();
      step.status = 'passed';
    } catch (error) {
      step.status = 'failed';
      step.error = toFlussError(error).toData();
      throw error;
    } finally {
      step.durationMs = Date.now() - started;
      this.report();
    }
  }

  private async cleanup(): Promise<void> {
    for (const step of this.steps) if (step.status === 'pending' && step.id !== 'cleanup') step.status = 'skipped';
    await this.step('cleanup', async () => {
      // The caller's signal may be what stopped us: cleanup gets its own bounded time, and a fresh
      // session if the old one ended (a cancel or a timeout ends it, as does a dropped link).
      const keeper = this.options.intercom;
      const requestId = this.createRequestId;
      const code =
        this.code ??
        (requestId === undefined
          ? undefined
          : // The create's reply was lost: the same request id makes the device name the code it made
            // (or make it now, if the first never arrived), and that code is revoked like any other.
            await bounded('finding the test code', TIMEOUTS.connectMs + TIMEOUTS.requestMs, undefined, (signal) =>
              idempotentRequest(keeper, 'codes.create', { requestId }, { signal }),
            ).then((created) => ({ codeId: created.code.codeId, digits: created.digits })));
      if (code) {
        await bounded('revoking the test code', TIMEOUTS.connectMs + 2 * TIMEOUTS.requestMs, undefined, (signal) =>
          idempotentRequest(keeper, 'codes.revoke', { requestId: newRequestId(), codeId: code.codeId }, { signal }),
        );
        this.code = undefined;
        this.createRequestId = undefined;
      }
      return code ? `Test code ${code.codeId} revoked` : 'No test code left active';
    }).catch(() => undefined);
    this.intercomEvents?.stop();
    for (const recorder of this.gateEvents.values()) recorder.stop();
    await Promise.all([...this.gates.values()].map((g) => g.close()));
  }

  private report(): void {
    this.options.onProgress?.(this.steps.map((s) => ({ ...s })));
  }

  private entryGate(): string {
    const entry = this.settings?.entryDevice;
    if (!entry) throw new FlussError('NO_ENTRY_DEVICE', 'No Entry Device is chosen.');
    return entry;
  }

  private exitGate(): string {
    const exit = this.settings?.exitDevice;
    return exit === undefined || exit === 'same' ? this.entryGate() : exit;
  }

  private liveCode(): { codeId: string; digits: string } {
    if (!this.code) throw new FlussError('TEST_FIRE_FAILED', 'The test code is gone.');
    return this.code;
  }
}

function isCodeUse(event: DeviceEvent, codeId: string, leg: string): boolean {
  return event.type === 'code.used' && event.detail.codeId === codeId && event.detail.leg === leg;
}

function isRelayFor(event: DeviceEvent, intercomId: string, leg: string): boolean {
  return event.type === 'relay.fired' && event.detail.source === 'intercom' && event.detail.intercomId === intercomId && event.detail.leg === leg;
}
