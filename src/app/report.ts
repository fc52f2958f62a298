// The report's data: from what FipsFix recorded for a fix (its backup and run records), or from a
// diagnosis alone. `fipsfix report` and the window's Export build it here; src/core/report.ts decides
// what it says, src/app/render-report.ts turns it into JSON, HTML or PDF.
import { diagnose } from '../core/diagnose';
import type { Diagnosis } from '../core/diagnosis-schema';
import { InvalidEvidence } from '../core/formats/invalid-evidence';
import { planRemediation } from '../core/plan';
import { buildReport, type ChangeTicket, type Report, type ReportInput } from '../core/report';
import type { CommandTarget } from '../core/words/command-line';
import { utcOffsetText } from '../core/words/time';
import { BackupStore, type RunRecord, type StoredBackup } from '../machine/backup-store';
import { currentAccount, TOOL_VERSION } from './identity';
import { chooseSource } from './machine-choice';

function run(record: RunRecord | undefined): ReportInput['applied'] {
  if (!record) return undefined;
  return {
    finishedAt: record.finishedAt,
    outcome: record.outcome,
    message: record.message,
    verification: record.verification,
    ...(record.afterRefresh ? { afterRefresh: record.afterRefresh } : {}),
    ...(record.diagnosisAfter ? { diagnosisAfter: record.diagnosisAfter } : {}),
    ...(record.ranBy ? { ranBy: record.ranBy } : {}),
  };
}

/** What a person adds to a report beside what FipsFix recorded. */
export interface ReportAdditions {
  readonly changeTicket?: ChangeTicket | undefined;
  /** The options that chose the machine, for the commands the report names. */
  readonly commandTarget?: CommandTarget | undefined;
}

/** This process's offset from UTC: the server's, where FipsFix runs on it (or on a simulated machine). */
export function localUtcOffset(at: Date = new Date()): string {
  return utcOffsetText(-at.getTimezoneOffset());
}

function additions(a: ReportAdditions): Pick<ReportInput, 'changeTicket' | 'commandTarget'> {
  return {
    ...(a.changeTicket ? { changeTicket: a.changeTicket } : {}),
    ...(a.commandTarget ? { commandTarget: a.commandTarget } : {}),
  };
}

/**
 * The report of a fix (and of a rollback to it): the diagnosis it was made from, its plan, its backup,
 * what the apply and a rollback recorded. `diagnosis` stands in for one the backup does not hold.
 */
export function backupReport(
  store: BackupStore,
  backup: StoredBackup,
  generatedAt: string,
  diagnosis: Diagnosis | undefined = backup.content.diagnosis,
  more: ReportAdditions = {},
): Report {
  const c = backup.content;
  if (!diagnosis)
    throw new InvalidEvidence(
      backup.file,
      'this backup does not hold the diagnosis it was made from (an older FipsFix); no report can be made from it',
    );
  const applied = run(store.readRun(c.id, 'apply'));
  const rolledBack = run(store.readRun(c.id, 'rollback'));
  return buildReport({
    generatedAt,
    toolVersion: TOOL_VERSION,
    // Who made the change is recorded in the backup; whoever asks for the report now may be another.
    ranBy: c.ranBy ?? 'unknown',
    diagnosis,
    plan: c.plan,
    backup: {
      id: backup.id,
      sha256: backup.sha256,
      file: backup.file,
      regFile: backup.regFile,
      createdAt: c.createdAt,
    },
    machineName: c.machine,
    // The offset recorded on the server when the fix was made; a backup from before it: not known.
    serverUtcOffset: c.utcOffset ?? null,
    ...additions(more),
    ...(applied ? { applied } : {}),
    ...(rolledBack ? { rolledBack } : {}),
  });
}

/** The report of a diagnosis alone, with the plan FipsFix would make (nothing changed). */
export function diagnosisReport(
  diagnosis: Diagnosis,
  generatedAt: string,
  machineName?: string,
  serverUtcOffset: string | null = null,
  more: ReportAdditions = {},
): Report {
  return buildReport({
    generatedAt,
    toolVersion: TOOL_VERSION,
    ranBy: currentAccount(),
    diagnosis,
    plan: planRemediation(diagnosis),
    ...(machineName !== undefined ? { machineName } : {}),
    serverUtcOffset,
    ...additions(more),
  });
}

/**
 * A backup by id in this machine's store, or by file path: either way verified under this machine's
 * backup key (a file's own folder vouches for nothing: anyone can put a key beside a forged backup).
 */
function findBackup(
  from: string,
  opts: { machine?: string | undefined },
): { store: BackupStore; backup: StoredBackup } {
  const c = chooseSource({ machine: opts.machine });
  if (c.kind !== 'machine')
    throw new InvalidEvidence(from, 'a backup id needs the machine whose backups hold it');
  return { store: c.store, backup: c.store.read(from) };
}

export interface ReportRequest {
  /** A backup id or a backup file: the report of that fix. Without it, of a diagnosis. */
  readonly from?: string | undefined;
  readonly machine?: string | undefined;
  readonly evidence?: string | undefined;
  readonly changeTicket?: ChangeTicket | undefined;
}

/** `fipsfix report`: of a backup (--from), or of a diagnosis of the machine or evidence folder. */
export async function reportFor(opts: ReportRequest, now: Date = new Date()): Promise<Report> {
  const more: ReportAdditions = {
    changeTicket: opts.changeTicket,
    commandTarget: { machine: opts.machine, evidence: opts.evidence },
  };
  if (opts.from) {
    const { store, backup } = findBackup(opts.from, opts);
    return backupReport(store, backup, now.toISOString(), undefined, more);
  }
  const source = chooseSource({ machine: opts.machine, evidence: opts.evidence });
  if (source.kind === 'evidence')
    // Collected on the server: its manifest may say the server's offset; this computer's would be a guess.
    return diagnosisReport(
      diagnose(source.evidence),
      now.toISOString(),
      undefined,
      source.utcOffset ?? null,
      more,
    );
  const evidence = await source.machine.evidence.collectAll();
  return diagnosisReport(diagnose(evidence), now.toISOString(), undefined, localUtcOffset(now), more);
}
