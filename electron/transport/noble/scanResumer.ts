/**
 * Keeps a wanted scan running across noble's own stops. noble's HCI binding stops scanning to open a
 * connection (some controllers cannot scan and initiate at once; it also resets the controller before the
 * first link) and never starts it again. Real controllers scan while connected, so the transport restarts
 * the scan once no connection attempt is in flight: restarting earlier would race noble's reset.
 */

/** Retry delay when a restart fails (the adapter is busy or a reset is in progress), and how often. */
const RETRY_MS = 250;
const MAX_RETRIES = 40;

export class ScanResumer {
  private connecting = 0;
  private pending = false;
  private timer: NodeJS.Timeout | undefined;
  private failures = 0;

  constructor(private readonly restart: () => Promise<void>) {}

  /** noble reported the scan stopped while the caller still wants it. */
  stopped(): void {
    this.pending = true;
    if (this.connecting === 0) this.schedule(0);
  }

  connectStarted(): void {
    this.connecting += 1;
  }

  /** A connection attempt succeeded or failed: a scan noble stopped for it may run again. */
  connectSettled(): void {
    this.connecting = Math.max(0, this.connecting - 1);
    if (this.connecting === 0 && this.pending) this.schedule(0);
  }

  /** The caller stopped scanning (or the transport closes): nothing to resume. */
  cancel(): void {
    this.pending = false;
    this.failures = 0;
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private schedule(delayMs: number): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (!this.pending || this.connecting > 0) return;
      this.pending = false;
      this.restart().then(
        () => (this.failures = 0),
        () => {
          // Try again shortly (a connect settling retries too); an adapter that stays away is left to
          // the next startScan, which reports it.
          this.failures += 1;
          if (this.failures > MAX_RETRIES) return;
          this.pending = true;
          if (this.connecting === 0) this.schedule(RETRY_MS);
        },
      );
    }, delayMs);
    this.timer.unref();
  }
}
