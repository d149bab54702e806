/**
 * Issue 10, section 3: the renderer with a site of 1,000 Fluss+ gates, in the browser host and Chromium.
 * Measures what the issue measured: main-thread busy time (Chrome's TaskDuration over the window), DOM
 * nodes, keystroke-to-next-paint (keydown to the frame after it: rAF then a task), scan event bytes and
 * rate (WebSocket frames), preferences writes per second (the prefs file's mtime) and row reorders
 * (the order of the rows on screen, sampled). Devices screen and the Entry Device picker.
 * Needs `npm run build` and Chromium; returns undefined (with the reason) when Chromium is missing.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Page } from '@playwright/test';
import { startHost } from '../e2e/host';
import { writeBigSite } from '../e2e/bigSite';

export interface ScreenFigures {
  keystrokeToPaintMsMedian: number;
  keystrokeToPaintMsMax: number;
  mainThreadBusyPct: number;
  domNodes: number;
}

export interface UiScaleFigures {
  gates: number;
  /** The machine's 1-minute load average at the end: busy time and paint delays grow with it. */
  loadAverage: number;
  windowS: number;
  devices: ScreenFigures & { rowReorders: number };
  gatePicker: ScreenFigures;
  /** CPU used by the browser host's processes (npm, tsx, node: the services and the simulated site), % of one core. */
  hostCpuPct: number | 'unknown';
  scanEventBytesPerS: number;
  scanEventsPerS: number;
  prefsWritesPerS: number;
}

const WINDOW_MS = 10_000;

/** Keystroke to the next paint, measured in the page: keydown (capture) -> rAF -> a task. */
async function armPaintTimer(page: Page): Promise<void> {
  await page.evaluate(`(() => {
    window.__paints = [];
    if (window.__paintTimer) return;
    window.__paintTimer = true;
    document.addEventListener('keydown', () => {
      const start = performance.now();
      requestAnimationFrame(() => setTimeout(() => window.__paints.push(performance.now() - start), 0));
    }, true);
  })()`);
}

async function paints(page: Page): Promise<number[]> {
  return page.evaluate<number[]>('window.__paints.splice(0)');
}

async function busyOver(page: Page, ms: number, during: () => Promise<void>): Promise<number> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const task = async () => (await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'TaskDuration')?.value ?? 0;
  const t0 = await task();
  const w0 = Date.now();
  await Promise.all([during(), new Promise((r) => setTimeout(r, ms))]);
  const busy = (await task()) - t0;
  const wall = (Date.now() - w0) / 1000;
  await cdp.detach();
  return Math.round((busy / wall) * 1000) / 10;
}

/**
 * CPU seconds used so far by every process in process group `group` (Linux /proc; undefined elsewhere).
 * Fields 14 and 15 of /proc/<pid>/stat are user and system time in clock ticks (100 a second on Linux).
 */
function groupCpuSeconds(group: number): number | undefined {
  if (!existsSync('/proc/self/stat')) return undefined;
  let ticks = 0;
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' '); // fields from the 3rd on
      if (Number(fields[2]) === group) ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // the process ended while we read
    }
  }
  return ticks / 100;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
const round = (x: number) => Math.round(x * 10) / 10;

/**
 * Counts changes in the relative order of the rows on screen, sampled every 250 ms. In-page code is a
 * string: tsx's helpers (__name) do not exist in the page.
 */
async function countReorders(page: Page, ms: number): Promise<number> {
  return page.evaluate(`(async () => {
    const order = () => Array.from(document.querySelectorAll('.device-list .device-row'))
      .map((r) => ({ top: r.getBoundingClientRect().top, name: (r.querySelector('.device-name') || {}).textContent || '' }))
      .sort((a, b) => a.top - b.top).map((r) => r.name);
    let previous = order();
    let reorders = 0;
    const end = performance.now() + ${ms};
    while (performance.now() < end) {
      await new Promise((r) => setTimeout(r, 250));
      const now = order();
      const common = now.filter((n) => previous.includes(n));
      const before = previous.filter((n) => common.includes(n));
      if (common.some((n, i) => before[i] !== n)) reorders++;
      previous = now;
    }
    return reorders;
  })()`);
}

