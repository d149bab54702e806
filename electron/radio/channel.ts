/**
 * The radio process's end of its channel to the app: Electron's utilityProcess gives it
 * `process.parentPort` (messages arrive as `{ data }`); child_process.fork gives it `process.send`.
 */
export interface ParentChannel {
  send(message: unknown): void;
  onMessage(listener: (message: unknown) => void): void;
}

interface ParentPort {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (event: { data: unknown }) => void): void;
}

export function parentChannel(): ParentChannel {
  const port = (process as unknown as { parentPort?: ParentPort }).parentPort;
  if (port) {
    return { send: (message) => port.postMessage(message), onMessage: (listener) => port.on('message', (event) => listener(event.data)) };
  }
  if (!process.send) throw new Error('The radio process must be started by the app (child_process.fork or utilityProcess).');
  // The app going away ends the radio: nothing else may keep the controller.
  process.on('disconnect', () => process.exit(0));
  return {
    send: (message) => {
      if (process.connected) process.send?.(message);
    },
    onMessage: (listener) => process.on('message', listener),
  };
}
