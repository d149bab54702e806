/**
 * Registers one ipcMain handler per contract channel. Each call is checked: the sender must be the
 * app's own window on the app's own page, and the payload must match the channel's schema (both done
 * before any service code runs). Results go back as IpcResult data.
 */
import type { IpcMain, IpcMainEvent, IpcMainInvokeEvent } from 'electron';
import { INVOKE_CHANNELS, type IpcResult } from '../ipc/contract';
import { isTrustedSender, type SenderRules } from './senderCheck';

/** Sent by the preload once the page listens for events; main then flushes what it held. */
export const READY_CHANNEL = 'fluss.ready';

export interface IpcDeps extends SenderRules {
  invoke: (channel: string, payload: unknown) => Promise<IpcResult<unknown>>;
  onReady: () => void;
}

export const FOREIGN_SENDER: IpcResult<never> = {
  ok: false,
  error: { code: 'NOT_AUTHORIZED', message: 'This request did not come from the app window, so it was refused.' },
};

/** The handler for one channel, as a function of the event (testable without Electron). */
export function channelHandler(channel: string, deps: IpcDeps) {
  return (event: Pick<IpcMainInvokeEvent, 'sender' | 'senderFrame'>, payload: unknown): Promise<IpcResult<unknown>> =>
    isTrustedSender(event, deps) ? deps.invoke(channel, payload) : Promise.resolve(FOREIGN_SENDER);
}

export function registerIpc(ipcMain: IpcMain, deps: IpcDeps): () => void {
  for (const channel of INVOKE_CHANNELS) ipcMain.handle(channel, channelHandler(channel, deps));
  const onReady = (event: IpcMainEvent) => {
    if (isTrustedSender(event, deps)) deps.onReady();
  };
  ipcMain.on(READY_CHANNEL, onReady);
  return () => {
    for (const channel of INVOKE_CHANNELS) ipcMain.removeHandler(channel);
    ipcMain.off(READY_CHANNEL, onReady);
  };
}
