/**
 * Event gaps (issue 8, item 5; docs/protocol.md, "Sealed frames and counters"): the device's event
 * counter skipped ahead, so events it sealed never reached this app (its event queue overflowed, or the
 * air lost them). The live stream goes on, but what the app shows from events may now be out of date:
 * whoever shows it must read it again and tell the technician. A replayed or reordered event is still
 * refused by the sealed channel and never reaches this file.
 */
import type { DeviceEvent } from '../protocol/messages';

/** A gap in one session's events, reported once the event that revealed it has been delivered. */
export interface EventsMissed {
  /** How many events the device sealed that this app did not receive. */
  missed: number;
  /** The audit seq of the last event received before the gap; absent when none had arrived on this session. */
  lastSeqBefore?: number;
  /** The audit seq of the event that revealed the gap; absent when it could not be read. */
  revealedBySeq?: number;
}

/** What a session offers for watching its events (DeviceSession). */
export interface EventSource {
  onEvent(listener: (event: DeviceEvent) => void): () => void;
  onEventGap(listener: (missed: number) => void): () => void;
}

/**
 * Calls `listener` with a typed EventsMissed notice for each gap in `source`'s events. The channel
 * reports a gap just before it delivers the event that revealed it, so the notice waits one microtask:
 * by then that event's seq is known, and the missed audit entries are exactly the seqs in between.
 * Returns a function that stops watching.
 */
export function watchEventGaps(source: EventSource, listener: (notice: EventsMissed) => void): () => void {
  let lastSeq: number | undefined;
  const offEvent = source.onEvent((event) => {
    lastSeq = event.seq;
  });
  const offGap = source.onEventGap((missed) => {
    const before = lastSeq;
    queueMicrotask(() => {
      const notice: EventsMissed = { missed };
      if (before !== undefined) notice.lastSeqBefore = before;
      if (lastSeq !== undefined && lastSeq !== before) notice.revealedBySeq = lastSeq;
      listener(notice);
    });
  });
  return () => {
    offEvent();
    offGap();
  };
}

/**
 * The audit seqs the missed events carried, as a range to read (`fromSeq`, and `beforeSeq` to stop at):
 * from just after the last event received, else counted back from the one that revealed the gap. Undefined
 * when neither end is known (the revealing event could not be read and none came before it).
 */
export function missedSeqRange(notice: EventsMissed): { fromSeq: number; beforeSeq?: number } | undefined {
  const fromSeq = notice.lastSeqBefore !== undefined ? notice.lastSeqBefore + 1 : notice.revealedBySeq !== undefined ? Math.max(1, notice.revealedBySeq - notice.missed) : undefined;
  if (fromSeq === undefined) return undefined;
  return notice.revealedBySeq === undefined ? { fromSeq } : { fromSeq, beforeSeq: notice.revealedBySeq };
}

/** What the app read again after a gap, for the notice's words. */
export type ReadAgain = 'codes' | 'settings' | 'users';

/**
 * The notice in the technician's words: "Front Door sent events this app did not receive (3 missed).
 * The codes and settings shown were read again." With `failed`, what could not be read and why.
 */
export function eventsMissedWords(deviceName: string, missed: number, readAgain: readonly ReadAgain[], failed?: { message: string }): string {
  const lead = `${deviceName} sent events this app did not receive (${missed} missed).`;
  if (failed) return `${lead} Reading what is shown again did not work: ${failed.message}`;
  if (readAgain.length === 0) return lead;
  return `${lead} The ${listWords(readAgain)} shown were read again.`;
}

function listWords(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1] ?? ''}`;
}
