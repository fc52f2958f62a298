// The fipsfix command: a thin commander program over the core. It is the composition root of the
// CLI: it chooses where evidence comes from (an evidence folder, a simulated machine, or this
// Windows machine), once. Data goes to stdout, messages to stderr.
import './one-shot-zod';
import { Command, CommanderError, Option } from 'commander';
import { z } from 'zod';
import { diagnose } from '../core/diagnose';
import { DiagnosisSchema, type Diagnosis } from '../core/diagnosis-schema';
import { diagnosisText, planText } from '../core/diagnosis-text';
import type { Evidence } from '../core/evidence';
import { EXIT_CODE_TABLE, ExitCode, exitCodeForDiagnosis, exitCodeForPlan } from '../core/exit-codes';
import { InvalidEvidence } from '../core/formats/invalid-evidence';
import { PlanSchema, planRemediation } from '../core/plan';
import { readEvidenceFolder } from '../machine/read-evidence-folder';
import { BUILT_IN_SCENARIOS, DEFAULT_SCENARIO } from '../machine/simulated/built-in-scenarios';
import { loadSimulatedMachine } from '../machine/simulated/load-simulated-machine';
import { evidenceFromSimulatedMachine } from '../machine/simulated/simulated-evidence';

declare const FIPSFIX_VERSION: string;
const VERSION = typeof FIPSFIX_VERSION === 'string' ? FIPSFIX_VERSION : '0.0.0-dev';

const SourceOptionsSchema = z
  .object({
    machine: z.string().min(1).optional(),
    evidence: z.string().min(1).optional(),
    json: z.boolean().default(false),
  })
  .refine((o) => !(o.machine && o.evidence), { message: '--machine and --evidence cannot be used together' });

const PlanOptionsSchema = z.object({
  rdpLevel: z.enum(['1', '2', '3']).default('3'),
  confirmLow: z.boolean().default(false),
});

interface Gathered {
  readonly evidence: Evidence;
  readonly origin: string;
  readonly skipped: readonly { file: string; reason: string }[];
}

function gatherEvidence(opts: z.infer<typeof SourceOptionsSchema>): Gathered {
  if (opts.evidence) {
    const r = readEvidenceFolder(opts.evidence);
    return { evidence: r.evidence, origin: `evidence folder ${opts.evidence} (${r.used.map((u) => u.file).join(', ')})`, skipped: r.skipped };
  }
  if (opts.machine || process.platform !== 'win32') {
    const spec = opts.machine ?? DEFAULT_SCENARIO;
    const { machine, label } = loadSimulatedMachine(spec);
    const note = opts.machine ? '' : ' — the default where there is no Windows; choose another with --machine';
    return { evidence: evidenceFromSimulatedMachine(machine), origin: `simulated machine "${label}"${note}`, skipped: [] };
  }
  throw new InvalidEvidence(
    'this machine',
    'reading the live Windows registry is not in this build yet; collect an evidence folder and use --evidence DIR, or use --machine NAME',
  );
}

