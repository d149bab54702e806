/**
 * The app:// protocol the Electron window loads the renderer from, and where the window loads at all
 * (issue 9, item 8), without Electron: the handler's responses over a real folder.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { APP_ENTRY, APP_SCHEME_DEFINITION, appFileFor, appResponse, rendererEntry } from '../../electron/main/appProtocol';
import { CONTENT_SECURITY_POLICY } from '../../electron/main/security';
import { tempDir } from '../helpers/demo';

describe('where the window loads', () => {
  it('a packaged app ignores ELECTRON_RENDERER_URL, whatever it says', () => {
    for (const rendererUrl of ['http://localhost:5173/', 'http://127.0.0.1:5173', 'https://evil.example/', 'file:///tmp/evil.html', undefined]) {
      expect(rendererEntry({ isPackaged: true, rendererUrl })).toEqual({ url: APP_ENTRY });
    }
  });

  it('in development takes electron-vite’s server on this computer, and nothing else', () => {
    expect(rendererEntry({ isPackaged: false, rendererUrl: 'http://localhost:5173' })).toEqual({ url: 'http://localhost:5173/', devServer: 'http://localhost:5173/' });
    expect(rendererEntry({ isPackaged: false, rendererUrl: 'http://127.0.0.1:5174/' }).devServer).toBe('http://127.0.0.1:5174/');
    for (const rendererUrl of ['https://evil.example/', 'http://localhost.evil.example/', 'file:///tmp/evil.html', 'http://user:pw@localhost:5173/', 'not a url', undefined]) {
      expect(rendererEntry({ isPackaged: false, rendererUrl })).toEqual({ url: APP_ENTRY });
    }
  });
});

describe('app:// handler', () => {
  function renderer(): string {
    const dir = join(tempDir(), 'renderer');
    mkdirSync(join(dir, 'assets'), { recursive: true });
    writeFileSync(join(dir, 'index.html'), '<!doctype html><div id="root"></div>');
    writeFileSync(join(dir, 'assets', 'index.js'), 'export {}');
    writeFileSync(join(dir, '..', 'secret.txt'), 'not yours');
    return dir;
  }

  it('is a standard, secure scheme without CSP bypass', () => {
    expect(APP_SCHEME_DEFINITION).toEqual({ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } });
  });

  it('serves the built renderer with its type and the CSP header', async () => {
    const dir = renderer();
    const page = await appResponse(APP_ENTRY, dir, CONTENT_SECURITY_POLICY);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(await page.text()).toContain('<div id="root">');
    const script = await appResponse('app://fluss/assets/index.js', dir, CONTENT_SECURITY_POLICY);
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect((await appResponse('app://fluss/devices', dir, CONTENT_SECURITY_POLICY)).status).toBe(200);
  });

  it('serves nothing outside the folder, nor for another host', async () => {
    const dir = renderer();
    for (const url of ['app://fluss/../secret.txt', 'app://fluss/%2e%2e/secret.txt', 'app://fluss/assets/..%2f..%2fsecret.txt', 'app://other/index.html', 'app://fluss/missing.js', 'app://fluss/%00.js', 'file:///etc/passwd']) {
      const response = await appResponse(url, dir, CONTENT_SECURITY_POLICY);
      expect(response.status, url).toBe(404);
      expect(await response.text(), url).not.toContain('not yours');
    }
    expect(appFileFor('app://fluss/%E0%A4%A', dir)).toBeUndefined();
  });
});
