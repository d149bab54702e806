/**
 * A device model that can be replaced under its users. Several processes share one state file (issue 8,
 * item 6): when another process changed a device, this process restores the device from the file, and
 * everything holding the device (its GATT endpoint, the intercom's gate link, tests' event listeners)
 * must see the new model without re-subscribing. `view` is that stable face: listeners registered on it
 * move to each new model, and a request, a handshake's user lookup, a keypad entry or a relay command
 * first lets the site re-read the file (`beforeUse`), so a device never acts on state another process has
 * replaced.
 */
import type { DeviceModel } from '../firmware/types';

type Listener<A extends unknown[]> = (...args: A) => void;

/**
 * Calls through which a device changes state, and `lookup` (the handshake's look for a connecting user's
 * key, before any request: a user another process just added must be let in): each is preceded by a look
 * at the shared file.
 */
const ACTING = new Set<PropertyKey>(['handle', 'keypad', 'fire', 'lookup']);

export class ModelSlot<M extends DeviceModel> {
  private model: M;
  private unbind: () => void = () => undefined;
  private readonly events = new Set<Listener<Parameters<Parameters<DeviceModel['onEvent']>[0]>>>();
  private readonly persists = new Set<() => void>();
  readonly view: M;

  constructor(model: M, beforeUse: () => void) {
    this.model = model;
    this.bind();
    this.view = this.makeView(beforeUse);
  }

  private makeView(beforeUse: () => void): M {
    const current = () => this.model;
    const events = this.events;
    const persists = this.persists;
    const add = <L>(set: Set<L>, listener: L) => this.add(set, listener);
    return new Proxy({} as M, {
      get: (_target, property) => {
        const model = current();
        if (property === 'onEvent') return (listener: Listener<Parameters<Parameters<DeviceModel['onEvent']>[0]>>) => add(events, listener);
        if (property === 'onPersist') return (listener: () => void) => add(persists, listener);
        if (ACTING.has(property) && typeof Reflect.get(model, property) === 'function') {
          return (...args: unknown[]) => {
            beforeUse();
            // After beforeUse the model may be a new one: call the current one.
            const now = current();
            return (now[property as keyof M] as (...a: unknown[]) => unknown).apply(now, args);
          };
        }
        const value: unknown = Reflect.get(model, property, model);
        return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(model) : value;
      },
      has: (_target, property) => Reflect.has(current(), property),
    });
  }

  get current(): M {
    return this.model;
  }

  /** Puts `model` in place of the current one; listeners follow it. */
  replace(model: M): void {
    this.unbind();
    this.model = model;
    this.bind();
  }

  private bind(): void {
    const offEvent = this.model.onEvent((event) => {
      for (const listener of this.events) listener(event);
    });
    const offPersist = this.model.onPersist(() => {
      for (const listener of this.persists) listener();
    });
    this.unbind = () => {
      offEvent();
      offPersist();
    };
  }

  private add<L>(set: Set<L>, listener: L): () => void {
    set.add(listener);
    return () => set.delete(listener);
  }
}
