/**
 * Issue 11, item 4, for the app: the H4 trace from the radio process. The app's services run over a
 * RadioTransport whose radio process (noble, HCI over UART on the central's virtual controller) forwards
 * its H4 stream; the demo site is hosted by bleno on virtual controllers. After a session that created a
 * code (its digits come back to the app) and read the audit log, "Save diagnostics" writes the bundle:
 * tshark, an independent btsnoop reader, finds the HCI commands only an H4 stream has and the session's
 * ATT packets to Front Door; nothing secret is in it (code digits, the users' keys and ids: a HELLO names
 * the user id in clear, so its value must have been blanked).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chainCredentials } from '../../electron/core/credentials';
import { fileAuditReadLog } from '../../electron/diagnostics/auditReads';
import { BleTraceFile } from '../../electron/diagnostics/bleTrace';
import { decodeBtsnoop } from '../../electron/diagnostics/btsnoop';
import { CENTRAL_ADDRESS } from '../../electron/hci/controllerSet';
import type { ResultOf } from '../../electron/ipc/contract';
import { SIMULATED_SITE_TRUST } from '../../electron/protocol/trustAnchors';
import { forkRadio } from '../../electron/radio/radioChild';
import { RadioTransport } from '../../electron/radio/radioTransport';
import { createAppServices, type AppServices } from '../../electron/services/appServices';
import { memoryPrefs } from '../../electron/services/prefsStore';
import { SimSite } from '../../electron/sim/simSite';
import { siteCredentials } from '../../electron/sim/siteCredentials';
import { reportKeyFile } from '../../electron/report/reportKeyFile';
import { memoryProtection } from '../../electron/storage/keyProtection';
import { demoSite, FRONT_DOOR, memoryCredentials, tempDir } from '../helpers/demo';
import { HciRig, realStackAvailable, TEST_AIR } from '../helpers/hciHarness';
import { toolAvailable } from '../helpers/tools';
import { value } from '../services/harness';

const run = realStackAvailable();
const tshark = run && toolAvailable('tshark', 'tshark');
const site = demoSite();
const dir = tempDir();
let rig: HciRig;
let radio: RadioTransport;
let services: AppServices;
let digits = '';
let entries: Record<string, Uint8Array> = {};

describe.runIf(run)("the app's diagnostics bundle holds the radio process's H4 stream", () => {
  beforeAll(async () => {
    rig = new HciRig(TEST_AIR);
    const sim = new SimSite({ site, gateAnswerTimeoutMs: 300 });
    await Promise.all(sim.peripherals().map((endpoint, i) => rig.host(endpoint, `dev${i}`)));
    const central = await rig.controller('central', CENTRAL_ADDRESS);
    const logs = join(dir, 'logs');
    const trace = new BleTraceFile(join(logs, 'ble-trace.btsnoop'));
    // As the browser host builds it with --hci-uart (electron/host/bluetoothEnvironment.ts).
    radio = new RadioTransport({ name: 'noble (radio process)', spawn: () => forkRadio({ hciUart: central, traceH4: true }), trace });
    services = createAppServices({
      transport: radio,
      credentials: chainCredentials(memoryCredentials(), siteCredentials(site)),
      prefs: memoryPrefs(),
      emit: () => undefined,
      version: '0.0.0-test',
      simulated: false,
      trust: SIMULATED_SITE_TRUST,
      trace,
      transportTracesH4: () => radio.tracesH4,
      auditReads: fileAuditReadLog(join(logs, 'audit-read.jsonl')),
      reports: {
        signingKey: reportKeyFile(join(dir, 'report-signing-key.json'), memoryProtection('tests')),
        reportsDir: join(dir, 'reports'),
        diagnosticsDir: join(dir, 'diagnostics'),
        logDirs: [logs],
        doctor: () => Promise.resolve({ text: 'checks', data: [] }),
      },
    });
    const created = value(await services.invoke('codes.create', { deviceId: FRONT_DOOR })) as ResultOf<'codes.create'>;
    digits = created.digits;
    value(await services.invoke('audit.read', { deviceId: FRONT_DOOR }));
    const saved = value(await services.invoke('diagnostics.save', {})) as ResultOf<'diagnostics.save'>;
    entries = unzipSync(new Uint8Array(readFileSync(saved.path)));
  }, 60_000);

  afterAll(async () => {
    await services.close();
    await radio.close();
    await rig.close();
  });

  it('the radio said it forwards H4, and the trace is the H4 stream with nothing dropped', () => {
    expect(radio.tracesH4).toBe(true);
    const records = decodeBtsnoop(entries['traces/ble-trace.btsnoop'] ?? new Uint8Array()) ?? [];
    // HCI commands (H4 type 1) exist only in the H4 stream, never in a GATT-level log.
    expect(records.filter((r) => r.packet[0] === 0x01).length).toBeGreaterThan(5);
    expect(records.filter((r) => r.packet[0] === 0x02).length).toBeGreaterThan(20);
    expect(records.every((r) => r.drops === 0)).toBe(true);
    // Stamped in the radio process when the packets passed: in order, and within this test's lifetime.
    const times = records.map((r) => r.atUs);
    expect(times).toEqual([...times].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    expect(Number((times.at(-1) ?? 0n) / 1000n)).toBeLessThanOrEqual(Date.now());
  });

  it('is redacted: attribute values are zeros, and no code digits, user key or user id is anywhere in the bundle', () => {
    expect(digits).toMatch(/^\d{4}$/);
    const records = decodeBtsnoop(entries['traces/ble-trace.btsnoop'] ?? new Uint8Array()) ?? [];
    // ATT Write Commands (HELLO in clear, then sealed frames) and notifications, first fragments on the ATT channel: headers kept, values zeroed.
    const valued = records.filter((r) => r.packet[0] === 0x02 && (((r.packet[2] ?? 0) >> 4) & 3) !== 1 && r.packet[7] === 0x04 && [0x52, 0x1b].includes(r.packet[9] ?? 0));
    expect(valued.length).toBeGreaterThan(5);
    for (const r of valued) expect(r.packet.slice(12).every((b) => b === 0)).toBe(true);
    for (const [name, bytes] of Object.entries(entries)) {
      const text = Buffer.from(bytes).toString('latin1');
      for (const user of site.users) {
        expect(text.includes(user.userId), `${user.userId} in ${name}`).toBe(false);
        expect(text.includes(user.key), `${user.userId}'s key in ${name}`).toBe(false);
        expect(Buffer.from(bytes).includes(Buffer.from(user.key, 'base64')), `${user.userId}'s raw key in ${name}`).toBe(false);
      }
      expect(new RegExp(`(?<![0-9])${digits}(?![0-9])`).test(text), `the code digits in ${name}`).toBe(false);
    }
  });

  it.runIf(tshark)("opens in tshark, which finds LE Create Connection and the session's ATT packets to Front Door", () => {
    mkdirSync(join(dir, 'unzipped'), { recursive: true });
    const file = join(dir, 'unzipped', 'ble-trace.btsnoop');
    writeFileSync(file, entries['traces/ble-trace.btsnoop'] ?? new Uint8Array());
    const commands = spawnSync('tshark', ['-r', file, '-Y', 'bthci_cmd.opcode == 0x200d'], { encoding: 'utf8' });
    expect(commands.status, commands.stderr).toBe(0);
    expect(commands.stdout.trim()).not.toBe('');
    const att = spawnSync('tshark', ['-r', file, '-Y', 'btatt', '-T', 'fields', '-e', 'btatt.opcode', '-e', 'bthci_acl.dst.bd_addr'], { encoding: 'utf8' });
    expect(att.status, att.stderr).toBe(0);
    const rows = att.stdout.trim().split('\n').filter((l) => l !== '');
    expect(rows.length).toBeGreaterThan(10);
    const opcodes = new Set(rows.map((r) => r.split('\t')[0]));
    // Write Request and Response (the CCCD), Write Command (HELLO, AUTH and requests), Notification (replies).
    for (const opcode of ['0x12', '0x13', '0x52', '0x1b']) expect(opcodes).toContain(opcode);
    expect(att.stdout).toContain('f1:a0:00:00:00:01');
  });
});
