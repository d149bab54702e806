/**
 * The radio process in the desktop app: Electron's utilityProcess runs the built radio entry
 * (out/main/radio.js, from electron/radio/radioProcess.ts), so noble's native code never runs in the
 * main process. Wrapped in the RadioChild shape RadioTransport drives (electron/radio/radioChild.ts).
 */
import { join } from 'node:path';
import { utilityProcess } from 'electron';
import type { RadioOptions } from '../radio/messages';
import type { RadioChild } from '../radio/radioChild';

export function utilityRadio(options: RadioOptions): RadioChild {
  const child = utilityProcess.fork(join(import.meta.dirname, 'radio.js'), [JSON.stringify(options)], { serviceName: 'Fluss+ Bluetooth', stdio: 'inherit' });
  let gone = false;
  child.once('exit', () => (gone = true));
  return {
    get pid() {
      return child.pid;
    },
    send: (message) => {
      if (!gone) child.postMessage(message);
    },
    onMessage: (listener) => child.on('message', listener),
    onExit: (listener) => child.once('exit', (code) => listener(`exited with code ${code}`)),
    kill: () => {
      if (gone) return;
      // A hung process may ignore SIGTERM (kill()'s signal): end it outright.
      if (child.pid !== undefined) process.kill(child.pid, 'SIGKILL');
      else child.kill();
    },
  };
}
