/**
 * Where the H4 bytes pass on noble's HCI bindings (the raw HCI socket and HCI over UART): noble's Hci
 * object writes every command and ACL packet through its socket's `write` and hears every event and ACL
 * packet as the socket's 'data' (both with the H4 type byte first). The socket exists once the bindings
 * start, so the tap wraps `start`. Received packets are heard through Hci's `onSocketData`, not a listener
 * of our own: when the adapter comes up after reporting itself off (an HCI UART controller before its
 * reset completes) noble calls `removeAllListeners()` on the socket and binds `onSocketData` again, which
 * would silently drop a listener. For the diagnostics trace (electron/diagnostics); it changes nothing
 * of what noble sends or hears, and a listener that throws is ignored.
 */
import type { Noble } from '@stoprocent/noble';
import type { BindingChoice } from './bindingChoice';

/** Whether the binding passes H4 packets through noble (the others hide HCI inside the OS). */
export function carriesH4(binding: BindingChoice): boolean {
  return binding.kind === 'hci' || binding.kind === 'hci-uart';
}

export type H4Listener = (packet: Uint8Array, direction: 'sent' | 'received') => void;

interface HciSocket {
  write(data: Buffer): void;
  on(event: 'data', listener: (data: Buffer) => void): void;
  removeAllListeners(event: 'data'): void;
}

interface Hci {
  _socket?: HciSocket;
  onSocketData?: (data: Buffer) => void;
}

interface HciBindings {
  start(): void;
  _hci?: Hci;
}

export function tapH4(noble: Noble, listener: H4Listener): void {
  const bindings = (noble as unknown as { _bindings?: HciBindings })._bindings;
  if (!bindings || typeof bindings.start !== 'function') return;
  const start = bindings.start.bind(bindings);
  const safe: H4Listener = (packet, direction) => {
    try {
      listener(packet, direction);
    } catch {
      // tracing must never disturb the stack
    }
  };
  bindings.start = () => {
    start();
    const hci = bindings._hci;
    const socket = hci?._socket;
    if (!hci || !socket || typeof hci.onSocketData !== 'function') return;
    const write = socket.write.bind(socket);
    socket.write = (data: Buffer) => {
      safe(new Uint8Array(data), 'sent');
      write(data);
    };
    const hear = hci.onSocketData.bind(hci);
    // A later init binds this instance property again (Hci.init: `this.onSocketData.bind(this)`).
    hci.onSocketData = (data: Buffer) => {
      safe(new Uint8Array(data), 'received');
      hear(data);
    };
    // The first init already bound the original: route the socket's data through the wrapper instead.
    socket.removeAllListeners('data');
    socket.on('data', (data) => hci.onSocketData?.(data));
  };
}
