// `fipsfix report`: the before/after report of a fix (from its backup and run records), of a
// rollback, or of a diagnosis alone, as JSON, HTML or PDF. Data goes to a file (--out) or stdout.
import { existsSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Command } from 'commander';
import { Option } from 'commander';
import { z } from 'zod';
import { diagnose } from '../core/diagnose';
import { InvalidEvidence } from '../core/formats/invalid-evidence';
import { planRemediation } from '../core/plan';
import { buildReport, type Report, type ReportInput } from '../core/report';
import { BackupStore, type RunRecord, type StoredBackup } from '../machine/backup-store';
import { writeFileDurably } from '../machine/durable-files';
import { renderReport, ReportRenderFailure, type ReportFormat } from '../app/render-report';
import { currentAccount, TOOL_VERSION } from './fix-commands';
import { chooseSource } from '../app/machine-choice';

const ReportOptionsSchema = z.object({
  from: z.string().min(1).optional(),
  format: z.enum(['json', 'html', 'pdf']).default('html'),
  out: z.string().min(1).optional(),
  machine: z.string().min(1).optional(),
  evidence: z.string().min(1).optional(),
});

function run(record: RunRecord | undefined): ReportInput['applied'] {
  if (!record) return undefined;
  return {
    finishedAt: record.finishedAt,
    outcome: record.outcome,
    message: record.message,
    verification: record.verification,
    ...(record.afterRefresh ? { afterRefresh: record.afterRefresh } : {}),
    ...(record.diagnosisAfter ? { diagnosisAfter: record.diagnosisAfter } : {}),
  };
}

/** A backup by file path (its folder is the store), or by id in this machine's store. */
function findBackup(
  from: string,
  opts: { machine?: string | undefined },
): { store: BackupStore; backup: StoredBackup } {
  if (existsSync(from) && statSync(from).isFile()) {
    const store = new BackupStore(dirname(from));
    return { store, backup: store.read(from) };
  }
  const c = chooseSource({ machine: opts.machine });
  if (c.kind !== 'machine')
    throw new InvalidEvidence(from, 'a backup id needs the machine whose backups hold it');
  return { store: c.store, backup: c.store.read(from) };
}

export async function reportFor(
  opts: z.infer<typeof ReportOptionsSchema>,
  now: Date = new Date(),
): Promise<Report> {
  const common = { generatedAt: now.toISOString(), toolVersion: TOOL_VERSION };
  if (opts.from) {
    const { store, backup } = findBackup(opts.from, opts);
    const c = backup.content;
    if (!c.diagnosis)
      throw new InvalidEvidence(
        backup.file,
        'this backup does not hold the diagnosis it was made from (an older FipsFix); no report can be made from it',
      );
    const applied = run(store.readRun(c.id, 'apply'));
    const rolledBack = run(store.readRun(c.id, 'rollback'));
    return buildReport({
      ...common,
      ranBy: c.ranBy ?? 'unknown',
      diagnosis: c.diagnosis,
      plan: c.plan,
      backup: { id: backup.id, sha256: backup.sha256, file: backup.file, regFile: backup.regFile },
      machineName: c.machine,
      ...(applied ? { applied } : {}),
      ...(rolledBack ? { rolledBack } : {}),
    });
  }
  const source = chooseSource({ machine: opts.machine, evidence: opts.evidence });
  const evidence = source.kind === 'evidence' ? source.evidence : await source.machine.evidence.collectAll();
  const diagnosis = diagnose(evidence);
  return buildReport({ ...common, ranBy: currentAccount(), diagnosis, plan: planRemediation(diagnosis) });
}

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
    .action(async (o: unknown) => {
      const r = ReportOptionsSchema.safeParse(o);
      if (!r.success) throw new InvalidEvidence('arguments', r.error.issues.map((i) => i.message).join('; '));
      const opts = r.data;
      if (opts.format === 'pdf' && !opts.out)
        throw new InvalidEvidence('arguments', 'a PDF needs --out FILE');
      const report = await reportFor(opts);
      let bytes: Uint8Array;
      try {
        bytes = await renderReport(report, opts.format as ReportFormat);
      } catch (e) {
        if (e instanceof ReportRenderFailure) throw new InvalidEvidence('report', e.message);
        throw e;
      }
      if (opts.out) {
        writeFileDurably(opts.out, bytes);
        process.stderr.write(
          `fipsfix: wrote ${opts.format.toUpperCase()} report ${opts.out} (${report.kind}: ${report.outcome})\n`,
        );
      } else {
        process.stdout.write(bytes);
      }
      exitWith(0);
    });
}
