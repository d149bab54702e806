/**
 * The renderer is served from `app://fluss/` (issue 9, item 8) rather than file://: a file:// page may
 * read any file the user can, and with the GrantFileProtocolExtraPrivileges fuse off (afterPack.mjs)
 * file:// loses those extra rights altogether. The app:// handler serves only the built renderer folder,
 * read-only, with the CSP header. Type-only Electron imports: this file is tested without Electron.
 */
import { readFile } from 'node:fs/promises';
import { extname, normalize, resolve, sep } from 'node:path';
import type { CustomScheme } from 'electron';

export const APP_SCHEME = 'app';
export const APP_HOST = 'fluss';
/** The page the window loads. */
export const APP_ENTRY = `${APP_SCHEME}://${APP_HOST}/index.html`;

/**
 * standard: relative URLs and a real origin (so CSP 'self' and ES modules work); secure: treated like
 * https; supportFetchAPI: module scripts are fetched. No bypassCSP, no corsEnabled, no service workers.
 */
export const APP_SCHEME_DEFINITION: CustomScheme = { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } };

/**
 * Where the window loads from. A packaged app never trusts ELECTRON_RENDERER_URL (anyone who can set the
 * environment could point it at their own page, which would then get the preload's API); in development
 * it is taken only when it names electron-vite's server on this computer.
 */
export function rendererEntry(input: { isPackaged: boolean; rendererUrl: string | undefined }): { url: string; devServer?: string } {
  if (input.isPackaged || input.rendererUrl === undefined) return { url: APP_ENTRY };
  let parsed: URL;
  try {
    parsed = new URL(input.rendererUrl);
  } catch {
    return { url: APP_ENTRY };
  }
  const local = ['localhost', '127.0.0.1', '[::1]'].includes(parsed.hostname);
  if (!local || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') || parsed.username !== '' || parsed.password !== '') return { url: APP_ENTRY };
  return { url: parsed.href, devServer: parsed.href };
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};

/** The file under `rendererDir` that an app:// URL names, or undefined (another host, outside the folder). */
export function appFileFor(requestUrl: string, rendererDir: string): string | undefined {
  let url: URL;
  let path: string;
  try {
    url = new URL(requestUrl);
    path = decodeURIComponent(url.pathname);
  } catch {
    return undefined;
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST || path.includes('\0')) return undefined;
  const base = resolve(rendererDir);
  // Paths without an extension are the app's own routes: they get index.html.
  const target = extname(path) === '' ? resolve(base, 'index.html') : resolve(base, `.${normalize(`/${path}`)}`);
  return target.startsWith(base + sep) ? target : undefined;
}

/** The response to one app:// request: the file with its type and the CSP, or 404. Never throws. */
export async function appResponse(requestUrl: string, rendererDir: string, csp: string): Promise<Response> {
  const file = appFileFor(requestUrl, rendererDir);
  const headers = { 'Content-Security-Policy': csp, 'X-Content-Type-Options': 'nosniff' };
  if (file === undefined) return new Response('Not found', { status: 404, headers });
  try {
    const body = await readFile(file);
    return new Response(body, { status: 200, headers: { ...headers, 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream' } });
  } catch {
    return new Response('Not found', { status: 404, headers });
  }
}
