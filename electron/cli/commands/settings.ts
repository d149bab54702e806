import type { Command } from 'commander';
import { FlussError } from '../../protocol/errors';
import type { SettingsChange } from '../../core/settingsWrite';
import type { AccessSettings, SettingsSnapshot } from '../../protocol/messages';
import { SAME_AS_ENTRY } from '../../protocol/accessRules';
import { parseInviteHours, parseMaxUsers } from '../numberArgs';
import type { CliContext } from '../context';
import { table } from '../output';
import type { CliRunner } from '../runner';

interface SetOptions {
  entry?: string;
  exit?: string;
  maxUsers?: string;
  duration?: string;
}

export function registerSettingsCommands(program: Command, run: CliRunner): void {
  const settings = program.command('settings').description('One Time Access Settings of an intercom');

  settings
    .command('get <device>')
    .description('show Entry Device, Exit Device, Max Users and Invite Duration')
    .action((device: string) =>
      run(async (context) => {
        const snapshot = await context.commissioner.withIntercom(device, { role: context.role }, (s) => s.getSettings());
        const names = context.out.json ? new Map<string, string>() : await gateNames(context, snapshot.settings);
        context.out.result(snapshot, () => humanSettings(snapshot, names));
      }),
    );

  settings
    .command('set <device>')
    .description('change One Time Access Settings (saved atomically, then read back)')
    .option('--entry <gate>', 'Entry Device: a gate name or id, or "none" to clear it')
    .option('--exit <gate>', `Exit Device: a gate name or id, or "${SAME_AS_ENTRY}" for Same as entry`)
    .option('--max-users <n>', 'Max Users: 1, 2, 5, 10, 25 or 50')
    .option('--duration <hours>', 'Invite Duration in hours: 1 to 24')
    .action((device: string, opts: SetOptions) =>
      run(async (context) => {
        // Values are checked before any radio work: a typo should not cost a connection.
        if (Object.values(opts).every((value) => value === undefined)) {
          throw new FlussError('INVALID_ARGUMENT', 'Nothing to change: nothing was saved.', 'Give --entry, --exit, --max-users or --duration.');
        }
        const change: SettingsChange = {
          ...(opts.maxUsers === undefined ? {} : { maxUsers: parseMaxUsers(opts.maxUsers) }),
          ...(opts.duration === undefined ? {} : { inviteDurationHours: parseInviteHours(opts.duration) }),
        };
        if (opts.entry !== undefined) change.entryDevice = opts.entry.toLowerCase() === 'none' ? null : await gateId(context, opts.entry);
        if (opts.exit !== undefined) change.exitDevice = opts.exit.toLowerCase() === SAME_AS_ENTRY ? SAME_AS_ENTRY : await gateId(context, opts.exit);
        context.out.progress('Reading the settings…');
        const saved = await context.commissioner.saveSettings(device, change, {
          role: context.role,
          onProgress: (p) => context.out.progress(p.phase === 'verifying' ? 'Reading back…' : p.phase === 'retrying' ? `No answer; reconnecting and asking again (${p.attempt})…` : 'Saving…'),
        });
        const names = context.out.json ? new Map<string, string>() : await gateNames(context, saved.settings);
        context.out.result(saved, () => `Saved and read back (revision ${saved.revision}).\n${humanSettings(saved, names)}`);
      }),
    );
}

async function gateId(context: CliContext, reference: string): Promise<string> {
  const gate = await context.commissioner.find(reference, 'gate');
  return gate.deviceId ?? gate.key;
}

/** The longest wait for a chosen gate the scans have not heard yet; one not heard by then shows its id. */
const NAME_LOOKUP_MS = 1500;

/**
 * The advertised names of the chosen gates, for people (--json keeps the ids), from what the scans of
 * this run heard: finding the intercom usually heard its gates too. Gates not heard yet are listened for
 * together, only until each is heard.
 */
async function gateNames({ commissioner }: CliContext, settings: AccessSettings): Promise<Map<string, string>> {
  const ids = [...new Set([settings.entryDevice, settings.exitDevice].filter((id): id is string => id !== null && id !== SAME_AS_ENTRY))];
  const unheard = ids.filter((id) => !commissioner.heard.get(id));
  if (unheard.length > 0) {
    await commissioner.scan(NAME_LOOKUP_MS, { until: (devices) => unheard.every((id) => devices.some((d) => d.key === id)) }).catch(() => undefined);
  }
  const names = new Map<string, string>();
  for (const id of ids) {
    const gate = commissioner.heard.get(id);
    names.set(id, gate ? `${gate.name} (${id})` : `${id} (not heard nearby)`);
  }
  return names;
}

function humanSettings({ settings, revision }: SettingsSnapshot, names: Map<string, string>): string {
  const gate = (id: string) => names.get(id) ?? id;
  return table([
    ['Entry Device', settings.entryDevice === null ? 'not set' : gate(settings.entryDevice)],
    ['Exit Device', settings.exitDevice === SAME_AS_ENTRY ? 'Same as entry' : gate(settings.exitDevice)],
    ['Max Users', String(settings.maxUsers)],
    ['Invite Duration', `${settings.inviteDurationHours} hours`],
    ['Revision', String(revision)],
  ]);
}
