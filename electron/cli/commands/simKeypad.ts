/**
 * `fluss sim keypad <intercom> <digits>`: a guest typing at a simulated intercom's physical keypad, for
 * training, support and tests. It goes to the intercom's keypad itself, not over Bluetooth: the same
 * rules, lockout and audit as a person at the door (docs/protocol.md, "Keypad guessing").
 */
import type { Command } from 'commander';
import { FlussError } from '../../protocol/errors';
import type { KeypadOutcome } from '../../protocol/messages';
import type { IntercomModel } from '../../firmware/intercom';
import type { SimSite } from '../../sim/simSite';
import type { CliRunner } from '../runner';

/** What the guest sees at the door, for scripts (`--json`). */
export type KeypadView =
  | { outcome: 'entry' | 'exit'; codeId: string; gate: string; gateName: string | null }
  | { outcome: 'refused'; gateUnreachable: boolean }
  | { outcome: 'locked' };

export function registerSimKeypadCommand(sim: Command, run: CliRunner): void {
  sim
    .command('keypad <intercom> <digits>')
    .description("type a code at a simulated intercom's keypad, as a guest at the door (needs --sim); prints what opened, or refused / locked")
    .addHelpText('after', '\nExample: fluss --sim sim keypad "Front Door" 4711')
    .action((intercomArg: string, digitsText: string) =>
      run(async ({ site, out }) => {
        if (!site) throw new FlussError('INVALID_ARGUMENT', '`fluss sim keypad` needs --sim (without --hci-uart).', 'Add --sim; stop `fluss sim serve` first if it serves the same state file.');
        const digits = parseKeypadDigits(digitsText);
        const intercom = findSimIntercom(site, intercomArg);
        const outcome = await intercom.keypad(digits);
        // The simulated intercom stays "on" between runs: what it counted in memory goes to its flash now.
        intercom.settle();
        const view = keypadView(outcome, site);
        out.result(view, () => describeKeypad(view));
      }),
    );
}

/**
 * The keypad has ten digit keys and takes 4 of them. The digits are never echoed: a near miss of a real
 * code is as secret as the code.
 */
export function parseKeypadDigits(text: string): string {
  const trimmed = text.trim();
  if (!/^[0-9]{4}$/.test(trimmed)) throw new FlussError('INVALID_VALUE', 'A keypad code is 4 digits (0-9).', 'Type the 4 digits of the code, for example 4711.');
  return trimmed;
}

/** The site's intercom named by its name (any case) or device id. */
export function findSimIntercom(site: SimSite, nameOrId: string): IntercomModel {
  const wanted = nameOrId.trim().toLowerCase();
  const device = site.options.site.devices.find((d) => d.deviceId === wanted || d.name.toLowerCase() === wanted);
  const intercom = device === undefined ? undefined : site.intercom(device.deviceId);
  if (intercom !== undefined) return intercom;
  const names = site.options.site.devices.filter((d) => d.kind === 'intercom').map((d) => d.name);
  throw new FlussError(
    'DEVICE_NOT_FOUND',
    device === undefined ? `The simulated site has no intercom "${nameOrId.slice(0, 64)}".` : `${device.name} is a gate; only an intercom has a keypad.`,
    `Its intercoms: ${names.join(', ')}.`,
  );
}

function keypadView(outcome: KeypadOutcome, site: SimSite): KeypadView {
  if (outcome.outcome === 'refused') return outcome.reason === 'locked' ? { outcome: 'locked' } : { outcome: 'refused', gateUnreachable: outcome.reason === 'gate-unreachable' };
  const gateName = site.options.site.devices.find((d) => d.deviceId === outcome.gate)?.name ?? null;
  return { outcome: outcome.outcome, codeId: outcome.codeId, gate: outcome.gate, gateName };
}

function describeKeypad(view: KeypadView): string {
  switch (view.outcome) {
    case 'entry':
    case 'exit':
      return `${view.outcome === 'entry' ? 'Entry' : 'Exit'} Device opened: ${view.gateName ?? 'gate'} (${view.gate}), code ${view.codeId}.`;
    case 'refused':
      // The keypad tells a guest no more than this: not whether the code ever existed.
      return view.gateUnreachable ? 'Refused: the code is valid but its gate did not answer; try again.' : 'Refused.';
    case 'locked':
      return 'Locked: the keypad refuses every code until its lock ends or the owner clears it.';
  }
}
