// `fipsfix fleet summarize` and `fipsfix export`: what FipsFix gives the tools an administrator of
// many servers already runs (Ansible, Intune/ConfigMgr, Group Policy). Thin: reading files and
// writing outputs here, every decision in src/fleet and src/export.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Command, Option } from 'commander';
import { z } from 'zod';
import { jsonDocument } from '../core/json-document';
import { diagnose } from '../core/diagnose';
import {
  EXPORT_EXIT_CODE_TABLE,
  ExportExitCode,
  FLEET_EXIT_CODE_TABLE,
  FleetExitCode,
  exitCodeLines,
} from '../core/exit-codes';
import { exportArtifacts, type ExportKind, type ExportTarget } from '../core/export/export';
import { writeOutputPieces } from '../app/output-files';
import { readFleetDocuments, summarizeFleetFiles } from '../app/read-fleet-files';
import { fleetCsvLines, fleetHtmlPieces, fleetText } from '../core/fleet/render';
import { newestPerServer } from '../core/fleet/newest-per-server';
import { DEFAULT_MAX_AGE_DAYS } from '../core/fleet/summarize';
import { summarizeWire, wireSummaryText } from '../core/fleet/wire-summary';
import { probedServerDocuments, separateProbeDocuments } from '../app/read-probe-files';
import { chooseSource } from '../app/machine-choice';
import { counted } from '../core/words/count';
import { visible, visibleStrings } from '../core/visible-text';
import { printErr, printOut } from './terminal';

/** Ends the command with this exit code (the CLI's own, handed in by buildProgram). */
type ExitWith = (code: number) => never;

function fail(exitWith: ExitWith, message: string, code: number): never {
  printErr(`fipsfix: ${message}\n`);
  return exitWith(code);
}

function writeOut(file: string, text: string | Uint8Array): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, text);
}

const SummarizeOptionsSchema = z
  .object({
    html: z.string().min(1).optional(),
    csv: z.string().min(1).optional(),
    json: z.boolean().default(false),
    maxAge: z.coerce
      .number({ message: '--max-age takes a number of days' })
      .min(0, { message: '--max-age takes a number of days' })
      .default(DEFAULT_MAX_AGE_DAYS),
  })
  .strict();

async function runSummarize(exitWith: ExitWith, paths: readonly string[], raw: unknown): Promise<never> {
  const parsed = SummarizeOptionsSchema.safeParse(raw);
  if (!parsed.success)
    return fail(
      exitWith,
      parsed.error.issues.map((i) => i.message).join('; '),
      FleetExitCode.NothingReadable,
    );
  const opts = parsed.data;
  const now = new Date().toISOString();
  const streamed = await summarizeFleetFiles(paths, { now, maxAgeDays: opts.maxAge });
  // Probe documents (fipsfix probe --json) beside the diagnoses: among the files the streamed summary
  // calls foreign, read back apart, and matched to the diagnoses of the servers they name, which alone
  // are read again whole (the summary itself keeps no diagnosis).
  const { probes, others } = separateProbeDocuments(
    streamed.foreign.map((f) => ({ kind: 'foreign' as const, file: f.file, reason: f.reason })),
  );
  const wire = summarizeWire(probes, probedServerDocuments(streamed, probes));
  const withoutProbes = {
    ...streamed,
    foreign: others.flatMap((d) => (d.kind === 'foreign' ? [{ file: d.file, reason: d.reason }] : [])),
    unreadable: [
      ...streamed.unreadable,
      ...others.flatMap((d) => (d.kind === 'unreadable' ? [{ file: d.file, reason: d.reason }] : [])),
    ],
  };
  const summary =
    probes.length > 0 && streamed.exitCode === FleetExitCode.NothingReadable
      ? { ...withoutProbes, exitCode: FleetExitCode.NoServerBlocked }
      : withoutProbes;
  try {
    const probed = probes.length > 0 ? wire : undefined;
    if (opts.html) writeOutputPieces(opts.html, fleetHtmlPieces(summary, now, probed));
    if (opts.csv) writeOutputPieces(opts.csv, fleetCsvLines(summary, probed));
  } catch (e) {
    return fail(
      exitWith,
      `could not write the summary: ${e instanceof Error ? e.message : String(e)}`,
      FleetExitCode.NothingReadable,
    );
  }
  if (opts.json) process.stdout.write(jsonDocument(probes.length > 0 ? { ...summary, wire } : summary));
  else printOut(fleetText(summary) + wireSummaryText(visibleStrings(wire)));
  const skipped = summary.unreadable.length + summary.foreign.length;
  if (skipped > 0)
    process.stderr.write(
      `fipsfix: ${counted(skipped, 'file')} could not be used and are named in the summary; the others were summarised.\n`,
    );
  return exitWith(summary.exitCode);
}

const ExportOptionsSchema = z
  .object({
    as: z.enum(['ansible', 'reg', 'gpo-instructions']),
    machine: z.string().min(1).optional(),
    evidence: z.string().min(1).optional(),
    from: z.array(z.string().min(1)).optional(),
    out: z.string().min(1).default('.'),
  })
  .strict()
  .refine((o) => [o.machine, o.evidence, o.from].filter((x) => x !== undefined).length <= 1, {
    message: 'choose one of --machine, --evidence and --from',
  });

