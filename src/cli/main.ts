// The fipsfix command: a thin commander program over the core. It is the composition root of the
// CLI: it chooses where evidence comes from (an evidence folder, a simulated machine, or this
// Windows machine), once. Data goes to stdout, messages to stderr.
import './one-shot-zod';
import { Command, CommanderError, Option } from 'commander';
import { z } from 'zod';
import { jsonDocument } from '../core/json-document';
import { diagnose } from '../core/diagnose';
import { DiagnosisSchema, type Diagnosis } from '../core/diagnosis-schema';
import { diagnosisText, planText } from '../core/diagnosis-text';
import type { Evidence } from '../core/evidence';
import {
  EXIT_CODE_TABLE,
  ExitCode,
  FIX_EXIT_CODE_TABLE,
  FixExitCode,
  exitCodeForDiagnosis,
  exitCodeForPlan,
  exitCodeLines,
  meaningOf,
} from '../core/exit-codes';
import { InvalidEvidence } from '../core/formats/invalid-evidence';
import { PlanSchema, planRemediation } from '../core/plan';
import { BackupRefused, ElevatedStepLost, MachineFailure } from '../app/failures';
import { runApplyPlanElevated, runRollbackElevated } from '../app/headless-modes';
import { datedDiagnosis, TOOL_VERSION } from '../app/identity';
import { builtInMachines, chooseSource, DEFAULT_SCENARIO, resetSimulated } from '../app/machine-choice';
import { runCollect } from './collect-command';
import { registerReportCommand } from './report-command';
import { registerFleetCommands } from './fleet-commands';
import { registerProbeCommand } from './probe-command';
import { runApply, runBackups, runRecover, runRollback, runVerify, warnIfInterrupted } from './fix-commands';
import { visible } from '../core/visible-text';
import { printErr, printOut } from './terminal';

const SourceOptionsSchema = z
  .object({
    machine: z.string().min(1).optional(),
    evidence: z.string().min(1).optional(),
    json: z.boolean().default(false),
  })
  .refine((o) => !(o.machine && o.evidence), { message: '--machine and --evidence cannot be used together' });

/** --rdp-level by number or by the name Group Policy gives the level ("High Level" → high). */
const RDP_LEVEL_ARGUMENTS = { '3': 3, high: 3, '2': 2, 'client-compatible': 2, '1': 1, low: 1 } as const;
const RdpLevelArgumentSchema = z
  .enum(Object.keys(RDP_LEVEL_ARGUMENTS) as [keyof typeof RDP_LEVEL_ARGUMENTS])
  .default('high')
  .transform((a) => RDP_LEVEL_ARGUMENTS[a]);

const PlanOptionsSchema = z.object({
  rdpLevel: RdpLevelArgumentSchema,
  confirmLow: z.boolean().default(false),
});

interface Gathered {
  readonly evidence: Evidence;
  readonly origin: string;
  readonly skipped: readonly { file: string; reason: string }[];
}

async function gatherEvidence(
  opts: z.infer<typeof SourceOptionsSchema>,
  showRegistryFirst: boolean,
): Promise<Gathered> {
  const c = chooseSource(opts);
  if (c.kind === 'evidence') return { evidence: c.evidence, origin: c.origin, skipped: c.skipped };
  warnIfInterrupted(c, opts);
  if (showRegistryFirst) {
    // The registry answers in milliseconds; gpresult can take seconds. Say what the registry says now.
    const quick = diagnose(c.machine.evidence.collectRegistry());
    const at =
      process.env['FIPSFIX_TIMING'] === '1' ? ` [${Math.round(process.uptime() * 1000)} ms after start]` : '';
    process.stderr.write(
      `fipsfix: from the registry alone: ${quick.summary} (reading the policy sources…)${at}\n`,
    );
  }
  return { evidence: await c.machine.evidence.collectAll(), origin: c.origin, skipped: [] };
}

class CliExit extends Error {
  constructor(readonly code: number) {
    super(`exit ${code}`);
  }
}

