// The before/after report an auditor and a change board accept: one versioned, schema-validated
// document (docs/report.schema.json) built purely from what FipsFix recorded — the diagnosis with its
// evidence, the plan, every value before → after, the verification, the backup — and rendered as JSON,
// HTML and (by Chromium, from the same HTML) PDF. Only the allow-listed values ever appear in it.
import { z } from 'zod';
import { DiagnosisSchema, type Diagnosis } from './diagnosis-schema';
import { PlanSchema, TakesEffectSchema, type RemediationPlan } from './plan';
import { ManagedValueIdSchema } from './diagnosis-schema';
import { managedValue } from './settings';
import { CHANGE_VIA_WORDS } from './words/method';

export const REPORT_FORMAT = 'fipsfix-report/1';

export const ReportVerificationLineSchema = z
  .object({ value: z.string(), expected: z.string(), found: z.string(), ok: z.boolean() })
  .strict();

export const ReportChangeSchema = z
  .object({
    id: ManagedValueIdSchema,
    registryValue: z.string(),
    label: z.string().describe('What the administrator calls the setting'),
    via: z.string(),
    method: z.union([z.literal(1), z.literal(2)]),
    before: z.string().describe('As it was, in words: "4 (FIPS Compliant)", "absent"'),
    after: z.string().describe('As planned'),
    found: z.string().optional().describe('As read back after the fix (or after the rollback)'),
  })
  .strict();
export type ReportChange = z.infer<typeof ReportChangeSchema>;

export const ReportSchema = z
  .object({
    format: z.literal(REPORT_FORMAT),
    kind: z
      .enum(['diagnosis', 'fix', 'rollback'])
      .describe('A diagnosis alone, a fix, or a fix that was rolled back'),
    title: z.string(),
    generatedAt: z.iso.datetime(),
    toolVersion: z.string(),
    ranBy: z.string().describe('The account that ran FipsFix (DOMAIN\\user), or "unknown"'),
    machine: z
      .object({ name: z.string(), osVersion: z.string().optional(), osCaption: z.string().optional() })
      .strict(),
    outcome: z.string().describe('One sentence: what happened'),
    diagnosis: DiagnosisSchema.describe('Before any change, with its evidence'),
    plan: PlanSchema.optional(),
    changes: z.array(ReportChangeSchema),
    verification: z
      .object({
        at: z.iso.datetime(),
        ok: z.boolean(),
        outcome: z.string(),
        lines: z.array(ReportVerificationLineSchema),
        afterRefresh: z
          .object({ checkedAt: z.iso.datetime(), ok: z.boolean(), message: z.string() })
          .strict()
          .optional(),
      })
      .strict()
      .optional(),
    rollback: z
      .object({
        at: z.iso.datetime(),
        outcome: z.string(),
        message: z.string(),
        lines: z.array(ReportVerificationLineSchema),
      })
      .strict()
      .optional(),
    backup: z
      .object({
        id: z.string(),
        sha256: z.string().regex(/^[0-9a-f]{64}$/),
        file: z.string(),
        regFile: z.string(),
      })
      .strict()
      .optional(),
    diagnosisAfter: DiagnosisSchema.optional(),
    warnings: z.array(z.string()),
    takesEffect: z.array(TakesEffectSchema),
    rollbackInstructions: z.array(z.string()),
    changeBoardSummary: z
      .string()
      .describe('What was changed and why, in a few sentences for a change board'),
  })
  .strict();
export type Report = z.infer<typeof ReportSchema>;

export interface ReportRun {
  readonly finishedAt: string;
  readonly outcome: string;
  readonly message: string;
  readonly verification: readonly z.infer<typeof ReportVerificationLineSchema>[];
  readonly afterRefresh?: { readonly checkedAt: string; readonly ok: boolean; readonly message: string };
  readonly diagnosisAfter?: Diagnosis;
}

export interface ReportInput {
  readonly generatedAt: string;
  readonly toolVersion: string;
  readonly ranBy: string;
  readonly diagnosis: Diagnosis;
  readonly plan?: RemediationPlan;
  readonly backup?: {
    readonly id: string;
    readonly sha256: string;
    readonly file: string;
    readonly regFile: string;
  };
  readonly applied?: ReportRun;
  readonly rolledBack?: ReportRun;
  /** The machine's name when the diagnosis has none (an evidence folder without gpresult). */
  readonly machineName?: string;
}

function words(id: z.infer<typeof ManagedValueIdSchema>, n: number | null): string {
  return n === null ? 'absent' : managedValue(id).describe(n);
}

function changesOf(plan: RemediationPlan | undefined, run: ReportRun | undefined): ReportChange[] {
  if (!plan || plan.kind !== 'changes') return [];
  return plan.changes.map((c) => {
    const line = run?.verification.find((v) => v.value === c.registryValue);
    return {
      id: c.id,
      registryValue: c.registryValue,
      label: managedValue(c.id).label,
      via: CHANGE_VIA_WORDS[c.via],
      method: c.method,
      before: words(c.id, c.before),
      after: words(c.id, c.after),
      ...(line ? { found: line.found } : {}),
    };
  });
}

