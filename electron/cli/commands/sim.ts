import { spawn, type ChildProcess } from 'node:child_process';
import type { Command } from 'commander';
import { FlussError } from '../../protocol/errors';
import { parseDuration } from '../numberArgs';
import type { GlobalOptions } from '../context';
import type { Output } from '../output';
import type { CliRunner, PlainRunner } from '../runner';
import { registerSimKeypadCommand } from './simKeypad';

/** What `fluss sim serve` prints on stderr once every device advertises (`fluss sim hci` waits for it). */
export const SERVE_READY = /^Serving (\d+) devices?/m;

export function registerSimCommands(program: Command, run: CliRunner, runPlain: PlainRunner, globals: () => GlobalOptions): void {
  const sim = program.command('sim').description('the simulated site (with --sim), and hosting it over real Bluetooth stacks');
  sim
    .command('advance <duration>')
    .description('move the simulated clock forward, e.g. 13h, to watch codes expire')
    .action((durationText: string) =>
      run(async ({ site, out }) => {
        if (!site) throw new FlussError('INVALID_ARGUMENT', '`fluss sim advance` needs --sim (without --hci-uart).', 'Add --sim; stop `fluss sim serve` first if it serves the same state file.');
        const ms = parseDuration(durationText);
        site.advanceClock(ms);
        out.result({ clockOffsetMs: site.clock.offset, now: site.clock.now() }, () => `Simulated time is now ${new Date(site.clock.now()).toLocaleString()}.`);
        return Promise.resolve();
      }),
    );

  registerSimKeypadCommand(sim, run);

  sim
    .command('serve [site]')
    .description("host the site's devices as real BLE peripherals, in order, one per --hci-uart port; runs until Ctrl+C")
    .addHelpText('after', '\nExample: fluss sim serve site.json --hci-uart /dev/ttyACM0 --hci-uart /dev/ttyACM1 --sim-state bench.json')
    .option('--stop-on-stdin-close', 'also stop when standard input closes (for a parent process)')
    .action((siteArg: string | undefined, opts: { stopOnStdinClose?: boolean }) =>
      runPlain(async (out) => {
        // Loaded here, not at start-up: bleno is for this command only (`fluss --sim ...` never loads it).
        const [{ SimSite }, { defaultSimStatePath }, { hostSite }, { loadSite }] = await Promise.all([
          import('../../sim/simSite'),
          import('../../sim/simState'),
          import('../../sim/siteHost'),
          import('../../sim/siteFile'),
        ]);
        const g = globals();
        const site = loadSite(siteArg ?? (typeof g.sim === 'string' ? g.sim : undefined));
        const statePath = g.simState ?? defaultSimStatePath();
        const simSite = new SimSite({ site, statePath });
        for (const notice of simSite.notices) out.warn(`The simulator's state file was unreadable (${notice.reason}); it was set aside at ${notice.path}.`);
        const host = await hostSite(simSite, g.hciUart ?? []);
        for (const d of host.devices) out.progress(`${d.name} (${d.address}) advertises on ${d.port}`);
        if (host.skipped.length > 0) out.warn(`Not hosted (one --hci-uart per device): ${host.skipped.join(', ')}.`);
        out.progress(`Serving ${host.devices.length} device${host.devices.length === 1 ? '' : 's'} of ${site.name}; state in ${statePath}. Stop with Ctrl+C.`);
        const reason = await stopSignal(opts.stopOnStdinClose === true);
        host.stop();
        simSite.persist();
        out.progress(`Stopped (${reason}).`);
        exitSoon();
      }),
    );

  sim
    .command('hci [site]')
    .description('run the whole real stack without hardware: virtual HCI controllers on socat ptys with `fluss sim serve` on them; prints the HCI UART port for the app and CLI')
    .action((siteArg: string | undefined) =>
      runPlain(async (out) => {
        const [{ startControllerSet }, { deviceAddress, siteBeacons }, { loadSite }] = await Promise.all([
          import('../../hci/controllerSet'),
          import('../../sim/siteHost'),
          import('../../sim/siteFile'),
        ]);
        const g = globals();
        const siteFile = siteArg ?? (typeof g.sim === 'string' ? g.sim : undefined);
        const site = loadSite(siteFile);
        const { connectionIntervalMs, advertisingIntervalMs } = site.radio;
        const set = await startControllerSet(
          site.devices.map((d, i) => ({ name: `dev${i}`, address: deviceAddress(d.deviceId), rssi: d.rssi })),
          siteBeacons(site),
          { air: { advertisingIntervalMs, ...(connectionIntervalMs > 0 ? { connectionIntervalMs: Math.max(7.5, connectionIntervalMs) } : {}) } },
        );
        let serve: ChildProcess | undefined;
        try {
          const script = process.argv[1] ?? '';
          const args = [
            script,
            ...(siteFile === undefined ? ['--sim'] : ['--site', siteFile]),
            ...(g.simState === undefined ? [] : ['--sim-state', g.simState]),
            'sim',
            'serve',
            '--stop-on-stdin-close',
            ...set.ports.flatMap((port) => ['--hci-uart', port]),
          ];
          serve = spawn(process.execPath, args, { stdio: ['pipe', 'ignore', 'pipe'] });
          const child = serve;
          await waitForReady(child, out, 30_000);
          const pids = { hci: process.pid, serve: child.pid ?? 0, socat: set.pids };
          out.result(
            { central: set.central, devices: site.devices.map((d, i) => ({ name: d.name, address: deviceAddress(d.deviceId), port: set.ports[i] })), pids, dir: set.dir },
            () =>
              [
                ...site.devices.map((d, i) => `${d.name.padEnd(16)} ${deviceAddress(d.deviceId)}  ${set.ports[i] ?? ''}`),
                `PIDs: fluss sim serve ${pids.serve}; socat ${pids.socat.join(' ')}`,
                `HCI UART for the app: ${set.central}`,
                `Try: npx fluss --hci-uart ${set.central} --sim scan`,
              ].join('\n'),
          );
          const exited = new Promise<string>((resolve) => child.once('exit', (code, signal) => resolve(`fluss sim serve exited (${signal ?? `code ${code ?? '?'}`})`)));
          const stop = stopSignal(false);
          const reason = await Promise.race([stop, exited]);
          if (reason.startsWith('fluss sim serve exited')) {
            // The devices' host died: their controllers go down with it, so a connected app sees its links
            // end by supervision timeout (HCI reason 0x08), as with a real device that lost power.
            for (const controller of set.devices) controller.powerOff();
            out.warn(`${reason}: the devices are off the air; connected apps see their links time out. Press Ctrl+C to stop.`);
            await stop;
            throw new FlussError('INTERNAL', `${reason} while the controllers were running.`, 'See its messages above.');
          }
          out.progress(`Stopping (${reason})…`);
        } finally {
          if (serve) await stopChild(serve);
          await set.close();
          exitSoon();
        }
      }),
    );
}

