/**
 * Who may use the browser host (issue 9, item 7): the holder of its token, given once in the printed
 * address (`/?token=T`) and then kept by the browser in an HttpOnly, SameSite=Strict cookie, so the
 * address bar can drop the token and a reload still works. Checked on every HTTP request and before
 * any WebSocket upgrade: a refused request never reaches the app.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export const TOKEN_PARAM = 'token';

export function newToken(): string {
  return randomBytes(24).toString('hex');
}

/**
 * The cookie's name carries the port: cookies are shared by every port of 127.0.0.1, and two hosts
 * (or a host and a test) must not overwrite each other's.
 */
export function cookieName(port: number): string {
  return `fluss_host_${port}`;
}

/**
 * The Set-Cookie value for a page load that carried the token. HttpOnly: page scripts never read it.
 * SameSite=Strict: no other site's page can make the browser send it. No Secure flag: the host
 * serves plain http on 127.0.0.1, and a Secure cookie would not be stored there by every browser.
 */
export function tokenCookie(port: number, token: string): string {
  return `${cookieName(port)}=${token}; HttpOnly; SameSite=Strict; Path=/`;
}

/** Whether `given` is the token, compared in constant time. */
export function sameToken(given: string | null | undefined, expected: string): boolean {
  if (given === null || given === undefined) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The cookie named `name` in a Cookie header, if any. */
export function readCookie(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

export interface Access {
  /** The request holds the token (in its query or its cookie). */
  allowed: boolean;
  /** The token came in the query: the response should set the cookie. */
  fromQuery: boolean;
}

export function checkAccess(req: IncomingMessage, url: URL, port: number, token: string): Access {
  const fromQuery = sameToken(url.searchParams.get(TOKEN_PARAM), token);
  const fromCookie = sameToken(readCookie(req.headers.cookie, cookieName(port)), token);
  return { allowed: fromQuery || fromCookie, fromQuery };
}
