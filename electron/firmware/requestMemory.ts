/**
 * Idempotency by request id (docs/protocol.md, "Settings writes: revisions and idempotency"): "no
 * response is not proof it did not execute", so a client whose reply was lost retries with the same
 * request id and must get the original reply, with nothing applied twice. The device remembers the
 * replies to the last REMEMBERED_REQUESTS state-changing requests, in flash so a reboot does not forget.
 */
import { fail, type Result } from '../protocol/errors';
import type { CodeSummary, SettingsSnapshot } from '../protocol/messages';

export const REMEMBERED_REQUESTS = 64;

/** The ops whose replies are remembered: every state-changing request (link issue #8, item 4). */
export const REMEMBERED_OPS = ['settings.set', 'codes.create', 'codes.revoke', 'users.add', 'users.remove', 'claim'] as const;

/** One remembered reply. A codes.create reply's digits are kept apart, so they persist only in secrets. */
export type RememberedReply =
  | { requestId: string; op: 'settings.set'; actor: string; reply: Result<SettingsSnapshot> }
  | { requestId: string; op: 'codes.create'; actor: string; reply: Result<{ code: CodeSummary }>; digits?: string }
  | { requestId: string; op: 'codes.revoke'; actor: string; reply: Result<{ code: CodeSummary }> }
  | { requestId: string; op: 'users.add' | 'users.remove' | 'claim'; actor: string; reply: Result<Record<string, never>> };

export class RequestMemory {
  private readonly entries: RememberedReply[];

  /** `entries` oldest first. */
  constructor(entries: readonly RememberedReply[]) {
    this.entries = entries.map((e) => ({ ...e }));
  }

  /**
   * The reply to send again for a repeated request id, or undefined for a new one. The same id from
   * another op or another user is a client fault, refused rather than answered with someone else's reply.
   */
  replay(requestId: string, op: RememberedReply['op'], actor: string): Result<unknown> | undefined {
    const entry = this.entries.find((e) => e.requestId === requestId);
    if (entry === undefined) return undefined;
    if (entry.op !== op || entry.actor !== actor) {
      return fail('INVALID_ARGUMENT', 'This request id was already used for a different request.', 'Send a new request id.');
    }
    if (entry.op === 'codes.create' && entry.reply.ok) {
      return { ok: true, value: { code: { ...entry.reply.value.code }, digits: entry.digits } };
    }
    return entry.reply;
  }

  /** Remembers a reply, forgetting the oldest past REMEMBERED_REQUESTS. */
  remember(entry: RememberedReply): void {
    this.entries.push(entry);
    if (this.entries.length > REMEMBERED_REQUESTS) this.entries.splice(0, this.entries.length - REMEMBERED_REQUESTS);
  }

  all(): readonly RememberedReply[] {
    return this.entries;
  }
}
