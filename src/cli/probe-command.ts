// `fipsfix probe [TARGET…] [--hosts FILE] [--json] [--timeout MS] [--concurrency N]`: what RDP
// listeners negotiate on the wire, unauthenticated. Thin: arguments and printing here, the probe in
// src/app and src/machine, the words in src/core.
import { Command } from 'commander';
import { z } from 'zod';
import { jsonDocument } from '../core/json-document';
import {
  PROBE_EXIT_CODE_TABLE,
  ProbeExitCode,
  exitCodeLines,
  meaningOf,
  probeExitCode,
} from '../core/exit-codes';
import { ProbeDocumentSchema, type ProbeTarget } from '../core/wire/probe-document';
import { probeTable } from '../core/words/probe';
import { DEFAULT_PROBE_CONCURRENCY, DEFAULT_PROBE_TIMEOUT_MS, probeTargets, targetsFrom } from '../app/probe';

type ExitWith = (code: number) => never;

const intText = (name: string, min: number, max: number) =>
  z
    .string()
    .regex(/^\d+$/, `${name} must be a whole number`)
    .transform(Number)
    .refine((n) => n >= min && n <= max, `${name} must be between ${min} and ${max}`);

const ProbeOptionsSchema = z
  .object({
    hosts: z.string().min(1).optional(),
    json: z.boolean().default(false),
    timeout: intText('--timeout', 100, 600_000).optional(),
    concurrency: intText('--concurrency', 1, 1024).optional(),
  })
  .strict();

function progressLine(): {
  update: (done: number, total: number, t: ProbeTarget) => void;
  clear: () => void;
} {
  // Only a terminal gets it, and only a run long enough to need it; a pipe or a file never does.
  if (!process.stderr.isTTY) return { update: () => {}, clear: () => {} };
  let last = 0;
  let fips = 0;
  let unprobed = 0;
  let shown = false;
  return {
    update: (done, total, t) => {
      if (t.demandsFips === true) fips++;
      if (!t.reachable || t.error) unprobed++;
      const now = Date.now();
      if (total < 2 || (now - last < 100 && done < total)) return;
      last = now;
      shown = true;
      process.stderr.write(`\rprobed ${done}/${total}: ${fips} demand FIPS, ${unprobed} not fully probed`);
    },
    clear: () => {
      if (shown) process.stderr.write('\r\x1b[K');
    },
  };
}

async function runProbe(exitWith: ExitWith, args: readonly string[], raw: unknown): Promise<never> {
  const parsed = ProbeOptionsSchema.safeParse(raw);
  if (!parsed.success) {
    process.stderr.write(`fipsfix: ${parsed.error.issues.map((i) => i.message).join('; ')}\n`);
    return exitWith(ProbeExitCode.InvalidArguments);
  }
  const opts = parsed.data;
  const { targets, problems } = targetsFrom(args, opts.hosts);
  if (problems.length > 0 || targets.length === 0) {
    for (const p of problems) process.stderr.write(`fipsfix: bad target ${p}\n`);
    if (targets.length === 0 && problems.length === 0)
      process.stderr.write('fipsfix: give at least one target (host or host:port) or --hosts FILE\n');
    process.stderr.write('Nothing was probed (exit 3).\n');
    return exitWith(ProbeExitCode.InvalidArguments);
  }
  const progress = progressLine();
  const { peakConnections, ...doc } = await probeTargets({
    targets,
    timeoutMs: opts.timeout ?? DEFAULT_PROBE_TIMEOUT_MS,
    concurrency: opts.concurrency ?? DEFAULT_PROBE_CONCURRENCY,
    onProgress: progress.update,
  });
  progress.clear();
  if (process.env['FIPSFIX_TIMING'] === '1')
    process.stderr.write(`fipsfix: at most ${peakConnections} connection(s) were open at once\n`);
  const code = probeExitCode(doc);
  if (opts.json) process.stdout.write(jsonDocument(ProbeDocumentSchema.parse(doc)));
  else
    process.stdout.write(`${probeTable(doc)}Exit code ${code}: ${meaningOf(PROBE_EXIT_CODE_TABLE, code)}\n`);
  return exitWith(code);
}

export function registerProbeCommand(program: Command, exitWith: ExitWith): void {
  program
    .command('probe')
    .argument(
      '[targets...]',
      'host or host:port (default port 3389); an IPv6 address in brackets: [2001:db8::1]:3389',
    )
    .description(
      'ask RDP listeners what they negotiate, without credentials: the security layers accepted, the encryption level and methods under Standard RDP Security, and the TLS protocol, cipher and certificate',
    )
    .option('--hosts <file>', 'also probe the targets in this file, one a line (# starts a comment)')
    .option('--json', 'print one JSON document (docs/probe.schema.json) instead of the table')
    .option(
      '--timeout <ms>',
      `the deadline for each target, every connection included (default ${DEFAULT_PROBE_TIMEOUT_MS})`,
    )
    .option(
      '--concurrency <n>',
      `the most connections open at once (default ${DEFAULT_PROBE_CONCURRENCY}; at most 2 to one host)`,
    )
    .addHelpText('after', `\nExit codes:\n${exitCodeLines(PROBE_EXIT_CODE_TABLE)}\n`)
    .action(async (targets: string[], o: unknown) => runProbe(exitWith, targets, o));
}
