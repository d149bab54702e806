/**
 * The shell's security rules (Electron's security checklist), kept apart from index.ts so each rule can
 * be read, and the pure ones tested, on their own. Type-only Electron imports: nothing here runs
 * Electron code at import time.
 */
import type { Session, WebContents } from 'electron';

/**
 * The Content-Security-Policy of the renderer: only the app's own scripts and styles, no remote
 * content, no plugins, no framing. Sent as a header and also written into index.html as a meta tag
 * (electron.vite.config.ts), since file:// pages get no response headers. `ws://127.0.0.1:*` lets the
 * same page talk to the browser host's WebSocket; Electron never opens one.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self' ws://127.0.0.1:*",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "object-src 'none'",
].join('; ');

/** The policy as a <meta> tag can carry it (browsers ignore frame-ancestors there; the header has it). */
export const CONTENT_SECURITY_POLICY_META = CONTENT_SECURITY_POLICY.split('; ')
  .filter((directive) => !directive.startsWith('frame-ancestors'))
  .join('; ');

/** Links the app may open in the system browser: https on these hosts only. */
export const EXTERNAL_LINK_HOSTS: readonly string[] = ['fluss.plus', 'www.fluss.plus', 'support.fluss.plus', 'docs.fluss.plus'];

export function isAllowedExternalUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' && parsed.username === '' && parsed.password === '' && EXTERNAL_LINK_HOSTS.includes(parsed.hostname);
  } catch {
    return false;
  }
}

/**
 * Denies every permission request (camera, notifications, Bluetooth from the page...): the page needs
 * none. Sends the CSP header on every response; `csp: null` only for the development server, whose
 * React refresh needs an inline script (a packaged app never uses it).
 */
export function hardenSession(session: Session, csp: string | null): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
  if (csp === null) return;
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [csp] } });
  });
}

/**
 * No navigation away from the app, no new windows, no <webview>; allow-listed https links open in the
 * system browser instead.
 */
export function hardenWebContents(contents: WebContents, isAppUrl: (url: string) => boolean, openExternal: (url: string) => void): void {
  contents.on('will-navigate', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    if (isAllowedExternalUrl(url)) openExternal(url);
    return { action: 'deny' };
  });
}
