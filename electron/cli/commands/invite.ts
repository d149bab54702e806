/**
 * `fluss users invite` and `fluss keys import` (issue 11, item 6): the owner adds a shared user and gets an
 * invite file (and QR code) sealed under a one-time passphrase; the shared user imports it on their own
 * computer. The passphrase is printed once, on the owner's terminal, and never written anywhere.
 */
import type { Command } from 'commander';
import type { CliRunner } from '../runner';

export function registerInviteCommands(program: Command, run: CliRunner): void {
  const users = program.commands.find((c) => c.name() === 'users') ?? program.command('users');
  users
    .command('invite <device> <label>')
    .description('add a shared user and write an invite for their own computer (label: who they are to you, e.g. "Ben, caretaker")')
    .requiredOption('--out <file>', 'where to write the invite (JSON)')
    .option('--qr <file>', 'also write the invite as a QR code (.png or .svg)')
    .action((device: string, labelText: string, opts: { out: string; qr?: string }) =>
      run(async ({ commissioner, out, role, labels }) => {
        const { parseUserLabel, addSharedUser, makeInvite } = await import('../../invite/shareAccess');
        const { checkWritable, writeInviteOutput } = await import('../../invite/outputFile');
        const label = parseUserLabel(labelText);
        if (opts.qr !== undefined && !/\.(png|svg)$/i.test(opts.qr)) {
          const { FlussError } = await import('../../protocol/errors');
          throw new FlussError('INVALID_ARGUMENT', `A QR code is written as .png or .svg, not "${opts.qr}".`, 'Name the file invite.png or invite.svg.');
        }
        // Checked before the user is added: a folder that cannot be written loses nothing on the device.
        checkWritable(opts.out);
        if (opts.qr !== undefined) checkWritable(opts.qr);
        const content = await commissioner.withReconnectingIntercom(device, { role }, (keeper) => addSharedUser(keeper, label));
        labels.set(content.deviceId, content.userId, label);
        const { text, passphrase } = await makeInvite(content);
        writeInviteOutput(opts.out, text);
        if (opts.qr !== undefined) await (await import('../../invite/inviteQr')).writeInviteQr(text, opts.qr);
        // The key went into the invite only: this computer keeps no copy of the shared user's key.
        out.result({ added: content.userId, label, invite: opts.out, ...(opts.qr === undefined ? {} : { qr: opts.qr }), passphrase }, () =>
          [
            `${label} (${content.userId}) can now create and revoke codes on ${content.deviceName}.`,
            `Invite written to ${opts.out}${opts.qr === undefined ? '' : ` (QR code: ${opts.qr})`}.`,
            `One-time passphrase (shown only now; tell it to ${label} another way than the file): ${passphrase}`,
            `On their computer: fluss keys import ${opts.out}`,
          ].join('\n'),
        );
      }),
    );

  const keys = program.command('keys').description("the keys this computer holds");
  keys
    .command('import <file>')
    .description("import the access an owner's invite gives you: the invite file, or a PNG picture of its QR code (the passphrase: --passphrase, FLUSS_INVITE_PASSPHRASE, or asked)")
    .option('--passphrase <words>', 'the one-time passphrase the owner gave you with the invite')
    .option('--replace-existing-key', 'import even though this computer already holds a key for the device (the old key is kept)')
    .action((file: string, opts: { passphrase?: string; replaceExistingKey?: boolean }) =>
      run(async ({ commissioner, out }) => {
        const { importInvite } = await import('../../invite/importInvite');
        const text = await readInviteOrQrPicture(file);
        const passphrase = opts.passphrase ?? process.env.FLUSS_INVITE_PASSPHRASE ?? (await (await import('../passphrasePrompt')).promptHidden('Passphrase for this invite: '));
        const imported = await importInvite(commissioner.credentials, text, passphrase, { replaceExisting: opts.replaceExistingKey === true });
        out.result({ imported: imported.deviceId, device: imported.deviceName, userId: imported.userId, role: imported.role }, () =>
          `You can now create and revoke codes on ${imported.deviceName} as a shared user (use --role shared).`,
        );
      }),
    );
}

/**
 * The invite's text from `file`: a PNG of its QR code (told apart by its first bytes, not its name) is
 * decoded and checked as an invite before any passphrase is asked; anything else is read as the file.
 */
async function readInviteOrQrPicture(file: string): Promise<string> {
  const qr = await import('../../invite/inviteQrRead');
  if (!qr.looksLikePicture(file)) return (await import('../../invite/inviteFile')).readInviteFile(file);
  const text = qr.readQrPicture(file);
  (await import('../../invite/inspectInvite')).checkInviteText(text, 'qr');
  return text;
}
