/**
 * The H4 tap (transport/noble/h4Tap.ts) over the real stacks: noble on HCI over UART (the central's
 * virtual controller) against the demo site on bleno. The trace must hold both directions: what noble
 * sent (commands, ATT requests) and what it heard (events, ATT notifications). The received side broke
 * once unnoticed: noble re-initialises an HCI UART socket when the controller comes up after its reset,
 * calling removeAllListeners() on it, which silently dropped a 'data' listener of the tap's own.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Commissioner } from '../../electron/core/commissioner';
import { chainCredentials } from '../../electron/core/credentials';
import { CENTRAL_ADDRESS } from '../../electron/hci/controllerSet';
import { SIMULATED_SITE_TRUST } from '../../electron/protocol/trustAnchors';
import { siteCredentials } from '../../electron/sim/siteCredentials';
import { NobleTransport } from '../../electron/transport/nobleTransport';
import { demoSite, memoryCredentials } from '../helpers/demo';
import { realStackAvailable, serveSiteOverHci, type HciRig } from '../helpers/hciHarness';

const run = realStackAvailable();
const site = demoSite();
const packets: { packet: Uint8Array; direction: 'sent' | 'received' }[] = [];
let rig: HciRig;
let transport: NobleTransport;

describe.runIf(run)('the H4 tap on HCI over UART', () => {
  beforeAll(async () => {
    ({ rig } = await serveSiteOverHci(site));
    const port = await rig.controller('central', CENTRAL_ADDRESS);
    transport = new NobleTransport({ hciUart: port, operationTimeoutMs: 10_000, gattCache: false, h4Trace: (packet, direction) => packets.push({ packet, direction }) });
    const commissioner = new Commissioner(transport, chainCredentials(memoryCredentials(), siteCredentials(site)), SIMULATED_SITE_TRUST);
    await commissioner.withIntercom('Front Door', {}, (session) => session.listCodes());
  }, 30_000);
  afterAll(async () => {
    await transport.close();
    await rig.close();
  });

  it('hears what noble sent: HCI commands (Reset, LE Create Connection) and ATT Write Commands', () => {
    const sent = packets.filter((p) => p.direction === 'sent');
    const opcodes = sent.filter((p) => p.packet[0] === 0x01).map((p) => (p.packet[1] ?? 0) | ((p.packet[2] ?? 0) << 8));
    expect(opcodes).toContain(0x0c03);
    expect(opcodes).toContain(0x200d);
    expect(sent.some((p) => p.packet[0] === 0x02 && p.packet[9] === 0x52)).toBe(true);
  });

  it('hears what noble received: Command Complete, LE Connection Complete and ATT notifications', () => {
    const received = packets.filter((p) => p.direction === 'received');
    expect(received.some((p) => p.packet[0] === 0x04 && p.packet[1] === 0x0e)).toBe(true);
    expect(received.some((p) => p.packet[0] === 0x04 && p.packet[1] === 0x3e && (p.packet[3] === 0x01 || p.packet[3] === 0x0a))).toBe(true);
    expect(received.some((p) => p.packet[0] === 0x02 && p.packet[9] === 0x1b)).toBe(true);
  });
});