function outcomeOf(input: ReportInput): { kind: Report['kind']; title: string; outcome: string } {
  const name = input.diagnosis.machine.name ?? input.machineName ?? 'the server';
  if (input.rolledBack) {
    return {
      kind: 'rollback',
      title: `FipsFix: fix rolled back on ${name}`,
      outcome: `The fix was rolled back from backup ${input.backup?.id ?? '?'}: ${input.rolledBack.message}.`,
    };
  }
  if (input.applied) {
    const ok = input.applied.outcome === 'applied';
    return {
      kind: 'fix',
      title: `FipsFix: ${ok ? 'FIPS encryption level fixed' : 'fix attempted'} on ${name}`,
      outcome: ok
        ? `Applied and verified. ${input.applied.message}`
        : `The fix did not complete (${input.applied.outcome}): ${input.applied.message}`,
    };
  }
  return { kind: 'diagnosis', title: `FipsFix: diagnosis of ${name}`, outcome: input.diagnosis.summary };
}

export function buildReport(input: ReportInput): Report {
  const { kind, title, outcome } = outcomeOf(input);
  const d = input.diagnosis;
  const plan = input.plan;
  const changes = changesOf(plan, input.rolledBack ?? input.applied);
  const warnings = plan?.kind === 'changes' ? [...plan.warnings] : [];
  // The plan's own warning already says what the compliance note says, in the words of the change.
  const noteKinds =
    plan?.kind === 'changes'
      ? ['gpo-disagrees', 'domain-gpo-not-ruled-out']
      : ['compliance', 'gpo-disagrees', 'domain-gpo-not-ruled-out'];
  warnings.push(...d.notes.filter((n) => noteKinds.includes(n.kind)).map((n) => n.message));
  const rollbackInstructions = input.backup
    ? [
        `fipsfix rollback ${input.backup.id} (one UAC prompt; restores exactly the values below and the policy stores the fix changed, and verifies them).`,
        `Without FipsFix: reg import "${input.backup.regFile}" restores the registry values (not the security database or the local GPO).`,
        `Backup file: ${input.backup.file}, SHA-256 ${input.backup.sha256}.`,
      ]
    : [];
  const changeBoardSummary =
    changes.length === 0
      ? kind === 'diagnosis'
        ? `Diagnosis only, no change made. ${d.summary}${plan?.kind === 'refused' ? ` FipsFix will not change this server: ${plan.reasons[0] ?? ''}` : ''}`
        : d.summary
      : `Windows 10 clients could not use Remote Assistance or RDP with ${input.diagnosis.machine.name ?? input.machineName ?? 'this server'} because its RDP encryption level was FIPS Compliant. ` +
        `${changes.length} setting(s) were changed by the method that had set them (${changes.map((c) => `${c.label}: ${c.before} → ${c.after}, via ${c.via}`).join('; ')}). ` +
        `A backup was taken first${input.backup ? ` (${input.backup.id})` : ''}, and the change was verified by reading it back${input.applied?.afterRefresh ? ` and again after a policy refresh (${input.applied.afterRefresh.ok ? 'it held' : 'it did NOT hold'})` : ''}.` +
        (warnings.some((w) => w.includes('STIG'))
          ? ' Turning FIPS off needs a documented exception where DISA STIGs apply.'
          : '');
  const verificationRun = input.applied;
  const report: Report = {
    format: REPORT_FORMAT,
    kind,
    title,
    generatedAt: input.generatedAt,
    toolVersion: input.toolVersion,
    ranBy: input.ranBy,
    machine: {
      name: d.machine.name ?? input.machineName ?? 'unknown',
      ...(d.machine.osVersion ? { osVersion: d.machine.osVersion } : {}),
      ...(d.machine.osCaption ? { osCaption: d.machine.osCaption } : {}),
    },
    outcome,
    diagnosis: d,
    ...(plan ? { plan } : {}),
    changes,
    ...(verificationRun
      ? {
          verification: {
            at: verificationRun.finishedAt,
            ok: verificationRun.outcome === 'applied' && verificationRun.verification.every((v) => v.ok),
            outcome: verificationRun.outcome,
            lines: [...verificationRun.verification],
            ...(verificationRun.afterRefresh ? { afterRefresh: verificationRun.afterRefresh } : {}),
          },
        }
      : {}),
    ...(input.rolledBack
      ? {
          rollback: {
            at: input.rolledBack.finishedAt,
            outcome: input.rolledBack.outcome,
            message: input.rolledBack.message,
            lines: [...input.rolledBack.verification],
          },
        }
      : {}),
    ...(input.backup ? { backup: { ...input.backup } } : {}),
    ...(input.applied?.diagnosisAfter ? { diagnosisAfter: input.applied.diagnosisAfter } : {}),
    warnings,
    takesEffect: plan?.kind === 'changes' ? [...plan.takesEffect] : [],
    rollbackInstructions,
    changeBoardSummary,
  };
  return ReportSchema.parse(report);
}