class CliExit extends Error {
  constructor(readonly code: ExitCode) {
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
  for (const s of g.skipped) process.stderr.write(`fipsfix: skipped ${s.file}: ${s.reason}\n`);
}

function printJson(schema: z.ZodType, value: unknown): void {
  // What leaves the process is checked against the committed schema first.
  process.stdout.write(JSON.stringify(schema.parse(value), null, 2) + '\n');
}

function runDiagnose(raw: unknown): ExitCode {
  const opts = parseOptions(SourceOptionsSchema, raw);
  const g = gatherEvidence(opts);
  reportSkipped(g);
  const d: Diagnosis = diagnose(g.evidence);
  if (opts.json) printJson(DiagnosisSchema, d);
  else process.stdout.write(diagnosisText(d, g.origin));
  const code = exitCodeForDiagnosis(d);
  if (!opts.json) process.stdout.write(`\nExit code ${code}: ${EXIT_CODE_TABLE[code]?.meaning ?? ''}\n`);
  return code;
}

function runPlan(raw: Record<string, unknown>): ExitCode {
  const src = parseOptions(SourceOptionsSchema, { machine: raw['machine'], evidence: raw['evidence'], json: raw['json'] });
  const choices = parseOptions(PlanOptionsSchema, { rdpLevel: raw['rdpLevel'], confirmLow: raw['confirmLow'] });
  const g = gatherEvidence(src);
  reportSkipped(g);
  const plan = planRemediation(diagnose(g.evidence), {
    rdpTargetLevel: Number(choices.rdpLevel) as 1 | 2 | 3,
    confirmLowLevel: choices.confirmLow,
  });
  if (src.json) printJson(PlanSchema, plan);
  else process.stdout.write(planText(plan));
  return exitCodeForPlan(plan);
}

function sourceOptions(cmd: Command): Command {
  return cmd
    .option('--machine <name|file>', `a simulated machine: a built-in name (see "fipsfix machines") or a JSON file`)
    .option('--evidence <dir>', 'a folder of evidence exported on a server (reg export, secedit, gpresult, Registry.pol, wevtutil)')
    .option('--json', 'print one JSON document (schema in docs/) instead of text');
}

export function buildProgram(): Command {
  const program = new Command();
  program
    .name('fipsfix')
    .description('Find out why Windows Server refuses Remote Assistance and RDP clients when its encryption level is FIPS, and fix it by the method that turned it on.')
    .version(VERSION)
    .showHelpAfterError()
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) })
    .addHelpText('after', `\nExit codes:\n${EXIT_CODE_TABLE.map((e) => `  ${e.code}  ${e.meaning}`).join('\n')}\n\nWithout --machine or --evidence, FipsFix reads this Windows machine; elsewhere it uses the simulated machine "${DEFAULT_SCENARIO}".\n`);

  sourceOptions(program.command('diagnose').description('say whether the FIPS encryption level blocks Remote Assistance here, which setting does it, who set it, and whether it can be fixed here')).action((o: unknown) => {
    throw new CliExit(runDiagnose(o));
  });

  sourceOptions(program.command('plan').description('show the changes that would undo FIPS by the method that turned it on (changes nothing)'))
    .addOption(new Option('--rdp-level <level>', 'the RDP encryption level to lower to: 1 Low, 2 Client Compatible, 3 High').choices(['1', '2', '3']).default('3'))
    .option('--confirm-low', 'confirm choosing Low (1), which encrypts only client-to-server data')
    .action((o: Record<string, unknown>) => {
      throw new CliExit(runPlan(o));
    });

  program
    .command('machines')
    .description('list the built-in simulated machines')
    .action(() => {
      for (const [name, raw] of Object.entries(BUILT_IN_SCENARIOS)) {
        const description = (raw as { description?: unknown }).description;
        process.stdout.write(`${name}${name === DEFAULT_SCENARIO ? ' (default)' : ''}\n    ${typeof description === 'string' ? description : ''}\n`);
      }
      throw new CliExit(ExitCode.NothingBlocks);
    });
  return program;
}

export function runCli(argv: readonly string[]): ExitCode {
  try {
    buildProgram().parse([...argv], { from: 'user' });
    return ExitCode.NothingBlocks;
  } catch (e) {
    if (e instanceof CliExit) return e.code;
    if (e instanceof InvalidEvidence) {
      process.stderr.write(`fipsfix: ${e.message}\nNothing was concluded (exit 3).\n`);
      return ExitCode.InvalidInput;
    }
    if (e instanceof CommanderError) {
      // --help and --version end here too, successfully.
      return e.exitCode === 0 ? ExitCode.NothingBlocks : ExitCode.InvalidInput;
    }
    throw e;
  }
}

if (require.main === module) {
  process.exitCode = runCli(process.argv.slice(2));
}
