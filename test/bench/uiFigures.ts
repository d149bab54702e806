/**
 * The renderer's figures for `npm run bench`: bundle sizes (issue 7, item 8) and 1,000 gates in
 * Chromium (issue 10, section 3). `uiFigures()` returns them as one object, for a JSON report;
 * `uiBench(row)` prints them beside the other figures.
 */
import { bundleSizes, type BundleSizes } from './bundleSize';
import type { BenchReport } from './report';
import { uiScaleBench, type UiScaleFigures } from './uiScale';

export interface UiFigures {
  bundle: BundleSizes | 'not built';
  scale1000Gates: UiScaleFigures | string;
}

export async function uiFigures(): Promise<UiFigures> {
  return { bundle: bundleSizes() ?? 'not built', scale1000Gates: await uiScaleBench(1000) };
}

export async function uiBench(report: BenchReport): Promise<UiFigures> {
  const row = report.row.bind(report);
  const figures = await uiFigures();
  report.section('renderer bundle (out/renderer; goal: initial JS <= 100 KB gzipped)');
  if (figures.bundle === 'not built') row('skipped', { reason: 'run `npm run build` first' });
  else {
    const kb = (n: number) => Math.round(n / 102.4) / 10;
    row('initial JS', { rawKB: kb(figures.bundle.initialJsBytes), gzipKB: kb(figures.bundle.initialJsGzipBytes) });
    row('lazily loaded screens', { rawKB: kb(figures.bundle.lazyJsBytes), gzipKB: kb(figures.bundle.lazyJsGzipBytes) });
    row('CSS, source maps shipped', { rawKB: kb(figures.bundle.cssBytes), maps: figures.bundle.sourceMaps });
  }
  report.section('1,000 gates in the browser host and Chromium (goal: keystroke to paint <= 50 ms, main thread <= 20% busy)');
  const s = figures.scale1000Gates;
  if (typeof s === 'string') row('skipped', { reason: s });
  else {
    row('Devices: keystroke to next paint', { medianMs: s.devices.keystrokeToPaintMsMedian, maxMs: s.devices.keystrokeToPaintMsMax });
    row('Devices: main thread busy', { pct: s.devices.mainThreadBusyPct, domNodes: s.devices.domNodes, reorders: s.devices.rowReorders, windowS: s.windowS, load: s.loadAverage });
    row('Entry picker: arrow key to next paint', { medianMs: s.gatePicker.keystrokeToPaintMsMedian, maxMs: s.gatePicker.keystrokeToPaintMsMax });
    row('Entry picker: main thread busy', { pct: s.gatePicker.mainThreadBusyPct, domNodes: s.gatePicker.domNodes });
    row('scan events', { bytesPerS: s.scanEventBytesPerS, perS: s.scanEventsPerS });
    row('preferences writes', { perS: s.prefsWritesPerS });
    row('browser host CPU (services + simulated site)', { pctOfOneCore: s.hostCpuPct });
  }
  return figures;
}