export async function uiScaleBench(gates = 1000): Promise<UiScaleFigures | string> {
  if (!existsSync('out/renderer/index.html')) return 'skipped: run `npm run build` first';
  const executablePath = existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined;
  if (!executablePath && !existsSync(chromium.executablePath())) return 'skipped: no Chromium (apt-get install chromium)';
  const dir = mkdtempSync(join(tmpdir(), 'fluss-scale-'));
  const site = writeBigSite(join(dir, 'site.json'), gates);
  const host = await startHost({ site });
  const browser = await chromium.launch({ ...(executablePath ? { executablePath } : {}), args: ['--no-sandbox', '--disable-gpu'] });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    let scanBytes = 0;
    let scanEvents = 0;
    page.on('websocket', (ws) =>
      ws.on('framereceived', ({ payload }) => {
        const text = typeof payload === 'string' ? payload : payload.toString('utf8');
        if (text.startsWith('{"event":"scan.devices"')) {
          scanBytes += Buffer.byteLength(text);
          scanEvents++;
        }
      }),
    );
    await page.goto(host.url);
    await page.getByRole('button', { name: 'Front Door' }).waitFor();
    // Let the whole site be heard before measuring.
    await page.waitForFunction(`Number((/Scanning · (\\d+)/.exec(document.body.innerText) || [])[1] || 0) >= ${gates}`, undefined, { timeout: 30_000 });
    // Each device's place settles over its first few seconds (signalRank.ts); measure after that.
    await page.waitForTimeout(8000);
    const prefsPath = `${join(host.stateDir, 'state.json')}.prefs.json`;
    let prefsWrites = 0;
    let lastMtime = existsSync(prefsPath) ? statSync(prefsPath).mtimeMs : 0;
    const poll = setInterval(() => {
      const m = existsSync(prefsPath) ? statSync(prefsPath).mtimeMs : 0;
      if (m !== lastMtime) prefsWrites++;
      lastMtime = m;
    }, 20);
    scanBytes = 0;
    scanEvents = 0;
    const cpuBefore = groupCpuSeconds(host.pid);
    const start = Date.now();
    let rowReorders = 0;
    const idleBusy = await busyOver(page, WINDOW_MS, async () => {
      rowReorders = await countReorders(page, WINDOW_MS - 500);
    });
    const elapsedS = (Date.now() - start) / 1000;
    const cpuAfter = groupCpuSeconds(host.pid);
    const hostCpuPct = cpuBefore === undefined || cpuAfter === undefined ? 'unknown' : round(((cpuAfter - cpuBefore) / elapsedS) * 100);
    clearInterval(poll);
    const scanEventBytesPerS = Math.round(scanBytes / elapsedS);
    const scanEventsPerS = round(scanEvents / elapsedS);
    const prefsWritesPerS = round(prefsWrites / elapsedS);
    const devicesDom = await page.evaluate<number>("document.getElementsByTagName('*').length");

    await armPaintTimer(page);
    const search = page.getByRole('searchbox', { name: 'Search devices' });
    await search.click();
    const typingBusy = await busyOver(page, 3000, () => search.pressSequentially('Orchard', { delay: 150 }));
    const devicePaints = await paints(page);
    // Rows move as they are heard; narrowing the list first keeps the click on Front Door.
    await search.fill('Front Door');

    // The Entry Device picker on Front Door's settings: arrow keys through the gates.
    await page.getByRole('button', { name: 'Front Door', exact: true }).click();
    await page.getByRole('button', { name: /One Time Access Settings/ }).click();
    await page.getByRole('button', { name: /^Entry Device/ }).click();
    const dialog = page.getByRole('dialog', { name: 'Entry Device' });
    await dialog.waitFor();
    await armPaintTimer(page);
    const pickerBusy = await busyOver(page, 4000, async () => {
      for (let i = 0; i < 20; i++) {
        await page.keyboard.press('ArrowDown');
        await new Promise((r) => setTimeout(r, 150));
      }
    });
    const pickerPaints = await paints(page);
    if (process.env.FLUSS_BENCH_DEBUG) console.error(`picker paints: ${pickerPaints.map(Math.round).join(" ")}`);
    const pickerDom = await page.evaluate<number>("document.getElementsByTagName('*').length");
    return {
      gates,
      loadAverage: round(loadavg()[0] ?? 0),
      windowS: round(elapsedS),
      devices: {
        keystrokeToPaintMsMedian: round(median(devicePaints)),
        keystrokeToPaintMsMax: round(Math.max(0, ...devicePaints)),
        mainThreadBusyPct: Math.max(idleBusy, typingBusy),
        domNodes: devicesDom,
        rowReorders,
      },
      gatePicker: {
        keystrokeToPaintMsMedian: round(median(pickerPaints)),
        keystrokeToPaintMsMax: round(Math.max(0, ...pickerPaints)),
        mainThreadBusyPct: pickerBusy,
        domNodes: pickerDom,
      },
      hostCpuPct,
      scanEventBytesPerS,
      scanEventsPerS,
      prefsWritesPerS,
    };
  } finally {
    await browser.close();
    await host.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
