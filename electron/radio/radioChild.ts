/**
 * Starting the radio process. In the browser host (and tests) it is a `child_process.fork` of
 * radioProcess.ts run through tsx; in Electron, main starts the built radio entry with
 * `utilityProcess.fork` and wraps it in the same RadioChild shape.
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { RadioOptions } from './messages';

/** The app's handle on one radio process. */
export interface RadioChild {
  readonly pid: number | undefined;
  send(message: unknown): void;
  onMessage(listener: (message: unknown) => void): void;
  /** Called once when the process is gone (crashed, killed, or exited). */
  onExit(listener: (description: string) => void): void;
  /** Ends it at once (SIGKILL): a hung radio cannot be asked. */
  kill(): void;
}

/** Forks radioProcess.ts (TypeScript, through tsx, as `npm run web` runs the host). */
export function forkRadio(options: RadioOptions): RadioChild {
  const entry = fileURLToPath(new URL('./radioProcess.ts', import.meta.url));
  const child = fork(entry, [JSON.stringify(options)], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  return {
    pid: child.pid,
    send: (message) => {
      if (child.connected) child.send(message as object, () => undefined);
    },
    onMessage: (listener) => child.on('message', listener),
    onExit: (listener) => child.once('exit', (code, signal) => listener(signal ? `killed by ${signal}` : `exited with code ${code ?? '?'}`)),
    kill: () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    },
  };
}
