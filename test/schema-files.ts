// The JSON Schemas FipsFix commits in docs/, generated from the zod schemas in src/.
import { z } from 'zod';
import { DiagnosisSchema } from '../src/core/diagnosis-schema';
import { PlanSchema } from '../src/core/plan';
import { ReportSchema } from '../src/core/report';
import { ProbeDocumentSchema } from '../src/core/wire/probe-document';
import { SimulatedMachineSchema } from '../src/machine/simulated/simulated-machine-schema';

export function committedSchemas(): Record<string, unknown> {
  const one = (id: string, title: string, schema: z.ZodType, io: 'input' | 'output'): unknown => ({
    $id: `https://fipsfix.invalid/schemas/${id}`,
    title,
    ...z.toJSONSchema(schema, { io, unrepresentable: 'any' }),
  });
  return {
    'diagnosis.schema.json': one(
      'diagnosis.schema.json',
      'FipsFix diagnosis (fipsfix diagnose --json)',
      DiagnosisSchema,
      'output',
    ),
    'plan.schema.json': one(
      'plan.schema.json',
      'FipsFix remediation plan (fipsfix plan --json)',
      PlanSchema,
      'output',
    ),
    'report.schema.json': one(
      'report.schema.json',
      'FipsFix before/after report (fipsfix report --format json)',
      ReportSchema,
      'output',
    ),
    'probe.schema.json': one(
      'probe.schema.json',
      'FipsFix wire probe (fipsfix probe --json)',
      ProbeDocumentSchema,
      'output',
    ),
    'simulated-machine.schema.json': one(
      'simulated-machine.schema.json',
      'FipsFix simulated machine (--machine FILE)',
      SimulatedMachineSchema,
      'input',
    ),
  };
}