function parseOptions<T extends z.ZodType>(schema: T, raw: unknown): z.infer<T> {
  const r = schema.safeParse(raw);
  if (!r.success) {
    process.stderr.write(`fipsfix: ${r.error.issues.map((i) => i.message).join('; ')}\n`);
    throw new CliExit(ExitCode.InvalidInput);
  }
  return r.data;
}

function reportSkipped(g: Gathered): void {
  for (const s of g.skipped) printErr(`fipsfix: skipped ${visible(s.file)}: ${visible(s.reason)}\n`);
}

function printJson(schema: z.ZodType, value: unknown): void {
  // What leaves the process is checked against the committed schema first.
  process.stdout.write(jsonDocument(schema.parse(value)));
}

async function runDiagnose(raw: unknown): Promise<ExitCode> {
  const opts = parseOptions(SourceOptionsSchema, raw);
  const g = await gatherEvidence(
    opts,
    !opts.json && process.platform === 'win32' && !opts.machine && !opts.evidence,
  );
  reportSkipped(g);
  const d: Diagnosis = diagnose(g.evidence);
  if (opts.json) printJson(DiagnosisSchema, datedDiagnosis(d));
  else printOut(diagnosisText(d, g.origin));
  const code = exitCodeForDiagnosis(d);
  if (!opts.json) process.stdout.write(`\nExit code ${code}: ${meaningOf(EXIT_CODE_TABLE, code)}\n`);
  return code;
}

async function runPlan(raw: Record<string, unknown>): Promise<ExitCode> {
  const src = parseOptions(SourceOptionsSchema, {
    machine: raw['machine'],
    evidence: raw['evidence'],
    json: raw['json'],
  });
  const choices = parseOptions(PlanOptionsSchema, {
    rdpLevel: raw['rdpLevel'],
    confirmLow: raw['confirmLow'],
  });
  const g = await gatherEvidence(src, false);
  reportSkipped(g);
  const plan = planRemediation(diagnose(g.evidence), {
    rdpTargetLevel: choices.rdpLevel,
    confirmLowLevel: choices.confirmLow,
  });
  if (src.json) printJson(PlanSchema, plan);
  else printOut(planText(plan));
  return exitCodeForPlan(plan);
}

function sourceOptions(cmd: Command, evidenceToo = true): Command {
  cmd.option(
    '--machine <name|file>',
    `a simulated machine: a built-in name (see "fipsfix machines") or a JSON file`,
  );
  if (evidenceToo)
    cmd.option(
      '--evidence <dir>',
      'a folder of evidence exported on a server (reg export, secedit, gpresult, Registry.pol, wevtutil)',
    );
  return cmd.option('--json', 'print one JSON document (schema in docs/) instead of text');
}

const FixSourceSchema = z.object({ machine: z.string().min(1).optional(), json: z.boolean().default(false) });
const ApplyOptionsSchema = FixSourceSchema.extend({
  rdpLevel: RdpLevelArgumentSchema,
  confirmLow: z.boolean().default(false),
  yes: z.boolean().default(false),
});

function levelChoice(cmd: Command): Command {
  return cmd
    .addOption(
      new Option(
        '--rdp-level <level>',
        'the RDP encryption level to lower to: high (3), client-compatible (2) or low (1)',
      )
        .choices(Object.keys(RDP_LEVEL_ARGUMENTS))
        .default('high'),
    )
    .option('--confirm-low', 'confirm choosing low (1), which encrypts only client-to-server data');
}

function exitWith(code: number): never {
  throw new CliExit(code);
}

