import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEMO_SITE } from '../../electron/sim/demoSite';
import { loadSite, parseSite } from '../../electron/sim/siteFile';
import { tempDir } from '../helpers/demo';

describe('site file', () => {
  it('accepts the built-in demo site: two intercoms (one unclaimed), three gates, unrelated advertisers', () => {
    const site = loadSite();
    expect(site.devices.flatMap((d) => (d.kind === 'intercom' ? [d.claimed] : []))).toEqual([true, false]);
    expect(site.devices.filter((d) => d.kind === 'gate')).toHaveLength(3);
    expect(site.others.length).toBeGreaterThanOrEqual(3);
    expect(site.users.map((u) => u.role).sort()).toEqual(['owner', 'shared']);
  });

  it('names the path of the first problem', () => {
    const bad = structuredClone(DEMO_SITE) as unknown as { devices: { rssi: number }[] };
    (bad.devices[2] as { rssi: number }).rssi = 5;
    expect(() => parseSite(bad)).toThrow(/devices\.2\.rssi/);
  });

  it('refuses duplicate device ids', () => {
    const bad = structuredClone(DEMO_SITE) as unknown as { devices: { deviceId: string }[] };
    (bad.devices[1] as { deviceId: string }).deviceId = 'f1a000000001';
    expect(() => parseSite(bad)).toThrow(/duplicate device id/);
  });

  it('refuses names too long to advertise', () => {
    const bad = structuredClone(DEMO_SITE) as unknown as { devices: { name: string }[] };
    (bad.devices[0] as { name: string }).name = 'A very long intercom name';
    expect(() => parseSite(bad)).toThrow(/at most 12 bytes/);
  });

  it('reports a file that is not JSON with a typed error', () => {
    const path = join(tempDir(), 'site.json');
    writeFileSync(path, 'nope');
    expect(() => loadSite(path)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }) as Error);
    expect(() => loadSite(join(tempDir(), 'missing.json'))).toThrow(expect.objectContaining({ code: 'IO_ERROR' }) as Error);
  });
});