async function runExport(exitWith: ExitWith, raw: unknown): Promise<never> {
  const parsed = ExportOptionsSchema.safeParse(raw);
  if (!parsed.success)
    return fail(exitWith, parsed.error.issues.map((i) => i.message).join('; '), ExportExitCode.InvalidInput);
  const opts = parsed.data;
  let targets: ExportTarget[];
  if (opts.from) {
    const docs = readFleetDocuments(opts.from);
    for (const d of docs)
      if (d.kind !== 'server')
        printErr(`fipsfix: skipped ${visible(d.file)}: ${d.kind}: ${visible(d.reason)}\n`);
    // The rule fleet summarize follows: a server seen twice counts once, as its newest document saw it.
    const { kept, superseded } = newestPerServer(docs.flatMap((d) => (d.kind === 'server' ? [d] : [])));
    for (const s of superseded)
      printErr(
        `fipsfix: skipped ${visible(s.file)}: ${visible(s.server)} again; ${visible(s.keptFile)} is newer\n`,
      );
    targets = kept.map((d) => ({ server: d.server, diagnosis: d.diagnosis, file: d.file }));
    if (targets.length === 0 && opts.as !== 'ansible')
      return fail(
        exitWith,
        'no FipsFix diagnosis or report could be read from --from',
        ExportExitCode.InvalidInput,
      );
  } else if (opts.as === 'ansible') {
    targets = [];
  } else {
    // One server: this one, a simulated machine or an evidence folder, diagnosed as `diagnose` does.
    // Errors (an unreadable evidence folder…) reach runCli, which reports them with exit 3.
    const c = chooseSource({
      ...(opts.machine ? { machine: opts.machine } : {}),
      ...(opts.evidence ? { evidence: opts.evidence } : {}),
    });
    const d = diagnose(c.kind === 'evidence' ? c.evidence : await c.machine.evidence.collectAll());
    targets = [{ server: d.machine.name ?? 'this-server', diagnosis: d }];
  }
  return finishExport(exitWith, opts.as, targets, opts.out);
}

function finishExport(
  exitWith: ExitWith,
  kind: ExportKind,
  targets: readonly ExportTarget[],
  out: string,
): never {
  const result = exportArtifacts(kind, targets);
  try {
    for (const f of result.files) writeOut(join(out, f.path), f.content);
  } catch (e) {
    return fail(
      exitWith,
      `could not write to ${out}: ${e instanceof Error ? e.message : String(e)}`,
      ExportExitCode.InvalidInput,
    );
  }
  for (const f of result.files) printOut(`wrote ${visible(join(out, f.path))}\n`);
  for (const r of result.skipped) printErr(`fipsfix: skipped ${visible(r.server)}: ${visible(r.reason)}\n`);
  for (const r of result.refused)
    printErr(`fipsfix: ${visible(r.server)}: not exported as ${kind}: ${visible(r.reason)}\n`);
  if (result.files.length === 0 && result.refused.length === 0)
    printErr(`fipsfix: no server needs ${kind === 'reg' ? 'a .reg' : 'GPO instructions'}: nothing written\n`);
  return exitWith(result.exitCode);
}

export function registerFleetCommands(program: Command, exitWith: ExitWith): void {
  const fleet = program
    .command('fleet')
    .description(
      'work with the diagnoses and reports of many servers (what Ansible collects from fipsfix.exe diagnose --json)',
    );
  fleet
    .command('summarize')
    .argument(
      '<paths...>',
      'diagnosis, report or probe JSON files (fipsfix diagnose --json, fipsfix report --format json, fipsfix probe --json), or folders of them (read recursively)',
    )
    .description(
      'how many servers are blocked, by cause and source; which domain GPOs are responsible, with the servers under each; which servers can be fixed on the server; which files could not be used',
    )
    .option('--html <file>', 'also write one self-contained HTML page')
    .option('--csv <file>', 'also write CSV, one row per server and per file not used')
    .option('--json', 'print the summary as JSON instead of the table')
    .option(
      '--max-age <days>',
      `flag servers whose data is older than this many days (default ${DEFAULT_MAX_AGE_DAYS})`,
    )
    .addHelpText('after', `\nExit codes:\n${exitCodeLines(FLEET_EXIT_CODE_TABLE)}\n`)
    .action(async (paths: string[], o: unknown) => runSummarize(exitWith, paths, o));

  program
    .command('export')
    .description(
      'write remediation for the tools you already run: an Ansible role, a .reg (and its undo), or the GPO change to ask the domain administrator for',
    )
    .addOption(
      new Option('--as <kind>', 'ansible | reg | gpo-instructions')
        .choices(['ansible', 'reg', 'gpo-instructions'])
        .makeOptionMandatory(),
    )
    .option('--machine <name|file>', 'a simulated machine (as for diagnose)')
    .option('--evidence <dir>', 'an evidence folder (as for diagnose)')
    .option('--from <files...>', 'diagnosis or report JSON files, or folders of them (a fleet)')
    .option('--out <dir>', 'where to write the files (default: the current folder)')
    .addHelpText(
      'after',
      `\nWithout --machine, --evidence or --from: this Windows machine (elsewhere the default simulated machine).\n` +
        `\nExit codes:\n${exitCodeLines(EXPORT_EXIT_CODE_TABLE)}\n`,
    )
    .action(async (o: unknown) => runExport(exitWith, o));
}
