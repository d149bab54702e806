import type { Command } from 'commander';
import { table } from '../output';
import type { CliRunner } from '../runner';

export function registerSetupCommands(program: Command, run: CliRunner): void {
  program
    .command('claim <device>')
    .description('first-time setup: become the owner of a new intercom with the setup key on its label')
    .requiredOption('--setup-key <key>', 'the 32-hex-digit setup key printed on the label')
    .option('--owner-id <id>', 'your user id on the intercom (default: a random one, since every connection names it in clear)')
    .option('--replace-existing-key', 'claim even though this computer already holds a key for the device (the old key is kept)')
    .action((device: string, opts: { setupKey: string; ownerId?: string; replaceExistingKey?: boolean }) =>
      run(async ({ commissioner, out }) => {
        const { parseSetupKey, parseUserId } = await import('../args');
        const setupKey = parseSetupKey(opts.setupKey);
        const ownerUserId = opts.ownerId === undefined ? undefined : parseUserId(opts.ownerId);
        out.progress('Claiming…');
        // By default the owner's user id is random (security issue #9, finding 10): HELLO carries it in clear.
        const info = await commissioner.claim(device, setupKey, { replaceExisting: opts.replaceExistingKey === true, ...(ownerUserId ? { ownerUserId } : {}) });
        out.result({ claimed: info.deviceId }, () => `${info.name} is now yours. Its key is stored on this computer; the setup key no longer works.`);
      }),
    );

  const users = program.command('users').description("an intercom's shared users (owner only)");
  users
    .command('list <device>')
    .description('list the users: your labels where you gave one, else the random id the device knows them by')
    .action((device: string) =>
      run(async ({ commissioner, out, role, labels }) => {
        const { list, deviceId } = await commissioner.withIntercom(device, { role }, async (s) => ({ list: await s.listUsers(), deviceId: s.info.deviceId }));
        const shown = list.map((u) => {
          const label = labels.labelOf(deviceId, u.userId);
          return label === undefined ? u : { ...u, label };
        });
        out.result({ users: shown }, () => table([['USER', 'LABEL', 'ROLE'], ...shown.map((u) => [u.userId, 'label' in u ? u.label : '', u.role])]));
      }),
    );
  users
    .command('add <device> <label>')
    .description('share access: the device learns a random user id; the key stays on this computer (use --role shared to act as that user; `users invite` gives it to them instead)')
    .action((device: string, labelText: string) =>
      run(async ({ commissioner, out, role, labels }) => {
        const { parseUserLabel, addSharedUser } = await import('../../invite/shareAccess');
        const label = parseUserLabel(labelText);
        const added = await commissioner.withReconnectingIntercom(device, { role }, (keeper) => addSharedUser(keeper, label));
        labels.set(added.deviceId, added.userId, label);
        commissioner.credentials.remember(added.deviceId, { userId: added.userId, key: added.key, role: 'shared', identityKey: added.identityKey });
        out.result({ added: added.userId, label }, () => `${label} (${added.userId}) can now create and revoke codes on ${added.deviceName}.`);
      }),
    );
  users
    .command('remove <device> <user>')
    .description("remove a shared user, by your label or by id: their key (and any invite carrying it) stops working")
    .action((device: string, userText: string) =>
      run(async ({ commissioner, out, role, labels }) => {
        const { parseUserId } = await import('../args');
        const { confirmedChange } = await import('../../core/confirmedChange');
        const { newRequestId } = await import('../../core/idempotentRequest');
        const { deviceId, userId } = await commissioner.withReconnectingIntercom(device, { role }, async (keeper) => {
          const id = labels.userIdFor(keeper.session.info.deviceId, userText) ?? parseUserId(userText);
          // Retried with the same request id while the reply is lost; read back if every retry is.
          await confirmedChange(keeper, 'users.remove', { requestId: newRequestId(), userId: id });
          return { deviceId: keeper.session.info.deviceId, userId: id };
        });
        const label = labels.labelOf(deviceId, userId);
        labels.forget(deviceId, userId);
        out.result({ removed: userId, ...(label === undefined ? {} : { label }) }, () => `${label ?? userId} no longer has access to ${device}.`);
      }),
    );
}
