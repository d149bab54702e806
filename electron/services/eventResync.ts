/**
 * Reading again after an event gap (issue 8, item 5). When an intercom's events skip ahead
 * (core/eventsMissed.ts), what the windows show may be out of date: codes another session created or
 * revoked, settings another session changed, users added or removed, the audit entries of the Live
 * events. The services read those again through the same handlers a window calls (so the codes come with
 * their labels and Max Users, the users with their labels) and send them in one `device.resynced` event,
 * with the notice the technician sees. Each read-again is written to the operations log (channel, device,
 * how many events were missed, outcome: never digits or keys).
 *
 * One read-again per intercom at a time: a gap seen while one runs is read again once it ends, its
 * missed events added up, so a burst of gaps costs two reads, not one per gap.
 */
import { deviceResyncedSchema, type DeviceResynced } from '../ipc/contract';
import { eventsMissedWords, missedSeqRange, type EventsMissed, type ReadAgain } from '../core/eventsMissed';
import type { ErrorData } from '../protocol/errors';
import type { AuditEntry, Role } from '../protocol/messages';
import type { Handlers } from './dispatch';
import type { OperationLog } from './operationLog';

export interface EventResyncDeps {
  /** The app's own handlers: the reads a window makes. */
  handlers: Pick<Handlers, 'codes.list' | 'settings.get' | 'users.list'>;
  /** The audit entries from `fromSeq` on, oldest first (the missed events' entries): the owner's only. */
  readAudit: (deviceId: string, fromSeq: number) => Promise<{ ok: true; value: AuditEntry[] } | { ok: false; error: ErrorData }>;
  /** The role of the open session with the device: users and the audit log are the owner's to read. */
  roleOf: (deviceId: string) => Role | undefined;
  emit: (payload: DeviceResynced) => void;
  log?: OperationLog | undefined;
  now?: () => Date;
}

interface Run {
  /** Gaps seen while this run reads, to be read again once it ends. */
  again: EventsMissed | undefined;
  done: Promise<void>;
}

export class EventResync {
  private readonly runs = new Map<string, Run>();
  private closed = false;

  constructor(private readonly deps: EventResyncDeps) {}

  /** Reads `deviceId` again after the gap `notice`, and sends what it read with the notice. */
  missed(deviceId: string, deviceName: string, notice: EventsMissed): void {
    if (this.closed) return;
    const running = this.runs.get(deviceId);
    if (running) {
      running.again = running.again === undefined ? notice : combine(running.again, notice);
      return;
    }
    const run: Run = { again: undefined, done: Promise.resolve() };
    this.runs.set(deviceId, run);
    run.done = this.loop(deviceId, deviceName, notice, run).finally(() => this.runs.delete(deviceId));
  }

  /**
   * Stops reading again: no new run starts and a run stops before its next read (so closing the app never
   * reconnects a session to read again); resolves once the read in flight, if any, has ended.
   */
  async close(): Promise<void> {
    this.closed = true;
    await this.idle();
  }

  /** Resolves once no read-again is in progress (tests). */
  async idle(): Promise<void> {
    while (this.runs.size > 0) await Promise.all([...this.runs.values()].map((r) => r.done));
  }

  private async loop(deviceId: string, deviceName: string, first: EventsMissed, run: Run): Promise<void> {
    let notice: EventsMissed | undefined = first;
    while (notice && !this.closed) {
      await this.readAgain(deviceId, deviceName, notice);
      notice = run.again;
      run.again = undefined;
    }
  }

  private async readAgain(deviceId: string, deviceName: string, notice: EventsMissed): Promise<void> {
    const started = performance.now();
    const { handlers } = this.deps;
    const owner = this.deps.roleOf(deviceId) === 'owner';
    const payload: Omit<DeviceResynced, 'message'> = { deviceId, deviceName, missed: notice.missed };
    const readAgain: ReadAgain[] = [];
    let error: ErrorData | undefined;
    const step = async <T>(read: () => Promise<{ ok: true; value: T } | { ok: false; error: ErrorData }>, keep: (value: T) => void) => {
      if (error || this.closed) return;
      const result = await read();
      if (result.ok) keep(result.value);
      else error = result.error;
    };
    await step(() => handlers['codes.list']({ deviceId }), (codes) => ((payload.codes = codes), readAgain.push('codes')));
    await step(() => handlers['settings.get']({ deviceId }), (settings) => ((payload.settings = settings), readAgain.push('settings')));
    if (owner) {
      await step(() => handlers['users.list']({ deviceId }), (users) => ((payload.users = users), readAgain.push('users')));
      const range = missedSeqRange(notice);
      if (range) {
        await step(() => this.deps.readAudit(deviceId, range.fromSeq), (entries) => {
          payload.events = entries.filter((e) => range.beforeSeq === undefined || e.seq < range.beforeSeq);
        });
      }
    }
    if (this.closed) return;
    const message = eventsMissedWords(deviceName, notice.missed, readAgain, error);
    this.send({ ...payload, message, ...(error ? { error } : {}) });
    this.deps.log?.record({
      at: (this.deps.now?.() ?? new Date()).toISOString(),
      channel: 'device.resynced',
      deviceId,
      ms: Math.round(performance.now() - started),
      ok: error === undefined,
      missed: notice.missed,
      ...(error ? { code: error.code, message: error.message } : {}),
    });
  }

  /** Checks the payload against the contract; one that fails still tells the technician, without the parts. */
  private send(payload: DeviceResynced): void {
    const checked = deviceResyncedSchema.safeParse(payload);
    if (checked.success) {
      this.deps.emit(payload);
      return;
    }
    const issue = checked.error.issues[0];
    this.deps.log?.record({
      at: (this.deps.now?.() ?? new Date()).toISOString(),
      channel: 'device.resynced',
      deviceId: payload.deviceId,
      ms: 0,
      ok: false,
      code: 'INTERNAL',
      message: `The read-again notice did not match the contract at ${issue?.path.join('.') ?? '?'}.`,
    });
    const error: ErrorData = { code: 'INTERNAL', message: 'What was read again could not be shown.', hint: 'Go back to Devices and open the intercom again.' };
    this.deps.emit({ deviceId: payload.deviceId, deviceName: payload.deviceName.slice(0, 64), missed: payload.missed, message: eventsMissedWords(payload.deviceName, payload.missed, [], error), error });
  }
}

/** Two gaps as one: the missed events add up, and the range runs from the first's start to the second's end. */
function combine(a: EventsMissed, b: EventsMissed): EventsMissed {
  const combined: EventsMissed = { missed: a.missed + b.missed };
  const before = a.lastSeqBefore ?? b.lastSeqBefore;
  if (before !== undefined) combined.lastSeqBefore = before;
  if (b.revealedBySeq !== undefined) combined.revealedBySeq = b.revealedBySeq;
  return combined;
}