export function buildProgram(): Command {
  const program = new Command();
  program
    .name('fipsfix')
    .description(
      'Find out why Windows Server refuses Remote Assistance and RDP clients when its encryption level is FIPS, and fix it by the method that turned it on.',
    )
    .version(TOOL_VERSION)
    .exitOverride()
    .configureOutput({
      writeErr: (s) => process.stderr.write(s),
      outputError: (s, write) => write(commanderErrorWords(s)),
    })
    .addHelpText(
      'after',
      `\nExit codes of diagnose, verify and plan:\n${exitCodeLines(EXIT_CODE_TABLE)}\n` +
        `\nExit codes of apply, rollback and recover:\n${exitCodeLines(FIX_EXIT_CODE_TABLE)}\n` +
        `\nWithout --machine or --evidence, FipsFix works on this Windows machine; elsewhere on the simulated machine "${DEFAULT_SCENARIO}".\n`,
    );

  sourceOptions(
    program
      .command('diagnose')
      .description(
        'say whether the FIPS encryption level blocks Remote Assistance here, which setting does it, who set it, and whether it can be fixed here',
      ),
  ).action(async (o: unknown) => {
    exitWith(await runDiagnose(o));
  });

  levelChoice(
    sourceOptions(
      program
        .command('plan')
        .description(
          'show the changes that would undo FIPS by the method that turned it on (changes nothing)',
        ),
    ),
  ).action(async (o: Record<string, unknown>) => {
    exitWith(await runPlan(o));
  });

  levelChoice(
    sourceOptions(
      program
        .command('apply')
        .description(
          'back up, then apply the plan with one UAC prompt, verify it, and roll back by itself if anything fails',
        ),
      false,
    ),
  )
    .option('--yes', 'do not ask before writing (needed where there is no terminal)')
    .action(async (o: unknown) => {
      const opts = parseOptions(ApplyOptionsSchema, o);
      exitWith(await runApply(opts));
    });

  sourceOptions(
    program
      .command('verify')
      .description(
        'diagnose again after a fix; with --after-refresh, first refresh policy as Windows would (gpupdate /target:computer /force)',
      ),
    false,
  )
    .option('--after-refresh', 'refresh policy first and record the result with the latest backup')
    .action(async (o: unknown) => {
      const opts = parseOptions(FixSourceSchema.extend({ afterRefresh: z.boolean().default(false) }), o);
      exitWith(await runVerify(opts));
    });

  sourceOptions(
    program
      .command('backups')
      .description('list the backups FipsFix took on this machine, with what each apply and rollback did'),
    false,
  ).action((o: unknown) => {
    exitWith(runBackups(parseOptions(FixSourceSchema, o)));
  });

  sourceOptions(
    program
      .command('rollback')
      .argument('<backup>', 'a backup id (see "fipsfix backups") or the path of a backup file')
      .description('restore exactly the values a backup holds (one UAC prompt), and verify them'),
    false,
  )
    .option('--yes', 'do not ask before writing')
    .action(async (backup: string, o: unknown) => {
      const opts = parseOptions(FixSourceSchema.extend({ yes: z.boolean().default(false) }), o);
      exitWith(await runRollback(backup, opts));
    });

  sourceOptions(
    program
      .command('recover')
      .description('settle an apply or rollback that was interrupted (the journal says how far it got)'),
    false,
  )
    .addOption(new Option('--rollback', 'restore the backup the interrupted run took').conflicts('complete'))
    .option('--complete', 'finish the fix from what the machine holds now')
    .option('--yes', 'do not ask before writing')
    .action(async (o: unknown) => {
      const opts = parseOptions(
        FixSourceSchema.extend({
          yes: z.boolean().default(false),
          rollback: z.boolean().default(false),
          complete: z.boolean().default(false),
        }),
        o,
      );
      exitWith(await runRecover(opts.rollback ? 'rollback' : opts.complete ? 'complete' : undefined, opts));
    });

  registerReportCommand(program, exitWith);
  registerFleetCommands(program, exitWith);
  registerProbeCommand(program, exitWith);
  pointToHelpAfterErrors(program);

  program
    .command('collect')
    .description(
      'write an evidence folder on this Windows server (reg export, secedit, gpresult, Registry.pol, wevtutil), for analysis anywhere with --evidence',
    )
    .requiredOption('--out <dir>', 'the folder to write (created if needed)')
    .action(async (o: unknown) => {
      const opts = parseOptions(z.object({ out: z.string().min(1) }), o);
      exitWith(await runCollect(opts.out));
    });

  program
    .command('machines')
    .description('list the built-in simulated machines; --reset forgets the changes made to one')
    .option(
      '--reset <name|file>',
      'start a simulated machine again from its definition (its backups and journal go too)',
    )
    .action((o: unknown) => {
      const opts = parseOptions(z.object({ reset: z.string().min(1).optional() }), o);
      if (opts.reset) {
        process.stdout.write(`Reset: removed ${resetSimulated(opts.reset)}\n`);
        exitWith(0);
      }
      for (const { name, description } of builtInMachines()) {
        process.stdout.write(`${name}${name === DEFAULT_SCENARIO ? ' (default)' : ''}\n    ${description}\n`);
      }
      exitWith(0);
    });

  // The headless modes the elevated step runs (the UAC prompt starts them; people do not).
  program
    .command('apply-plan', { hidden: true })
    .requiredOption('--plan <file>')
    .requiredOption('--sha256 <hex>')
    .option('--machine <name|file>')
    .action(async (o: unknown) => {
      exitWith(
        await runApplyPlanElevated(
          parseOptions(z.object({ plan: z.string(), sha256: z.string(), machine: z.string().optional() }), o),
        ),
      );
    });
  program
    .command('rollback-backup', { hidden: true })
    .requiredOption('--backup <file>')
    .requiredOption('--sha256 <hex>')
    .option('--machine <name|file>')
    .action(async (o: unknown) => {
      exitWith(
        await runRollbackElevated(
          parseOptions(
            z.object({ backup: z.string(), sha256: z.string(), machine: z.string().optional() }),
            o,
          ),
        ),
      );
    });
  return program;
}

