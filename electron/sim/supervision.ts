/**
 * Link supervision on the in-process air. A peripheral that vanishes (its power is cut, it is carried
 * out of range) stops advertising and answering at once; each link to it ends with "supervision
 * timeout" when the supervision timeout runs out, as a controller ends it (Core Spec Vol 6 Part B
 * 4.5.2), and every operation on that link then fails. If it comes back before then, the link lives on.
 * The virtual HCI controller does the same over the real stacks (hci/airLink.ts, reason 0x08).
 */
import { abortableSleep } from '../transport/abortableSleep';

/** Within the 6 s the app promises for noticing a lost device; real centrals ask for 0.42-6 s. */
export const SIM_SUPERVISION_TIMEOUT_MS = 4_000;

/** The reason a supervised link reports when it ends, in the words NobleLink uses for HCI 0x08. */
export const SUPERVISION_TIMEOUT_REASON = 'supervision timeout';

/** What supervision needs of a link: whom it is with, and how to end it. */
export interface SupervisedLink {
  readonly address: string;
  lose(reason: string): void;
}

export class Supervision {
  /** Vanished addresses; each controller aborts when its device comes back. */
  private readonly gone = new Map<string, AbortController>();
  private readonly timers = new Map<string, NodeJS.Timeout[]>();

  constructor(readonly timeoutMs = SIM_SUPERVISION_TIMEOUT_MS) {}

  /** `address` vanishes now; `links` (those open to it) end after the supervision timeout. */
  vanish(address: string, links: Iterable<SupervisedLink>): void {
    const key = address.toLowerCase();
    if (!this.gone.has(key)) this.gone.set(key, new AbortController());
    const timers = [...links].map((link) => setTimeout(() => link.lose(SUPERVISION_TIMEOUT_REASON), this.timeoutMs));
    this.timers.set(key, [...(this.timers.get(key) ?? []), ...timers]);
  }

  /** `address` is back: it advertises and answers again, and links it still has carry on. */
  reappear(address: string): void {
    const key = address.toLowerCase();
    for (const timer of this.timers.get(key) ?? []) clearTimeout(timer);
    this.timers.delete(key);
    this.gone.get(key)?.abort();
    this.gone.delete(key);
  }

  isGone(address: string): boolean {
    return this.gone.has(address.toLowerCase());
  }

  /**
   * Resolves at once for a device that is there; for a vanished one, once it is back. Until then nothing
   * it would say arrives: the caller's signal (its deadline, or the link ending) is what settles it.
   */
  async answered(address: string, signal?: AbortSignal): Promise<void> {
    const back = this.gone.get(address.toLowerCase());
    if (!back) return;
    const either = signal ? AbortSignal.any([signal, back.signal]) : back.signal;
    await abortableSleep(2 ** 31 - 1, either).catch((error: unknown) => {
      if (!back.signal.aborted) throw error;
    });
  }

  /** Stops every pending timer (the transport closes). */
  clear(): void {
    for (const timers of this.timers.values()) for (const timer of timers) clearTimeout(timer);
    this.timers.clear();
  }
}
