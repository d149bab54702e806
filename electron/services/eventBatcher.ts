/**
 * Events from main to the renderer: bursts batched (about every 200 ms) so a busy site does not flood
 * the UI, and everything held until the renderer says it is listening (a window that is still loading
 * would otherwise miss the first scan results).
 */

/** Collects items and delivers them as one array at most every `intervalMs`. */
export class Batcher<T> {
  private items: T[] = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly deliver: (items: T[]) => void,
    private readonly intervalMs = 200,
  ) {}

  push(item: T): void {
    this.items.push(item);
    this.timer ??= setTimeout(() => this.flush(), this.intervalMs);
  }

  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.items.length === 0) return;
    const batch = this.items;
    this.items = [];
    this.deliver(batch);
  }

  close(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.items = [];
  }
}

/**
 * Holds messages until `ready()`, then passes them through. At most `limit` are held; the oldest go
 * first (a renderer that never says ready must not grow main's memory without bound).
 */
export class ReadyGate<M> {
  private held: M[] = [];
  private open = false;

  constructor(
    private readonly send: (message: M) => void,
    private readonly limit = 500,
  ) {}

  get isReady(): boolean {
    return this.open;
  }

  post(message: M): void {
    if (this.open) {
      this.send(message);
      return;
    }
    this.held.push(message);
    if (this.held.length > this.limit) this.held.shift();
  }

  ready(): void {
    this.open = true;
    const held = this.held;
    this.held = [];
    for (const message of held) this.send(message);
  }

  /** Back to holding (the window reloaded and must say ready again). */
  reset(): void {
    this.open = false;
  }
}
