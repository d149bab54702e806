/** A tiny synchronous listener list, shared by the models' onEvent and onPersist. */
export class Listeners<T extends unknown[]> {
  private readonly list = new Set<(...args: T) => void>();

  /** Adds a listener; the returned function removes it. */
  add(listener: (...args: T) => void): () => void {
    // Wrapped so that adding the same function twice gives two independent subscriptions.
    const entry = (...args: T) => listener(...args);
    this.list.add(entry);
    return () => this.list.delete(entry);
  }

  /**
   * Calls every listener in subscription order. A listener that throws is skipped: listeners belong to
   * the host (radio, flash writer), which reports its own failures; a device never stops because of one.
   */
  emit(...args: T): void {
    for (const listener of [...this.list]) {
      try {
        listener(...args);
      } catch {
        // Deliberately ignored: see above.
      }
    }
  }
}
