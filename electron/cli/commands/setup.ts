import { randomBytes } from 'node:crypto';
import type { Command } from 'commander';
import { parseSequence } from '../numberArgs';
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
    .action((device: string) =>
      run(async ({ commissioner, out, role }) => {
        const list = await commissioner.withIntercom(device, { role }, (s) => s.listUsers());
        out.result({ users: list }, () => table([['USER', 'ROLE'], ...list.map((u) => [u.userId, u.role])]));
      }),
    );
  users
    .command('add <device> <user-id>')
    .description('share access: the new key is stored on this computer (use --role shared to act as that user)')
    .action((device: string, userIdText: string) =>
      run(async ({ commissioner, out, role }) => {
        const { parseUserId } = await import('../args');
        const { idempotentRequest, newRequestId } = await import('../../core/idempotentRequest');
        const userId = parseUserId(userIdText);
        const key = new Uint8Array(randomBytes(32));
        const deviceId = await commissioner.withReconnectingIntercom(device, { role }, async (keeper) => {
          await idempotentRequest(keeper, 'users.add', { requestId: newRequestId(), userId, role: 'shared', key });
          return keeper.session.peer.deviceId;
        });
        commissioner.credentials.remember(deviceId, { userId, key, role: 'shared' });
        out.result({ added: userId }, () => `${userId} can now create and revoke codes on ${device}.`);
      }),
    );
  users
    .command('remove <device> <user-id>')
    .action((device: string, userIdText: string) =>
      run(async ({ commissioner, out, role }) => {
        const { parseUserId } = await import('../args');
        const userId = parseUserId(userIdText);
        await commissioner.remembered(device, { role }, 'users.remove', { userId });
        out.result({ removed: userId }, () => `${userId} no longer has access to ${device}.`);
      }),
    );

  program
    .command('audit <device>')
    .description("read an intercom's audit log (owner only): settings changes, codes, lockouts")
    .option('--from <seq>', 'first sequence number', '1')
    .action((device: string, opts: { from: string }) =>
      run(async ({ commissioner, out, role }) => {
        const from = parseSequence('--from', opts.from);
        const { audit, deviceId } = await commissioner.withIntercom(device, { role }, async (s) => ({ audit: await s.readAudit(from, 200), deviceId: s.info.deviceId }));
        // Support's copy for `fluss diagnostics` (user ids pseudonymised before it is written).
        const { cliAuditReadLog } = await import('../diagnosticsRun');
        cliAuditReadLog().record(deviceId, audit.entries);
        out.result(audit, () =>
          audit.entries.length === 0
            ? 'No entries.'
            : table(audit.entries.map((e) => [String(e.seq), new Date(e.at).toISOString(), e.type, e.actor, JSON.stringify(e.detail)])),
        );
      }),
    );
}
