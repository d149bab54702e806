/**
 * A real Linux Secret Service for tests: a private session bus (dbus-run-session) with gnome-keyring's
 * secrets component, unlocked with a throw-away password, in a throw-away HOME, so the tests never touch
 * the developer's keyring. Processes given `env` talk to it. Under CI=true a missing tool fails the test;
 * elsewhere the caller skips, printing why.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface SecretService {
  /** Environment variables that point a process at this Secret Service. */
  env: Record<string, string>;
  /** `secret-tool lookup service <service> username <account>`: what the keyring holds, read by libsecret. */
  lookup(service: string, account: string): string | undefined;
  /** The accounts stored under `service`. */
  accounts(service: string): string[];
  stop(): Promise<void>;
}

const TOOLS = ['dbus-run-session', 'dbus-send', 'gnome-keyring-daemon', 'secret-tool'];
const START_TIMEOUT_MS = 15_000;

/** Why a real Secret Service cannot run here, or undefined when it can. Throws under CI. */
export function secretServiceMissing(): string | undefined {
  const missing = process.platform !== 'linux' ? ['Linux'] : TOOLS.filter((tool) => spawnSync('sh', ['-c', `command -v ${tool}`]).status !== 0);
  if (missing.length === 0) return undefined;
  const why = `A real Secret Service needs ${missing.join(', ')} (apt-get install gnome-keyring dbus dbus-x11 libsecret-tools; .ci/run installs them).`;
  if (process.env.CI) throw new Error(why);
  return why;
}

export async function startSecretService(): Promise<SecretService> {
  const home = mkdtempSync(join(tmpdir(), 'fluss-keyring-'));
  const runtime = join(home, 'run');
  mkdirSync(runtime, { mode: 0o700 });
  const base = { HOME: home, XDG_DATA_HOME: join(home, 'data'), XDG_RUNTIME_DIR: runtime };
  // The daemon reads the login keyring's password on stdin; `cat` then holds the session open until
  // stop() closes its stdin. The daemon leaves when its bus goes away.
  const script = [
    'printf %s "$FLUSS_TEST_KEYRING_PASSWORD" | gnome-keyring-daemon --unlock --components=secrets >/dev/null || exit 1',
    // The daemon claims its bus name after the command returns; asking NameHasOwner does not activate a second one.
    'i=0; until dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets | grep -q true; do i=$((i+1)); [ $i -gt 100 ] && exit 1; sleep 0.1; done',
    'pid=$(dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus org.freedesktop.DBus.GetConnectionUnixProcessID string:org.freedesktop.secrets | sed -n "s/.*uint32 //p")',
    'echo "KEYRING_PID=$pid BUS=$DBUS_SESSION_BUS_ADDRESS"',
    'exec cat >/dev/null',
  ].join('\n');
  const child: ChildProcess = spawn('dbus-run-session', ['--', 'sh', '-c', script], {
    env: { ...process.env, ...base, FLUSS_TEST_KEYRING_PASSWORD: 'throw-away test keyring' },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let output = '';
  const ready = await new Promise<{ bus: string; pid: number }>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`The Secret Service did not start within ${START_TIMEOUT_MS / 1000} s:\n${output}`)), START_TIMEOUT_MS);
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /KEYRING_PID=(\d+) BUS=(\S+)/.exec(output);
      if (match?.[1] && match[2]) {
        clearTimeout(timer);
        resolve({ pid: Number(match[1]), bus: match[2] });
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`dbus-run-session exited (code ${String(code)}) before the Secret Service was ready:\n${output}`));
    });
  });
  const env = { ...base, DBUS_SESSION_BUS_ADDRESS: ready.bus };
  const secretTool = (...args: string[]) => spawnSync('secret-tool', args, { env: { ...process.env, ...env }, encoding: 'utf8', timeout: 10_000 });
  return {
    env,
    lookup(service, account) {
      const result = secretTool('lookup', 'service', service, 'username', account);
      return result.status === 0 ? result.stdout : undefined;
    },
    accounts(service) {
      const result = secretTool('search', '--all', 'service', service);
      return [...`${result.stdout}\n${result.stderr}`.matchAll(/attribute\.username = (\S+)/g)].map((m) => m[1] ?? '');
    },
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise<boolean>((r) => child.once('exit', () => r(true)));
        child.stdin?.end();
        const ended = await Promise.race([exited, new Promise<boolean>((r) => setTimeout(() => r(false), 5_000))]);
        if (!ended) child.kill('SIGKILL');
      }
      // The daemon we started, should it outlive its bus (checked by name: its pid may be reused).
      if (readComm(ready.pid)?.startsWith('gnome-keyring')) process.kill(ready.pid, 'SIGTERM');
      rmSync(home, { recursive: true, force: true });
    },
  };
}

function readComm(pid: number): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
  } catch {
    return undefined;
  }
}
