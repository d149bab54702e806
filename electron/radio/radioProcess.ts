/**
 * The radio process: noble runs here, not in the Electron main process or the browser host (issue 8,
 * item 8), so a native crash or a hang in the stack cannot take the UI with it. It serves the calls of
 * RadioTransport (radioTransport.ts) over the process channel: `child_process.fork` (process.send) or
 * Electron's `utilityProcess` (process.parentPort). Every call is bounded by NobleTransport and
 * cancellable with a `cancel` message; advertisements are batched. Asked to (`traceH4`), on an HCI
 * binding it forwards the H4 stream for the app's diagnostics trace (h4Forwarder.ts).
 */
import type { Link } from '../transport/transport';
import { NobleTransport } from '../transport/nobleTransport';
import { toFlussError } from '../protocol/errors';
import { bytesSchema, callSchema, radioOptionsSchema, toRadioSchema, type FromRadio, type RadioCall } from './messages';
import { parentChannel } from './channel';
import { H4Forwarder } from './h4Forwarder';
import { clockUs } from '../diagnostics/bleTrace';
import { carriesH4 } from '../transport/noble/h4Tap';

const ADVERT_FLUSH_MS = 50;
const MAX_BATCH = 256;

const channel = parentChannel();
const { traceH4, ...options } = radioOptionsSchema.parse(JSON.parse(process.argv[2] ?? '{}'));
// The app's diagnostics trace: the H4 stream, redacted here, batched and bounded (h4Forwarder.ts).
const h4 = traceH4 === true ? new H4Forwarder({ send: (batch) => channel.send(batch), clockUs: clockUs() }) : undefined;
// Without a port the binding follows the environment (FLUSS_BLE_BINDING, FLUSS_HCI_UART, ...), inherited from the app.
const transport = new NobleTransport({ ...options, operationTimeoutMs: 30_000, ...(h4 ? { h4Trace: (packet, direction) => h4.push(packet, direction) } : {}) });
const tracesH4 = h4 !== undefined && carriesH4(transport.binding);
const links = new Map<number, Link>();
const subscriptions = new Map<number, () => Promise<void>>();
const running = new Map<number, AbortController>();
let nextLink = 1;
let nextSub = 1;
let batch: FromRadio & { t: 'adverts' } = { t: 'adverts', items: [] };
let flushTimer: NodeJS.Timeout | undefined;

const send = (message: FromRadio) => channel.send(message);
const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');

function flush(): void {
  clearTimeout(flushTimer);
  flushTimer = undefined;
  if (batch.items.length === 0) return;
  send(batch);
  batch = { t: 'adverts', items: [] };
}

function linkOf(id: number): Link {
  const link = links.get(id);
  if (!link) throw toFlussError(new Error(`unknown link ${id}`));
  return link;
}

async function perform(call: RadioCall, signal: AbortSignal): Promise<unknown> {
  switch (call.op) {
    case 'probe':
      await transport.probe(signal);
      return null;
    case 'startScan':
      await transport.startScan(
        ({ manufacturerData, ...ad }) => {
          batch.items.push({ ...ad, rssi: Math.max(-127, Math.min(127, Math.round(ad.rssi))), ...(manufacturerData ? { manufacturerData: b64(manufacturerData) } : {}) });
          if (batch.items.length >= MAX_BATCH) flush();
          else flushTimer ??= setTimeout(flush, ADVERT_FLUSH_MS);
        },
        { serviceUuids: call.serviceUuids, signal },
      );
      return null;
    case 'stopScan':
      await transport.stopScan();
      flush();
      return null;
    case 'connect': {
      const link = await transport.connect(call.address, { signal });
      const id = nextLink++;
      links.set(id, link);
      link.onDisconnect((reason) => {
        links.delete(id);
        send({ t: 'linkLost', link: id, reason });
      });
      return { link: id, address: link.address, mtu: link.mtu };
    }
    case 'read':
      return bytesSchema.parse({ data: b64(await linkOf(call.link).read(call.service, call.characteristic, { signal })) });
    case 'write':
      await linkOf(call.link).write(call.service, call.characteristic, Buffer.from(call.data, 'base64'), { signal, withoutResponse: call.withoutResponse });
      return null;
    case 'subscribe': {
      const sub = nextSub++;
      const off = await linkOf(call.link).subscribe(call.service, call.characteristic, (value) => send({ t: 'notify', sub, value: b64(value) }), { signal });
      subscriptions.set(sub, off);
      return { sub };
    }
    case 'unsubscribe':
      await subscriptions.get(call.sub)?.();
      subscriptions.delete(call.sub);
      return null;
    case 'disconnect':
      await links.get(call.link)?.disconnect();
      links.delete(call.link);
      return null;
    case 'close':
      await transport.close();
      h4?.flush();
      return null;
  }
}

channel.onMessage((raw) => {
  const parsed = toRadioSchema.safeParse(raw);
  if (!parsed.success) return; // not ours, or torn: the caller's own timeout answers it
  const message = parsed.data;
  if (message.t === 'ping') return send({ t: 'pong', n: message.n });
  if (message.t === 'cancel') return running.get(message.id)?.abort();
  if (message.t === 'h4Ack') return h4?.acked(message.seq);
  const controller = new AbortController();
  running.set(message.id, controller);
  const call = callSchema.parse(message.call);
  perform(call, controller.signal).then(
    (value) => send({ t: 'result', id: message.id, ok: true, value: value ?? null }),
    (error: unknown) => send({ t: 'result', id: message.id, ok: false, error: toFlussError(error).toData() }),
  ).finally(() => running.delete(message.id));
});

send({ t: 'ready', tracesH4 });
