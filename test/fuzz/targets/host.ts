/**
 * Fuzz targets for what a renderer or browser page sends: the browser host's WebSocket frames
 * (ipcEnvelope.ts) and every invoke channel's payload schema, through the same dispatch both hosts use.
 * The handlers stand in for the services and only record that they ran: a payload that reaches one
 * must have matched its channel's schema.
 */
import { parseFrame } from '../../../electron/host/ipcEnvelope';
import { INVOKE_CHANNELS, requestSchemas, type InvokeChannel } from '../../../electron/ipc/contract';
import { dispatch, type Handlers } from '../../../electron/services/dispatch';
import { asText, firstProblem, json, resultProblem, type FuzzTarget } from '../target';

const DEVICE = 'f1a000000001';
/** A valid payload of every channel. */
const PAYLOADS: Record<InvokeChannel, unknown> = {
  'app.status': {},
  'scan.start': {},
  'scan.stop': {},
  'device.info': { deviceId: DEVICE },
  'intercom.open': { deviceId: DEVICE, role: 'shared' },
  'intercom.close': { deviceId: DEVICE },
  'settings.get': { deviceId: DEVICE },
  'settings.save': { deviceId: DEVICE, baseRevision: 3, settings: { entryDevice: 'f16000000001', exitDevice: 'same', maxUsers: 5, inviteDurationHours: 24 } },
  'codes.list': { deviceId: DEVICE },
  'codes.create': { deviceId: DEVICE },
  'codes.revoke': { deviceId: DEVICE, codeId: '0a1b2c3d' },
  'codes.label': { deviceId: DEVICE, codeId: '0a1b2c3d', label: 'Anna, plumber' },
  'gate.identify': { deviceId: 'f16000000001' },
  'testFire.start': { deviceId: DEVICE, mode: 'diagnostic' },
  'testFire.cancel': { runId: '0123456789abcdef' },
  'setup.claim': { deviceId: DEVICE, setupKey: 'd34e-1930-3fdf-180c-472f-ae12-13eb-49f1', replaceExisting: false },
  'users.list': { deviceId: DEVICE },
  'users.add': { deviceId: DEVICE, label: 'Anna, plumber' },
  'users.remove': { deviceId: DEVICE, userId: 'anna' },
  'access.inspect': { inviteText: '{}', source: 'qr' },
  'access.import': { inviteText: '{}', passphrase: 'abcd-efgh-ijkl-mnop-qrst', replaceExisting: false },
  'audit.read': { deviceId: DEVICE, fromSeq: 0 },
  'report.save': { deviceId: DEVICE, siteName: 'Harbour View' },
  'report.key': {},
  'diagnostics.save': {},
  'site.list': {},
  'site.checkAll': {},
  'commission.get': { deviceId: DEVICE },
  'commission.start': { deviceId: DEVICE },
  'commission.gates': { deviceId: DEVICE, entryDevice: 'f16000000001', exitDevice: 'same' },
  'prefs.get': {},
  'prefs.set': { technicianName: 'Ana', showOtherDevices: true },
};

/** Handlers that check what reaches them matched its schema (dispatch's promise) and answer ok. */
function checkingHandlers(): { handlers: Handlers; problems: string[] } {
  const problems: string[] = [];
  const handlers = Object.fromEntries(
    INVOKE_CHANNELS.map((channel) => [
      channel,
      (request: unknown) => {
        if (!requestSchemas[channel].safeParse(request).success) problems.push(`${channel} handler got a payload its schema refuses`);
        return Promise.resolve({ ok: true as const, value: null });
      },
    ]),
  ) as unknown as Handlers;
  return { handlers, problems };
}

function envelope(): FuzzTarget {
  return {
    name: 'ipc.envelope',
    seeds: [json({ ready: true }), ...INVOKE_CHANNELS.map((channel, id) => json({ id, channel, request: PAYLOADS[channel] })), json({ id: 1, channel: { toString: 1 } })],
    run(input) {
      const frame = parseFrame(asText(input));
      if (frame.kind === 'invalid') return resultProblem({ ok: false, error: frame.error }, 'parseFrame');
      if (frame.kind === 'call' && (typeof frame.channel !== 'string' || !Number.isSafeInteger(frame.id))) return 'parseFrame let through a call with a bad id or channel';
      return undefined;
    },
  };
}

function payloads(): FuzzTarget {
  const { handlers, problems } = checkingHandlers();
  return {
    name: 'ipc.dispatch',
    seeds: [...INVOKE_CHANNELS.map((channel, id) => json({ id, channel, request: PAYLOADS[channel] })), json({ channel: { toString: 1 }, request: {} })],
    async run(input) {
      const text = asText(input);
      let value: unknown = text;
      try {
        value = JSON.parse(text);
      } catch {
        // not JSON: dispatch the text itself as a payload, as a careless caller might
      }
      const call = typeof value === 'object' && value !== null ? (value as { channel?: unknown; request?: unknown }) : { channel: 'settings.save', request: value };
      // Straight to dispatch (what Electron's ipcMain hands it), and through the browser host's envelope.
      const direct = resultProblem(await dispatch(handlers, call.channel, call.request), 'dispatch');
      const frame = parseFrame(text);
      const viaHost = frame.kind === 'call' ? resultProblem(await dispatch(handlers, frame.channel, frame.request), 'dispatch(host)') : undefined;
      return firstProblem(direct, viaHost, problems.shift());
    },
  };
}

export function hostTargets(): FuzzTarget[] {
  return [envelope(), payloads()];
}
