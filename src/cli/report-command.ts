// `fipsfix report`: the before/after report of a fix (from its backup and run records), of a
// rollback, or of a diagnosis alone, as JSON, HTML or PDF. Data goes to a file (--out) or stdout.
import type { Command } from 'commander';
import { Option } from 'commander';
import { z } from 'zod';
import { InvalidEvidence } from '../core/formats/invalid-evidence';
import { ChangeTicketSchema } from '../core/report';
import { writeReportFile } from '../app/output-files';
import { reportFor } from '../app/report';
import { renderReport, ReportRenderFailure } from '../app/render-report';

const ReportOptionsSchema = z.object({
  from: z.string().min(1).optional(),
  format: z.enum(['json', 'html', 'pdf']).default('html'),
  out: z.string().min(1).optional(),
  machine: z.string().min(1).optional(),
  evidence: z.string().min(1).optional(),
  changeId: ChangeTicketSchema.shape.changeId,
  requestedBy: ChangeTicketSchema.shape.requestedBy,
  approvedBy: ChangeTicketSchema.shape.approvedBy,
  stigException: ChangeTicketSchema.shape.stigException,
});

export function registerReportCommand(program: Command, exitWith: (code: number) => never): void {
  program
    .command('report')
    .description(
      'the before/after report of a fix or rollback (--from BACKUP), or of a diagnosis alone, as JSON, HTML or PDF',
    )
    .option('--from <backup>', 'a backup id (see "fipsfix backups") or the path of a backup file')
    .addOption(
      new Option(
        '--format <format>',
        'json (docs/report.schema.json), html (one self-contained file) or pdf (the HTML printed by Chromium)',
      )
        .choices(['json', 'html', 'pdf'])
        .default('html'),
    )
    .option('--out <file>', 'write the report here (needed for pdf); otherwise it goes to standard output')
    .option('--machine <name|file>', 'a simulated machine')
    .option('--evidence <dir>', 'an evidence folder (a diagnosis report)')
    .option('--change-id <id>', 'the change request this work was done under (shown at the top)')
    .option('--requested-by <name>', 'who asked for the change')
    .option('--approved-by <name>', 'who approved it (the change board, a person)')
    .option('--stig-exception <ref>', 'the documented STIG exception that allows turning FIPS off')
    .action(async (o: unknown) => {
      const r = ReportOptionsSchema.safeParse(o);
      if (!r.success) throw new InvalidEvidence('arguments', r.error.issues.map((i) => i.message).join('; '));
      const opts = r.data;
      if (opts.format === 'pdf' && !opts.out)
        throw new InvalidEvidence('arguments', 'a PDF needs --out FILE');
      const { changeId, requestedBy, approvedBy, stigException, ...source } = opts;
      const changeTicket = {
        ...(changeId ? { changeId } : {}),
        ...(requestedBy ? { requestedBy } : {}),
        ...(approvedBy ? { approvedBy } : {}),
        ...(stigException ? { stigException } : {}),
      };
      const report = await reportFor({ ...source, changeTicket });
      let bytes: Uint8Array;
      try {
        bytes = await renderReport(report, opts.format);
      } catch (e) {
        if (e instanceof ReportRenderFailure) throw new InvalidEvidence('report', e.message);
        throw e;
      }
      if (opts.out) {
        writeReportFile(opts.out, bytes);
        process.stderr.write(
          `fipsfix: wrote ${opts.format.toUpperCase()} report ${opts.out} (${report.kind}: ${report.outcome})\n`,
        );
      } else {
        process.stdout.write(bytes);
      }
      exitWith(0);
    });
}