/**
 * Commander's "error: unknown command 'diagnoze'\n(Did you mean diagnose?)" as one line in FipsFix's
 * voice: "fipsfix: unknown command 'diagnoze'; did you mean 'diagnose'?".
 */
export function commanderErrorWords(s: string): string {
  const m = /^error: (.*?)\n\(Did you mean (?:one of )?(.*?)\?\)\n?$/s.exec(s);
  if (m) {
    const options = (m[2] ?? '').split(', ').map((x) => `'${x}'`);
    return `fipsfix: ${m[1]}; did you mean ${options.join(' or ')}?\n`;
  }
  return s.replace(/^error: /, 'fipsfix: ');
}

/** After a mistake, a pointer to the help of the command it was made in, not the whole help. */
function pointToHelpAfterErrors(cmd: Command, path: readonly string[] = []): void {
  const name = ['fipsfix', ...path].join(' ');
  const what = path.length === 0 ? 'the commands' : cmd.commands.length > 0 ? 'its commands' : 'its options';
  cmd.showHelpAfterError(`(${name} --help lists ${what})`);
  for (const sub of cmd.commands) pointToHelpAfterErrors(sub, [...path, sub.name()]);
}

/** A reader that stops early (`fipsfix diagnose | more`, then q) is not an error worth a stack. */
function quietOnClosedPipe(): void {
  for (const stream of [process.stdout, process.stderr]) {
    // The rest of the output has nowhere to go; the command still finishes with its own exit code.
    stream.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code !== 'EPIPE') throw e;
    });
  }
}

export async function runCli(argv: readonly string[]): Promise<number> {
  quietOnClosedPipe();
  try {
    await buildProgram().parseAsync([...argv], { from: 'user' });
    return ExitCode.NothingBlocks;
  } catch (e) {
    if (e instanceof CliExit) return e.code;
    if (e instanceof InvalidEvidence || e instanceof BackupRefused) {
      printErr(`fipsfix: ${e.message}\nNothing was concluded or changed (exit 3).\n`);
      return ExitCode.InvalidInput;
    }
    if (e instanceof MachineFailure) {
      printErr(`fipsfix: ${e.message} [${e.code}]\n`);
      return ExitCode.InvalidInput;
    }
    if (e instanceof ElevatedStepLost) {
      printErr(`fipsfix: ${e.message}\n`);
      return FixExitCode.RollbackIncomplete;
    }
    if (e instanceof CommanderError) {
      // --help and --version end here too, successfully.
      return e.exitCode === 0 ? ExitCode.NothingBlocks : ExitCode.InvalidInput;
    }
    throw e;
  }
}

if (require.main === module) {
  void runCli(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
