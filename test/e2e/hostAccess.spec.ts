/**
 * The browser host's token, as a person sees it (issue 9 item 7, issue 10 bug 4.2): it leaves the
 * address bar once the page has loaded (a reload still works, by the HttpOnly cookie), and a page
 * left open while the host restarts says its address is no longer valid instead of retrying forever.
 */
import { createServer } from 'node:net';
import { expect, test } from '@playwright/test';
import { hostUrl, openApp, shot } from './helpers';
import { startHost } from './host';

test('the token leaves the address bar; a reload still opens the app; scripts cannot read the cookie', async ({ page, context }) => {
  const url = new URL(hostUrl());
  const token = url.searchParams.get('token') ?? '';
  await openApp(page);
  await expect(page).toHaveURL(`${url.origin}/`);
  expect(page.url()).not.toContain(token);
  expect(await page.evaluate(() => document.cookie)).not.toContain(token);
  const cookie = (await context.cookies(url.origin)).find((c) => c.name === `fluss_host_${url.port}`);
  expect(cookie).toMatchObject({ value: token, httpOnly: true, sameSite: 'Strict', path: '/' });

  await page.reload();
  await expect(page.getByRole('heading', { name: 'Devices', level: 1 })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Front Door' })).toBeVisible();
  await expect(page).toHaveURL(`${url.origin}/`);
});

test('without the token the page is not served', async ({ browser }) => {
  const context = await browser.newContext(); // no cookie
  const page = await context.newPage();
  const response = await page.goto(new URL(hostUrl()).origin);
  expect(response?.status()).toBe(401);
  await expect(page.getByText('This address is not valid for the Fluss+ service')).toBeVisible();
  await context.close();
});

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

test('after the host restarts, an open page says its address is no longer valid, and the new one works', async ({ page }) => {
  test.setTimeout(90_000);
  const port = await freePort();
  const first = await startHost({ port });
  let second: Awaited<ReturnType<typeof startHost>> | undefined;
  try {
    await openApp(page, first.url);
    await first.stop();
    second = await startHost({ port });
    expect(second.url).not.toBe(first.url);

    const refused = page.getByRole('alert').filter({ hasText: 'This address is no longer valid' });
    await expect(refused).toBeVisible({ timeout: 30_000 });
    await expect(refused).toContainText('Open the new address it printed.');
    await shot(page, 'host-restarted');
    // Final: the reconnecting banner does not come back (it would, were the page still retrying).
    await expect(page.getByText('Connection to the Fluss+ service lost.')).toBeHidden();
    const sockets: string[] = [];
    page.on('websocket', (ws) => sockets.push(ws.url()));
    await page.waitForTimeout(6_000); // longer than the longest back-off (5 s): a retry would show up here
    expect(sockets).toEqual([]);
    await expect(refused).toBeVisible();

    await openApp(page, second.url);
    await expect(refused).toBeHidden();
  } finally {
    await second?.stop();
    await first.stop();
  }
});
