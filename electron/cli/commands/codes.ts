import type { Command } from 'commander';
import type { CodeSummary } from '../../protocol/messages';
import { formatDuration, table } from '../output';
import type { CliRunner } from '../runner';

export function registerCodeCommands(program: Command, run: CliRunner): void {
  const codes = program.command('codes').description('one-time access codes of an intercom');

  codes
    .command('list <device>')
    .description('list codes with their state and time left (never their digits)')
    .action((device: string) =>
      run(async ({ commissioner, out, role, now }) => {
        const list = await commissioner.withIntercom(device, { role }, (s) => s.listCodes());
        out.result({ codes: list }, () => humanCodes(list, now()));
      }),
    );

  codes
    .command('create <device>')
    .description('create a one-time code; its 4 digits are shown once')
    .action((device: string) =>
      run(async ({ commissioner, out, role }) => {
        const created = await commissioner.remembered(device, { role }, 'codes.create', {});
        out.result(created, () =>
          `Code ${created.digits} (id ${created.code.codeId}) is valid for one entry and one exit until ${new Date(created.code.expiresAt).toLocaleString()}.\nIt is shown only now.`,
        );
      }),
    );

  codes
    .command('revoke <device> <code-id>')
    .description('revoke a code: it stops working at once, for entry and exit')
    .action((device: string, codeIdText: string) =>
      run(async ({ commissioner, out, role }) => {
        const { parseCodeId } = await import('../args');
        const codeId = parseCodeId(codeIdText);
        const { code } = await commissioner.remembered(device, { role }, 'codes.revoke', { codeId });
        out.result({ code }, () => `Code ${code.codeId} is ${code.state}.`);
      }),
    );
}

function humanCodes(codes: CodeSummary[], now: number): string {
  if (codes.length === 0) return 'No codes.';
  const rows = [['ID', 'STATE', 'CREATED BY', 'TIME LEFT']];
  for (const c of codes) {
    const live = c.state === 'active' || c.state === 'entered';
    rows.push([c.codeId, c.state, c.createdBy, live ? formatDuration(c.expiresAt - now) : '-']);
  }
  return table(rows);
}
