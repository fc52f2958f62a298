// Real diagnoses and reports for the fleet and export tests: every built-in simulated machine,
// diagnosed by the core as `fipsfix diagnose --json` would, so the documents are what servers write.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { diagnose } from '../../src/core/diagnose';
import type { Diagnosis } from '../../src/core/diagnosis-schema';
import { buildReport } from '../../src/core/report';
import { chooseSource } from '../../src/app/machine-choice';
import { BUILT_IN_SCENARIOS } from '../../src/machine/simulated/built-in-scenarios';

export async function diagnosisOf(machine: string): Promise<Diagnosis> {
  // A private data folder: reading a built-in machine must not see another test's changes.
  const c = chooseSource(
    { machine },
    { ...process.env, FIPSFIX_DATA_DIR: mkdtempSync(join(tmpdir(), 'fipsfix-fleet-data-')) },
  );
  if (c.kind !== 'machine') throw new Error('expected a simulated machine');
  return diagnose(await c.machine.evidence.collectAll());
}

export async function allDiagnoses(): Promise<Map<string, Diagnosis>> {
  const out = new Map<string, Diagnosis>();
  for (const name of Object.keys(BUILT_IN_SCENARIOS)) out.set(name, await diagnosisOf(name));
  return out;
}

export function reportOf(d: Diagnosis, generatedAt = '2026-01-02T03:04:05.000Z'): string {
  return JSON.stringify(
    buildReport({ generatedAt, toolVersion: '0.1.0', ranBy: 'CORP\\admin', diagnosis: d }),
    null,
    2,
  );
}

export function renamed(d: Diagnosis, name: string): Diagnosis {
  return { ...d, machine: { ...d.machine, name } };
}
