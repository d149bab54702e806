/**
 * `fluss audit <device> [--from <seq>] [--limit <n>] [--csv]`: an intercom's audit log (owner only), read
 * across the device's pages and put in people's words with the names this run heard and this computer's
 * labels (issue 11, item 5). --json gives the raw entries as the device sent them.
 */
import type { Command } from 'commander';
import type { CliRunner } from '../runner';

/** Every entry an intercom keeps (1,000 security events and 200 keypad noise) fits. */
const ALL_ENTRIES = 1200;

export function registerAuditCommand(program: Command, run: CliRunner): void {
  program
    .command('audit <device>')
    .description("read an intercom's audit log (owner only): settings changes, codes, lockouts")
    .option('--from <seq>', 'first sequence number', '1')
    .option('--limit <n>', `at most this many entries (default: all, up to ${ALL_ENTRIES})`)
    .option('--csv', 'print CSV (for a spreadsheet) instead of a table')
    .action((device: string, opts: { from: string; limit?: string; csv?: boolean }) =>
      run(async ({ commissioner, out, role, labels }) => {
        const { FlussError } = await import('../../protocol/errors');
        const { parsePositiveInt, parseSequence } = await import('../numberArgs');
        if (opts.csv === true && out.json) throw new FlussError('INVALID_ARGUMENT', 'Choose --csv or --json, not both.', 'Give one of them.');
        const from = parseSequence('--from', opts.from);
        const limit = opts.limit === undefined ? ALL_ENTRIES : parsePositiveInt('--limit', opts.limit, ALL_ENTRIES);
        const { auditNames } = await import('../../services/auditHistory');
        const { auditCsv, auditRow } = await import('../../ipc/auditTable');
        const { audit, rows, deviceId } = await commissioner.withIntercom(device, { role }, async (s) => {
          const read = await s.readAudit(from, limit);
          const names = auditNames(s, read.entries, { devices: commissioner.heard.names(), labels, codeLabels: {} });
          return { audit: read, rows: read.entries.map((e) => auditRow(e, names)), deviceId: s.info.deviceId };
        });
        // Support's copy for `fluss diagnostics` (user ids pseudonymised before it is written).
        const { cliAuditReadLog } = await import('../diagnosticsRun');
        cliAuditReadLog().record(deviceId, audit.entries);
        if (opts.csv === true) {
          process.stdout.write(auditCsv(rows));
          return;
        }
        const { table } = await import('../output');
        const more = audit.next === undefined ? '' : `\nMore entries follow: run again with --from ${audit.next}.`;
        out.result(audit, () =>
          rows.length === 0 ? 'No entries.' : `${table([['SEQ', 'TIME', 'WHAT'], ...rows.map((r) => [String(r.seq), new Date(r.at).toLocaleString(), r.text])])}${more}`,
        );
      }),
    );
}
