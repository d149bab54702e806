/** Bug 4.6 (issue 10): what the banner and the Devices header say while the Fluss+ service does not answer. */
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { BannerText } from '../../renderer/src/components/Banners';
import { UNREACHABLE_MESSAGE } from '../../renderer/src/bridge/wsBridge';
import { scanStateText } from '../../renderer/src/store/scanSlice';
import { scanList } from './fixtures';

describe('the "service does not answer" banner', () => {
  it('says each sentence once, its first in bold, and shows no developer command', () => {
    const html = renderToStaticMarkup(<BannerText text={UNREACHABLE_MESSAGE} />);
    expect(html.startsWith('<strong>The Fluss+ service does not answer.</strong>')).toBe(true);
    expect(html.match(/does not answer/g)).toHaveLength(1);
    expect(html).not.toMatch(/npm|`/);
    expect(html).toContain('open the new address it printed');
  });
});

describe('the Devices header', () => {
  const now = Date.now();
  const live = { devices: scanList(now), showOthers: false, bridgeOpen: true, scanError: false, scanUpdatedAt: now, now };

  it('counts only the Fluss+ devices the list can show', () => {
    expect(scanStateText(live)).toBe('Scanning · 4 Fluss+ devices nearby');
    expect(scanStateText({ ...live, showOthers: true })).toBe('Scanning · 5 devices nearby');
  });

  it('stops saying "Scanning" when the service is gone or nothing was heard for a while', () => {
    expect(scanStateText({ ...live, bridgeOpen: false })).toBe('Not updating: no connection to the Fluss+ service');
    expect(scanStateText({ ...live, devices: scanList(now - 49_000) })).toBe('Nothing heard for over 15 s');
  });
});
