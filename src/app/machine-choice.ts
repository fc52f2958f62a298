// Opens, once, what the CLI or the app works on: an evidence folder (read only), a simulated machine
// (with its state, backups and journal kept in its data location), or this Windows machine.
import { rmSync } from 'node:fs';
import { z } from 'zod';
import { InvalidEvidence } from '../core/formats/invalid-evidence';
import { WatchedValueIdSchema } from '../core/diagnosis-schema';
import { BackupStore } from '../machine/backup-store';
import { simulatedDataLocation } from '../machine/data-location';
import { Journal } from '../machine/journal';
import { readEvidenceFolder } from '../machine/read-evidence-folder';
import { BUILT_IN_SCENARIOS, DEFAULT_SCENARIO } from '../machine/simulated/built-in-scenarios';
import { isBuiltInScenario, loadSimulatedMachine } from '../machine/simulated/load-simulated-machine';
import { SimulatedHost, type SimulatedFaults } from '../machine/simulated/simulated-host';
import { openWindowsMachine } from './windows-machine-choice';

import type { Chosen, MachineChoice, SourceOptions } from './chosen';

export type { Chosen, MachineChoice, SourceOptions } from './chosen';

export { DEFAULT_SCENARIO } from '../machine/simulated/built-in-scenarios';

/** The built-in simulated machines, for `fipsfix machines`. */
export function builtInMachines(): { readonly name: string; readonly description: string }[] {
  return Object.entries(BUILT_IN_SCENARIOS).map(([name, raw]) => {
    const description = (raw as { description?: unknown }).description;
    return { name, description: typeof description === 'string' ? description : '' };
  });
}

/**
 * Faults for tests of the simulated machine (access denied on a value, a kill after N writes), read
 * from FIPSFIX_SIMULATED_FAULTS. Never used on Windows.
 */
const FaultsSchema = z
  .object({
    accessDenied: z.array(WatchedValueIdSchema).optional(),
    killAfterWrites: z.number().int().min(1).optional(),
  })
  .strict();

function simulatedFaults(env: NodeJS.ProcessEnv): SimulatedFaults {
  const raw = env['FIPSFIX_SIMULATED_FAULTS'];
  if (!raw) return {};
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    throw new InvalidEvidence('FIPSFIX_SIMULATED_FAULTS', 'not valid JSON');
  }
  const r = FaultsSchema.safeParse(json);
  if (!r.success)
    throw new InvalidEvidence('FIPSFIX_SIMULATED_FAULTS', r.error.issues.map((i) => i.message).join('; '));
  return r.data;
}

export function openSimulated(
  spec: string,
  isDefault: boolean,
  env: NodeJS.ProcessEnv = process.env,
  elevated = false,
): MachineChoice {
  const { machine, label, file } = loadSimulatedMachine(spec);
  const location = simulatedDataLocation(file ? { file } : { builtIn: label }, env);
  const host = new SimulatedHost(machine, label, location.machineState, simulatedFaults(env), elevated);
  const note = isDefault ? ' — the default where there is no Windows; choose another with --machine' : '';
  return {
    kind: 'machine',
    machine: host,
    origin: `${host.description}${note}`,
    location,
    store: new BackupStore(location.backups, location.backupKey),
    journal: new Journal(location.journal),
    writes: 'in-process',
    secureForWrites: () => Promise.resolve(),
  };
}

export function chooseSource(opts: SourceOptions, env: NodeJS.ProcessEnv = process.env): Chosen {
  if (opts.machine && opts.evidence)
    throw new InvalidEvidence('arguments', '--machine and --evidence cannot be used together');
  if (opts.evidence) {
    const r = readEvidenceFolder(opts.evidence);
    return {
      kind: 'evidence',
      evidence: r.evidence,
      origin: `evidence folder ${opts.evidence} (${r.used.map((u) => u.file).join(', ')})`,
      skipped: r.skipped,
      ...(r.utcOffset ? { utcOffset: r.utcOffset } : {}),
    };
  }
  if (opts.machine || process.platform !== 'win32')
    return openSimulated(opts.machine ?? DEFAULT_SCENARIO, !opts.machine, env);
  return openWindowsMachine(env);
}

/** A machine, never an evidence folder: for the commands that change (or may change) the machine. */
export function openMachine(opts: SourceOptions, env: NodeJS.ProcessEnv = process.env): MachineChoice {
  const c = chooseSource(opts, env);
  if (c.kind === 'evidence')
    throw new InvalidEvidence(
      opts.evidence ?? 'evidence',
      'an evidence folder is a record, not a machine: run this on the server itself, or on a simulated machine',
    );
  return c;
}

/** Forgets a simulated machine's changes, backups and journal: it starts again from its definition. */
export function resetSimulated(spec: string, env: NodeJS.ProcessEnv = process.env): string {
  const location = simulatedDataLocation(isBuiltInScenario(spec) ? { builtIn: spec } : { file: spec }, env);
  rmSync(location.root, { recursive: true, force: true });
  return location.root;
}
