/**
 * `fluss sim keypad`, run as a child process against a --sim-state file the way a technician or a
 * script would (security issue #9, finding 5): the guess budget measured at the simulated keypad.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { guessRisk } from '../../electron/firmware/guessRisk';
import { KEYPAD_HARD_BUDGET } from '../../electron/firmware/keypadLockout';
import { fluss } from '../helpers/cli';
import { tempDir } from '../helpers/demo';

let dataDir: string;
let state: string;
beforeEach(() => {
  dataDir = tempDir();
  state = join(dataDir, 'state.json');
});

const sim = (...args: string[]) => fluss(['--sim', '--sim-state', state, ...args], dataDir);
const simJson = async (...args: string[]) => {
  const result = await fluss(['--sim', '--sim-state', state, '--json', ...args], dataDir);
  if (result.code !== 0) throw new Error(`fluss ${args.join(' ')} exited ${result.code}: ${result.stderr}`);
  return result.json();
};
const keypad = async (digits: string) => simJson('sim', 'keypad', 'Front Door', digits) as Promise<{ outcome: string }>;
const createCode = async () => ((await simJson('codes', 'create', 'Front Door')) as { digits: string }).digits;

describe('fluss sim keypad', () => {
  it('prints Entry Device opened, Exit Device opened, then refused, without the digits', async () => {
    expect((await sim('settings', 'set', 'Front Door', '--entry', 'Main Gate', '--exit', 'Garage')).code).toBe(0);
    const digits = await createCode();
    const entry = await sim('sim', 'keypad', 'Front Door', digits);
    expect(entry.code).toBe(0);
    expect(entry.stdout).toMatch(/^Entry Device opened: Main Gate \(f16000000001\)/);
    expect((await sim('sim', 'keypad', 'front door', digits)).stdout).toMatch(/^Exit Device opened: Garage \(f16000000002\)/);
    const third = await sim('sim', 'keypad', 'f1a000000001', digits);
    expect(third.stdout.trim()).toBe('Refused.');
    for (const out of [entry, third]) expect(out.stdout + out.stderr).not.toContain(digits);
    // The digits stay out of the plain state file too.
    expect(JSON.stringify((JSON.parse(readFileSync(state, 'utf8')) as { devices?: unknown }).devices ?? '')).not.toMatch(new RegExp(`"${digits}"`));
  });

  it('refuses bad arguments with a clear error and exit code', async () => {
    const short = await sim('sim', 'keypad', 'Front Door', '12a');
    expect(short.code).toBe(2);
    expect(short.stderr).toMatch(/4 digits/);
    expect(short.stderr).not.toContain('12a');
    const gate = await sim('sim', 'keypad', 'Main Gate', '4711');
    expect(gate.code).toBe(3);
    expect(gate.stderr).toMatch(/gate/);
  });

  it(`measures the guess budget: ${KEYPAD_HARD_BUDGET} wrong codes, an ended code among them, then locked even for a live code`, async () => {
    expect((await sim('settings', 'set', 'Front Door', '--entry', 'Main Gate', '--max-users', '10', '--duration', '24')).code).toBe(0);
    const ended = await createCode();
    await keypad(ended);
    await keypad(ended);
    const live = await createCode();
    // An ended code looks exactly like digits never issued, and counts.
    const guesses = [ended, ...Array.from({ length: 40 }, (_, i) => String(1357 + i * 211).padStart(4, '0').slice(-4))].filter((d, i) => i === 0 || (d !== ended && d !== live));
    const outcomes: string[] = [];
    let counted = 0;
    let waits = 0;
    for (const guess of guesses) {
      let outcome = (await keypad(guess)).outcome;
      // A guesser waits out each timed lock (at most 1 h) and types the guess again.
      while (outcome === 'locked' && waits < 2) {
        expect((await sim('sim', 'advance', '1h')).code).toBe(0);
        waits += 1;
        outcome = (await keypad(guess)).outcome;
      }
      outcomes.push(outcome);
      if (outcome === 'locked') break;
      waits = 0;
      expect(outcome).toBe('refused');
      counted += 1;
    }
    expect(outcomes[0]).toBe('refused');
    expect(counted).toBe(KEYPAD_HARD_BUDGET);
    expect(guessRisk(10, counted)).toBeLessThanOrEqual(0.01);
    // The hard lock: even the live code is refused as locked, however long one waits.
    expect((await sim('sim', 'advance', '6h')).code).toBe(0);
    expect(await keypad(live)).toEqual({ outcome: 'locked' });
    // The owner's log keeps the use and the locks, and counts the locked entries instead of listing them.
    const audit = (await simJson('audit', 'Front Door')) as { entries: { type: string; detail: Record<string, unknown> }[] };
    const types = audit.entries.map((e) => e.type);
    for (const type of ['code.used', 'keypad.lockout', 'keypad.hardLocked', 'settings.changed']) expect(types).toContain(type);
    expect(audit.entries.filter((e) => e.type === 'code.refused').map((e) => e.detail.reason)).toEqual(['ended', ...Array<string>(KEYPAD_HARD_BUDGET - 1).fill('unknown')]);
    expect(audit.entries.filter((e) => e.type === 'keypad.refusedWhileLocked').reduce((n, e) => n + Number(e.detail.count), 0)).toBeGreaterThanOrEqual(3);
  }, 180_000);
});
