/** The live scan over the simulated demo site: a snapshot per subscription, then deltas that keep a window in step. */
import { afterEach, describe, expect, it } from 'vitest';
import { FRONT_DOOR } from '../helpers/demo';
import { scanListOf, servicesOnDemo, waitForScan } from './harness';

let app: ReturnType<typeof servicesOnDemo>;
afterEach(async () => app.close());

describe('live scan as changes', () => {
  it('starts with a snapshot, sends deltas after it, and a fresh snapshot to a window that subscribes again', async () => {
    app = servicesOnDemo();
    await app.services.invoke('scan.start', {});
    await waitForScan(app, (devices) => devices.filter((d) => d.kind !== 'other').length === 5);
    const changes = app.of('scan.devices');
    expect(changes[0]?.type).toBe('snapshot');
    expect(changes.slice(1).every((c) => c.type === 'delta')).toBe(true);
    // Every device is sent in full once; after that only its signal or its departure.
    const fullSends = changes.flatMap((c) => (c.type === 'delta' ? c.changed : c.devices)).filter((d) => d.deviceId === FRONT_DOOR);
    expect(fullSends).toHaveLength(1);

    const before = app.of('scan.devices').length;
    await app.services.invoke('scan.start', {}); // a reloaded window
    const again = app.of('scan.devices')[before];
    expect(again?.type).toBe('snapshot');
    if (again?.type !== 'snapshot') return;
    expect(again.devices.map((d) => d.key).sort()).toEqual(scanListOf(app).map((d) => d.key).sort());
    expect(again.devices.every((d) => typeof d.rankRssi === 'number')).toBe(true);
  });

  it('a scan stopped and started again begins with a snapshot (the old list is stale)', async () => {
    app = servicesOnDemo();
    await app.services.invoke('scan.start', {});
    await waitForScan(app, (devices) => devices.length > 0);
    await app.services.invoke('scan.stop', {});
    const before = app.of('scan.devices').length;
    await app.services.invoke('scan.start', {});
    await waitForScan(app, () => app.of('scan.devices').length > before);
    expect(app.of('scan.devices')[before]?.type).toBe('snapshot');
  });
});