/** Resolves with the reason once SIGINT or SIGTERM arrives (or standard input closes, when asked). */
function stopSignal(onStdinClose: boolean): Promise<string> {
  return new Promise((resolve) => {
    const done = (reason: string) => {
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
      process.stdin.off('end', onEnd);
      process.stdin.off('close', onEnd);
      if (onStdinClose) process.stdin.pause();
      resolve(reason);
    };
    const onInt = () => done('SIGINT');
    const onTerm = () => done('SIGTERM');
    const onEnd = () => done('standard input closed');
    process.once('SIGINT', onInt);
    process.once('SIGTERM', onTerm);
    if (onStdinClose) {
      process.stdin.once('end', onEnd);
      process.stdin.once('close', onEnd);
      process.stdin.resume();
    }
  });
}

/** Forwards the child's stderr and resolves once it reports it is serving. */
function waitForReady(child: ChildProcess, out: Output, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    let buffered = '';
    let ready = false;
    const timer = setTimeout(() => finish(new FlussError('TIMEOUT', `fluss sim serve did not start within ${timeoutMs / 1000} s.`)), timeoutMs);
    const finish = (error?: Error) => {
      clearTimeout(timer);
      child.off('exit', onExit);
      if (error) reject(error);
      else resolve();
    };
    const onExit = (code: number | null) => finish(new FlussError('INTERNAL', `fluss sim serve exited (code ${code ?? '?'}) before it was serving.`, 'See its messages above.'));
    child.stderr?.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) {
        out.progress(`serve: ${line}`);
        if (!ready && SERVE_READY.test(line)) {
          ready = true;
          finish();
        }
      }
    });
    child.once('exit', onExit);
  });
}

/** Stops a child by its PID: stdin closed and SIGTERM, then SIGKILL after 5 s. */
async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.stdin?.end();
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}

/** The stacks are stopped; should a native handle still hold the event loop, leave anyway shortly. */
function exitSoon(): void {
  setTimeout(() => process.exit(), 2_000).unref();
}
