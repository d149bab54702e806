/**
 * The preload script (built as CommonJS for the sandbox): exposes `window.fluss`, the contract's
 * FlussApi. One named method per invoke channel and `on` for the event channels only; the page never
 * sees ipcRenderer.
 *
 * Readiness: main holds every event until this script says it is ready, which it does at once, having
 * subscribed to every event channel. Events for a channel the page does not listen to yet are kept
 * (a few per channel) and handed to its first listener, so a page that attaches listeners over several
 * ticks misses nothing.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { EVENT_CHANNELS, INVOKE_CHANNELS, type EventChannel, type EventTypes, type FlussApi } from '../ipc/contract';

const READY_CHANNEL = 'fluss.ready';
const HELD_PER_CHANNEL = 100;

const listeners = new Map<EventChannel, Set<(payload: unknown) => void>>(EVENT_CHANNELS.map((c) => [c, new Set()]));
const held = new Map<EventChannel, unknown[]>(EVENT_CHANNELS.map((c) => [c, []]));

for (const channel of EVENT_CHANNELS) {
  ipcRenderer.on(channel, (_event, payload: unknown) => {
    const current = listeners.get(channel);
    if (current && current.size > 0) {
      for (const listener of [...current]) listener(payload);
      return;
    }
    const queue = held.get(channel) ?? [];
    queue.push(payload);
    if (queue.length > HELD_PER_CHANNEL) queue.shift();
    held.set(channel, queue);
  });
}

const methods = Object.fromEntries(INVOKE_CHANNELS.map((channel) => [channel, (request: unknown) => ipcRenderer.invoke(channel, request)]));

const api = {
  ...methods,
  on<E extends EventChannel>(channel: E, listener: (payload: EventTypes[E]) => void): () => void {
    const set = listeners.get(channel);
    if (!set) throw new Error(`${channel} is not an event channel`);
    const wrapped = (payload: unknown) => listener(payload as EventTypes[E]);
    set.add(wrapped);
    const pending = held.get(channel) ?? [];
    held.set(channel, []);
    for (const payload of pending) wrapped(payload);
    return () => {
      set.delete(wrapped);
    };
  },
} as FlussApi;

contextBridge.exposeInMainWorld('fluss', api);
ipcRenderer.send(READY_CHANNEL);
