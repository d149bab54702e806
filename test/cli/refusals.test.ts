/**
 * The CLI's answers to wrong input, as real child processes on the simulated demo site: usage errors and
 * refused values print the JSON error document with --json, nothing is written when nothing is asked,
 * and a device of the other kind is named as such at once.
 */
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { fluss } from '../helpers/cli';
import { tempDir } from '../helpers/demo';

let dataDir: string;
let state: string;
beforeEach(() => {
  dataDir = tempDir();
  state = join(dataDir, 'state.json');
});

const sim = (...args: string[]) => fluss(['--sim', '--sim-state', state, ...args], dataDir);
const simJson = (...args: string[]) => fluss(['--sim', '--sim-state', state, '--json', ...args], dataDir);

interface ErrorDocument {
  error: { code: string; message: string; hint?: string };
}

describe('stdout carries only the JSON document', () => {
  it('noble\'s warnings go to stderr: --hci 0 --json scan and doctor --json print valid JSON', async () => {
    // Without an hci0 noble prints "noble warning: adapter does not support ..." through console.log.
    for (const args of [['--hci', '0', '--json', 'scan'], ['--hci', '0', '--json', 'doctor', '--timeout', '1']]) {
      const result = await fluss(args, dataDir, 20_000, { FLUSS_ADAPTER_TIMEOUT_MS: '1000' });
      expect(() => result.json(), `stdout of fluss ${args.join(' ')}:\n${result.stdout}`).not.toThrow();
      expect(result.stdout).not.toMatch(/noble/);
    }
  }, 45_000);
});

describe('usage errors with --json', () => {
  it.each([
    ['an unknown command', ['bogus'], /Unknown command 'bogus'/],
    ['a missing argument', ['settings', 'get'], /Missing required argument 'device'/],
    ['a missing option value', ['settings', 'set', 'Front Door', '--max-users'], /'--max-users <n>' argument missing/],
    ['an unknown option', ['scan', '--bogus'], /Unknown option '--bogus'/],
  ])('%s prints the JSON error document and exits 2', async (_what, args, message) => {
    const result = await simJson(...args);
    expect(result.code).toBe(2);
    const { error } = result.json() as ErrorDocument;
    expect(error.code).toBe('INVALID_ARGUMENT');
    expect(error.message).toMatch(message);
    expect(error.hint).toMatch(/fluss --help/);
    expect(result.stderr).toMatch(/see fluss --help/);
  });

  it('a refused value prints the same document', async () => {
    const result = await simJson('settings', 'set', 'Front Door', '--max-users', '7');
    expect(result.code).toBe(2);
    expect((result.json() as ErrorDocument).error.code).toBe('INVALID_VALUE');
  });
});

describe('refused before anything is written', () => {
  it('settings set with no options changes nothing: same revision, no audit entry', async () => {
    const result = await simJson('settings', 'set', 'Front Door');
    expect(result.code).toBe(2);
    expect((result.json() as ErrorDocument).error.message).toMatch(/Nothing to change/);
    const get = await simJson('settings', 'get', 'Front Door');
    expect((get.json() as { revision: number }).revision).toBe(0);
    const audit = (await simJson('audit', 'Front Door')).json() as { entries: { type: string }[] };
    expect(audit.entries.filter((e) => e.type === 'settings.changed')).toEqual([]);
  }, 45_000);

  it('audit --from abc is refused, not read as 0', async () => {
    for (const from of ['abc', '-1', '1.5']) {
      const result = await simJson('audit', 'Front Door', '--from', from);
      expect(result.code).toBe(2);
      expect((result.json() as ErrorDocument).error.message).toMatch(/--from must be a sequence number/);
    }
    expect((await sim('audit', 'Front Door', '--from', '0')).code).toBe(0);
    for (const limit of ['0', 'abc', '5000']) {
      const result = await simJson('audit', 'Front Door', '--limit', limit);
      expect(result.code).toBe(2);
      expect((result.json() as ErrorDocument).error.message).toMatch(/--limit must be a whole number from 1 to 1200/);
    }
    const both = await simJson('audit', 'Front Door', '--csv');
    expect(both.code).toBe(2);
    expect((both.json() as ErrorDocument).error.message).toMatch(/--csv or --json/);
  }, 60_000);

  it('audit prints the log in words, and as CSV for a spreadsheet', async () => {
    expect((await sim('settings', 'set', 'Front Door', '--max-users', '5')).code).toBe(0);
    expect((await sim('sim', 'keypad', 'Front Door', '0000')).code).toBeLessThan(2);
    const text = await sim('audit', 'Front Door');
    expect(text.stdout).toMatch(/^SEQ\s+TIME\s+WHAT$/m);
    expect(text.stdout).toMatch(/You changed One Time Access Settings: Max Users 5/);
    expect(text.stdout).toMatch(/A wrong code was typed at the keypad/);
    const csv = await sim('audit', 'Front Door', '--csv');
    const lines = csv.stdout.trimEnd().split('\r\n');
    expect(lines[0]).toBe('Seq,Time (UTC),Kind,Who,What,Type');
    expect(lines[1]).toMatch(/^1,\d{4}-\d\d-\d\dT[^,]+Z,Settings,You,You changed One Time Access Settings: Max Users 5,settings\.changed$/);
    expect(lines[2]).toMatch(/,Keypad,Someone at the keypad,A wrong code was typed at the keypad,code\.refused$/);
    const limited = await simJson('audit', 'Front Door', '--limit', '1');
    expect(limited.json()).toMatchObject({ entries: [{ seq: 1 }], next: 2 });
  }, 60_000);

  it('doctor --timeout abc is refused', async () => {
    const result = await fluss(['--hci-uart', join(dataDir, 'no-such-port'), 'doctor', '--timeout', 'abc'], dataDir);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--timeout must be a number of seconds/);
  });
});

describe('a device of the other kind', () => {
  it('settings get "Main Gate" says it is a gate', async () => {
    const result = await sim('settings', 'get', 'Main Gate');
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/"Main Gate" is a gate, not an intercom/);
  });

  it('identify "Front Door" says it is an intercom, by name and by id', async () => {
    const byName = await sim('identify', 'Front Door');
    expect(byName.code).toBe(2);
    expect(byName.stderr).toMatch(/"Front Door" is an intercom, not a gate/);
    const byId = await simJson('identify', 'f1a000000001');
    expect((byId.json() as ErrorDocument).error.message).toMatch(/Front Door \(f1a000000001\) is an intercom, not a gate/);
  }, 45_000);

  it('settings set --entry "New Intercom" says it is not a gate', async () => {
    const result = await sim('settings', 'set', 'Front Door', '--entry', 'New Intercom');
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/"New Intercom" is an intercom, not a gate/);
  });

  it('an unrelated advertiser is not a Fluss+ device', async () => {
    const result = await sim('info', 'Pixel 8');
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/Pixel 8.* is not a Fluss\+ device/);
  });
});
