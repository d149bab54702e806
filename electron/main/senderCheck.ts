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
 * Whether `url` is the app's page: the app:// origin the built renderer is served from (appProtocol.ts:
 * it serves nothing else) or, in development, the electron-vite dev server's origin. file:// never is.
 */
export function appUrlMatcher(page: { app?: { scheme: string; host: string }; devServer?: string }): (url: string) => boolean {
  const devOrigin = page.devServer === undefined ? undefined : new URL(page.devServer).origin;
  return (url) => {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      return false;
    }
    // Node's URL gives a non-special scheme the origin "null", so compare scheme and host.
    if (page.app !== undefined && parsed.protocol === `${page.app.scheme}:` && parsed.host === page.app.host && parsed.username === '' && parsed.password === '') return true;
    return devOrigin !== undefined && parsed.origin === devOrigin;
  };
}
