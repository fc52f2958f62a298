// Loads a simulated machine by built-in name or from a file, validated against its schema. A
// file that fails is refused with the schema's words, never half-used.
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { InvalidEvidence } from '../../core/formats/invalid-evidence';
import { otherDocumentWords } from '../../core/words/documents';
import { BUILT_IN_SCENARIOS } from './built-in-scenarios';
import { SimulatedMachineSchema, type SimulatedMachine } from './simulated-machine-schema';

export function describeSchemaIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((i) => `${i.path.length > 0 ? i.path.join('.') : '(top)'}: ${i.message}`)
    .join('; ');
}

export function parseSimulatedMachine(label: string, raw: unknown): SimulatedMachine {
  const r = SimulatedMachineSchema.safeParse(raw);
  if (!r.success)
    throw new InvalidEvidence(label, `not a valid simulated machine: ${describeSchemaIssues(r.error)}`);
  return r.data;
}

export function isBuiltInScenario(spec: string): boolean {
  return Object.hasOwn(BUILT_IN_SCENARIOS, spec);
}

export function loadSimulatedMachine(spec: string): {
  machine: SimulatedMachine;
  label: string;
  file?: string;
} {
  if (isBuiltInScenario(spec))
    return {
      machine: parseSimulatedMachine(`built-in machine "${spec}"`, BUILT_IN_SCENARIOS[spec]),
      label: spec,
    };
  let text: string;
  try {
    text = readFileSync(spec, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new InvalidEvidence(
      spec,
      code === 'ENOENT'
        ? `no such file, and not a built-in machine (built-in: ${Object.keys(BUILT_IN_SCENARIOS).join(', ')})`
        : `cannot be read (${code ?? String(e)})`,
    );
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    throw new InvalidEvidence(spec, `not valid JSON: ${e instanceof Error ? e.message : String(e)}`);
  }
  // One of FipsFix's own documents given in the wrong place is named for what it is.
  const other = otherDocumentWords(raw, 'a simulated machine (docs/simulated-machine.md)', spec);
  if (other) throw new InvalidEvidence(spec, other);
  return { machine: parseSimulatedMachine(spec, raw), label: spec, file: spec };
}
