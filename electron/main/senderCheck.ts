/**
 * IPC is accepted only from the app's own window showing the app's own page (electron/fiddle's rule):
 * a frame that navigated elsewhere, a subframe or another window cannot call the services.
 */

/** The parts of an IpcMainInvokeEvent the check reads (so it can be tested with plain objects). */
export interface SenderEvent {
  sender: unknown;
  senderFrame: { url: string; parent?: unknown } | null;
}

export interface SenderRules {
  /** BrowserWindow.fromWebContents(sender)?.id */
  windowIdOf: (sender: unknown) => number | undefined;
  /** The app's window id, undefined before it exists. */
  appWindowId: () => number | undefined;
  isAppUrl: (url: string) => boolean;
}

export function isTrustedSender(event: SenderEvent, rules: SenderRules): boolean {
  const appWindow = rules.appWindowId();
  if (appWindow === undefined || rules.windowIdOf(event.sender) !== appWindow) return false;
  const frame = event.senderFrame;
  if (!frame || (frame.parent !== undefined && frame.parent !== null)) return false;
  return rules.isAppUrl(frame.url);
}

/**
 * Whether `url` is the app's page: the built index.html (file://, any hash or query) or, in
 * development, the electron-vite dev server's origin.
 */
export function appUrlMatcher(page: { file?: string; devServer?: string }): (url: string) => boolean {
  const fileUrl = page.file === undefined ? undefined : new URL(`file://${page.file.startsWith('/') ? '' : '/'}${page.file.replace(/\\/g, '/')}`).href;
  const devOrigin = page.devServer === undefined ? undefined : new URL(page.devServer).origin;
  return (url) => {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      return false;
    }
    if (fileUrl !== undefined && parsed.protocol === 'file:' && `${parsed.origin === 'null' ? 'file://' : parsed.origin}${parsed.pathname}` === fileUrl) return true;
    return devOrigin !== undefined && parsed.origin === devOrigin;
  };
}
