/**
 * Issue 11, item 4, end to end through the browser host: `npm run web -- --hci-uart <central> --sim`
 * as a child process (its radio process a child of it, noble on the central's virtual controller), the
 * demo site hosted by bleno on virtual controllers in this process. Over the host's WebSocket a code is
 * created (its digits come back), then Save diagnostics: the bundle's trace is the H4 stream the radio
 * process forwarded, which tshark opens and in which it finds the session's ATT packets to Front Door;
 * no code digits, user key or user id is anywhere in the bundle. The host is stopped by its PID.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { CENTRAL_ADDRESS } from '../../electron/hci/controllerSet';
import { TEST_PASSPHRASE } from '../helpers/cli';
import { demoSite, FRONT_DOOR, tempDir } from '../helpers/demo';
import { realStackAvailable, serveSiteOverHci, type HciRig } from '../helpers/hciHarness';
import { toolAvailable } from '../helpers/tools';

const run = realStackAvailable();
const tshark = run && toolAvailable('tshark', 'tshark');
const site = demoSite();
const dir = tempDir();
let rig: HciRig;
let host: ChildProcess | undefined;
let hostOutput = '';
let ws: WebSocket | undefined;
let digits = '';
let trace: Uint8Array = new Uint8Array();
let entries: Record<string, Uint8Array> = {};

const running = (child: ChildProcess) => child.exitCode === null && child.signalCode === null;

type Result = { ok: boolean; value?: unknown; error?: { code: string; message: string } };

/** Starts the host and resolves with its address once it has printed it. */
function startHost(central: string): Promise<URL> {
  mkdirSync(join(dir, 'renderer'), { recursive: true });
  writeFileSync(join(dir, 'renderer', 'index.html'), '<!doctype html><title>Fluss+ Commissioner</title>');
  const child = spawn(process.execPath, ['--import', 'tsx', 'electron/host/main.ts', '--hci-uart', central, '--sim', '--sim-state', join(dir, 'state.json'), '--static', join(dir, 'renderer')], {
    env: { ...process.env, FLUSS_DATA_DIR: dir, FLUSS_PASSPHRASE: TEST_PASSPHRASE },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  host = child;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the host did not start in time:\n${hostOutput}`)), 20_000);
    child.stderr.on('data', (chunk: Buffer) => (hostOutput += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      hostOutput += chunk.toString();
      const url = /^(http:\/\/\S+)$/m.exec(hostOutput)?.[1];
      if (url) {
        clearTimeout(timer);
        resolve(new URL(url));
      }
    });
    child.once('exit', (code) => reject(new Error(`the host exited (${code ?? 'signal'}):\n${hostOutput}`)));
  });
}

/** One call over the host's WebSocket, as the page makes it. */
function caller(socket: WebSocket) {
  const replies = new Map<number, Result>();
  socket.on('message', (data) => {
    const frame = JSON.parse((data as Buffer).toString('utf8')) as { id?: number; result?: Result };
    if (frame.id !== undefined && frame.result) replies.set(frame.id, frame.result);
  });
  let nextId = 1;
  return async (channel: string, request: unknown, timeoutMs = 30_000): Promise<Result> => {
    const id = nextId++;
    socket.send(JSON.stringify({ id, channel, request }));
    for (const started = Date.now(); Date.now() - started < timeoutMs; ) {
      const reply = replies.get(id);
      if (reply) return reply;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    throw new Error(`no reply to ${channel}:\n${hostOutput}`);
  };
}

describe.runIf(run)("the browser host's diagnostics bundle holds the radio process's H4 stream", () => {
  beforeAll(async () => {
    ({ rig } = await serveSiteOverHci(site));
    const central = await rig.controller('central', CENTRAL_ADDRESS);
    const url = await startHost(central);
    const socket = new WebSocket(`ws://127.0.0.1:${url.port}/ipc?token=${url.searchParams.get('token') ?? ''}`, { origin: `http://127.0.0.1:${url.port}` });
    ws = socket;
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
    });
    const call = caller(socket);
    const created = await call('codes.create', { deviceId: FRONT_DOOR });
    expect(created, hostOutput).toMatchObject({ ok: true });
    digits = (created.value as { digits: string }).digits;
    const saved = await call('diagnostics.save', {});
    expect(saved, hostOutput).toMatchObject({ ok: true });
    entries = unzipSync(new Uint8Array(readFileSync((saved.value as { path: string }).path)));
    trace = entries['traces/state.json.ble-trace.btsnoop'] ?? new Uint8Array();
  }, 60_000);

  afterAll(async () => {
    ws?.terminate();
    const child = host;
    if (child?.pid !== undefined && running(child)) {
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 8_000))]);
      if (running(child)) child.kill('SIGKILL');
    }
    await rig.close();
  }, 20_000);

  it('holds no code digits, user key or user id', () => {
    expect(Object.keys(entries)).toContain('traces/state.json.ble-trace.btsnoop');
    expect(digits).toMatch(/^\d{4}$/);
    for (const [name, bytes] of Object.entries(entries)) {
      const text = Buffer.from(bytes).toString('latin1');
      for (const user of site.users) {
        expect(text.includes(user.userId), `${user.userId} in ${name}`).toBe(false);
        expect(Buffer.from(bytes).includes(Buffer.from(user.key, 'base64')), `${user.userId}'s key in ${name}`).toBe(false);
      }
      expect(new RegExp(`(?<![0-9])${digits}(?![0-9])`).test(text), `the code digits in ${name}`).toBe(false);
    }
  });

  it.runIf(tshark)("opens in tshark, which finds the H4 stream's HCI commands and the session's ATT packets to Front Door", () => {
    const file = join(dir, 'host-trace.btsnoop');
    writeFileSync(file, trace);
    // LE Create Connection is an HCI command: only the H4 stream has it, a GATT-level log never does.
    const commands = spawnSync('tshark', ['-r', file, '-Y', 'bthci_cmd.opcode == 0x200d'], { encoding: 'utf8' });
    expect(commands.status, commands.stderr).toBe(0);
    expect(commands.stdout.trim()).not.toBe('');
    const att = spawnSync('tshark', ['-r', file, '-Y', 'btatt', '-T', 'fields', '-e', 'btatt.opcode', '-e', 'bthci_acl.dst.bd_addr'], { encoding: 'utf8' });
    expect(att.status, att.stderr).toBe(0);
    const opcodes = new Set(att.stdout.trim().split('\n').map((row) => row.split('\t')[0]));
    for (const opcode of ['0x12', '0x13', '0x52', '0x1b']) expect(opcodes).toContain(opcode);
    expect(att.stdout).toContain('f1:a0:00:00:00:01');
  });
});
