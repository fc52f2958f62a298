// The before/after report an auditor and a change board accept: one versioned, schema-validated
// document (docs/report.schema.json) built purely from what FipsFix recorded — the diagnosis with its
// evidence, the plan, every value before → after, the verification, the backup — and rendered as JSON,
// HTML and (by Chromium, from the same HTML) PDF. Only the allow-listed values ever appear in it.
import { z } from 'zod';
import { DiagnosisSchema, type Diagnosis } from './diagnosis-schema';
import { PlanSchema, TakesEffectSchema, type RemediationPlan } from './plan';
import { ManagedValueIdSchema } from './diagnosis-schema';
import { managedValue } from './settings';
import { fipsfixCommand, type CommandTarget } from './words/command-line';
import { counted } from './words/count';
import { CHANGE_VIA_WORDS } from './words/method';
import { UTC_OFFSET_PATTERN } from './words/time';

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

/** What a change board asks for beside the change itself; each given on the command line or in the wizard. */
export const ChangeTicketSchema = z
  .object({
    changeId: z.string().min(1).max(200).optional().describe('The change request this work was done under'),
    requestedBy: z.string().min(1).max(200).optional(),
    approvedBy: z.string().min(1).max(200).optional(),
    stigException: z
      .string()
      .min(1)
      .max(200)
      .optional()
      .describe('The documented STIG exception that allows turning FIPS off, where DISA STIGs apply'),
  })
  .strict();
export type ChangeTicket = z.infer<typeof ChangeTicketSchema>;

export const ReportSchema = z
  .object({
    format: z.literal(REPORT_FORMAT),
    kind: z
      .enum(['diagnosis', 'fix', 'rollback'])
      .describe('A diagnosis alone, a fix, or a fix that was rolled back'),
    title: z.string(),
    generatedAt: z.iso.datetime(),
    toolVersion: z.string(),
    ranBy: z
      .string()
      .describe(
        'Who ran what the report is about (DOMAIN\\user): the rollback in a rollback report, the fix in a fix report, the diagnosis otherwise; or "unknown"',
      ),
    fixedBy: z.string().optional().describe('In a rollback report: who made the fix that was rolled back'),
    changeTicket: ChangeTicketSchema.optional().describe('Shown at the top of the HTML and PDF'),
    serverUtcOffset: z
      .string()
      .regex(UTC_OFFSET_PATTERN)
      .nullable()
      .optional()
      .describe(
        "The server's offset from UTC (+02:00) that its local times are given in: recorded with the fix, or of the machine diagnosed; null when nothing recorded it (an evidence folder from an older collect). Always set by this version; absent in reports of older ones",
      ),
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
        diagnosisAfter: DiagnosisSchema.optional().describe('The server read again after the rollback'),
      })
      .strict()
      .optional(),
    backup: z
      .object({
        id: z.string(),
        sha256: z.string().regex(/^[0-9a-f]{64}$/),
        file: z.string(),
        regFile: z.string(),
        createdAt: z.iso.datetime().optional(),
      })
      .strict()
      .optional(),
    diagnosisAfter: DiagnosisSchema.optional().describe('The server read again after the fix'),
    warnings: z
      .array(z.string())
      .describe('About what was done: the fix (a STIG exception…), the rollback (FIPS on again…)'),
    takesEffect: z.array(TakesEffectSchema),
    rollbackInstructions: z
      .array(z.string())
      .describe('How to undo the fix; none in a rollback report (the fix is undone)'),
    commands: z
      .object({ verifyAfterRefresh: z.string().optional(), rollback: z.string().optional() })
      .strict()
      .optional()
      .describe(
        'The commands the report names, for the machine it is about, as they would be pasted (always set by this version)',
      ),
    changeBoardSummary: z.string().describe('What was done and why, in a few sentences for a change board'),
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
  readonly ranBy?: string;
}

export interface ReportInput {
  readonly generatedAt: string;
  readonly toolVersion: string;
  /** Who made the fix (the backup says), or who asks for a diagnosis report. */
  readonly ranBy: string;
  readonly diagnosis: Diagnosis;
  readonly plan?: RemediationPlan;
  readonly backup?: {
    readonly id: string;
    readonly sha256: string;
    readonly file: string;
    readonly regFile: string;
    readonly createdAt?: string;
  };
  readonly applied?: ReportRun;
  readonly rolledBack?: ReportRun;
  /** The machine's name when the diagnosis has none (an evidence folder without gpresult). */
  readonly machineName?: string;
  readonly changeTicket?: ChangeTicket;
  /** The server's offset from UTC, where it was recorded; null or absent: not known. */
  readonly serverUtcOffset?: string | null;
  /** What chose the machine (--machine…), so the commands the report names work when pasted. */
  readonly commandTarget?: CommandTarget;
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
    const r = input.rolledBack;
    return {
      kind: 'rollback',
      title: `FipsFix: fix rolled back on ${name}`,
      // The message names the backup ("restored 2 values from …"); the state after is the headline.
      outcome:
        r.outcome === 'restored'
          ? `The fix was rolled back: ${r.message}.`
          : `The rollback from backup ${input.backup?.id ?? '?'} did not complete (${r.outcome}): ${r.message}.`,
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
  return {
    kind: 'diagnosis',
    title: `FipsFix: diagnosis of ${name}`,
    outcome: 'Diagnosis only: nothing was changed.',
  };
}

/** What a rollback did, as warnings: the values it put back, and what that means for clients. */
function rollbackWarnings(changes: readonly ReportChange[], run: ReportRun): string[] {
  if (run.outcome !== 'restored')
    return [
      `The rollback did not complete: ${run.message}. The server holds neither the fix nor the backup's values; each value is listed under Rollback.`,
    ];
  const out = [
    `The rollback put back the values from before the fix: ${changes.map((c) => `${c.label}: ${c.after} → ${c.before}`).join('; ')}.`,
  ];
  const after = run.diagnosisAfter;
  if (after?.verdict === 'blocked')
    out.push(
      'Remote Assistance and RDP clients from Windows 10 are refused again (TermDD event 50, DATA ENCRYPTION), as before the fix.',
    );
  if (changes.some((c) => c.id === 'fips-algorithm-policy'))
    out.push(
      'The FIPS security option is on again for the whole server (not only RDP): a STIG exception made for the fix no longer applies.',
    );
  return out;
}

function changeBoardSummaryOf(
  kind: Report['kind'],
  input: ReportInput,
  changes: readonly ReportChange[],
  warnings: readonly string[],
): string {
  const d = input.diagnosis;
  const name = d.machine.name ?? input.machineName ?? 'this server';
  const plan = input.plan;
  const list = (c: readonly ReportChange[], arrow: (x: ReportChange) => string): string =>
    c.map((x) => `${x.label}: ${arrow(x)}, via ${x.via}`).join('; ');
  if (kind === 'diagnosis') {
    // The diagnosis itself is in the verdict above; this says only what FipsFix would do about it.
    if (plan?.kind === 'changes')
      return `Diagnosis only: nothing was changed. FipsFix would change ${counted(plan.changes.length, 'setting')} by the method that set ${plan.changes.length === 1 ? 'it' : 'them'}, after a backup: ${list(changes, (x) => `${x.before} → ${x.after}`)}.`;
    if (plan?.kind === 'refused')
      return 'Diagnosis only: nothing was changed, and FipsFix would change nothing on this server, for the reasons below.';
    return 'Diagnosis only: nothing was changed, and nothing needs to be.';
  }
  if (kind === 'rollback') {
    const r = input.rolledBack;
    // The state after the rollback is the report's headline; this says what was done.
    return (
      `The fix made on ${name}${input.backup ? ` (backup ${input.backup.id})` : ''} was rolled back${r?.ranBy ? ` by ${r.ranBy}` : ''}: ` +
      `${counted(changes.length, 'setting')} put back as ${changes.length === 1 ? 'it was' : 'they were'} before the fix (${list(changes, (x) => `${x.after} → ${x.before}`)}), and read back to verify.`
    );
  }
  if (changes.length === 0) return d.summary;
  return (
    `Windows 10 clients could not use Remote Assistance or RDP with ${name} because its RDP encryption level was FIPS Compliant. ` +
    `${counted(changes.length, 'setting')} ${changes.length === 1 ? 'was' : 'were'} changed by the method that had set ${changes.length === 1 ? 'it' : 'them'} (${list(changes, (x) => `${x.before} → ${x.after}`)}). ` +
    `A backup was taken first${input.backup ? ` (${input.backup.id})` : ''}, and the change was verified by reading it back${input.applied?.afterRefresh ? ` and again after a policy refresh (${input.applied.afterRefresh.ok ? 'it held' : 'it did NOT hold'})` : ''}.` +
    (warnings.some((w) => w.includes('STIG'))
      ? input.changeTicket?.stigException
        ? ` Turning FIPS off was done under STIG exception ${input.changeTicket.stigException}.`
        : ' Turning FIPS off needs a documented exception where DISA STIGs apply.'
      : '')
  );
}

export function buildReport(input: ReportInput): Report {
  const { kind, title, outcome } = outcomeOf(input);
  const d = input.diagnosis;
  const plan = input.plan;
  const changes = changesOf(plan, input.rolledBack ?? input.applied);
  let warnings: string[];
  if (kind === 'rollback' && input.rolledBack) warnings = rollbackWarnings(changes, input.rolledBack);
  else {
    warnings = plan?.kind === 'changes' ? [...plan.warnings] : [];
    // The plan's own warning already says what the compliance note says, in the words of the change.
    const noteKinds =
      plan?.kind === 'changes'
        ? ['gpo-disagrees', 'domain-gpo-not-ruled-out']
        : ['compliance', 'gpo-disagrees', 'domain-gpo-not-ruled-out'];
    warnings.push(...d.notes.filter((n) => noteKinds.includes(n.kind)).map((n) => n.message));
  }
  const target = input.commandTarget;
  const rollbackCommand =
    input.backup && kind === 'fix' ? fipsfixCommand(`rollback ${input.backup.id}`, target) : undefined;
  const rollbackInstructions =
    input.backup && rollbackCommand
      ? [
          `${rollbackCommand} (one UAC prompt; restores exactly the values below and the policy stores the fix changed, and verifies them).`,
          `Without FipsFix: reg import "${input.backup.regFile}" restores the registry values (not the security database or the local GPO).`,
          `Backup file: ${input.backup.file}, SHA-256 ${input.backup.sha256}.`,
        ]
      : [];
  const changeBoardSummary = changeBoardSummaryOf(kind, input, changes, warnings);
  const verificationRun = input.applied;
  const rolledBack = input.rolledBack;
  const report: Report = {
    format: REPORT_FORMAT,
    kind,
    title,
    generatedAt: input.generatedAt,
    toolVersion: input.toolVersion,
    // A rollback report is about the rollback: its own account, and who made the fix beside it.
    ranBy: kind === 'rollback' ? (rolledBack?.ranBy ?? 'unknown') : input.ranBy,
    ...(kind === 'rollback' ? { fixedBy: input.ranBy } : {}),
    ...(input.changeTicket && Object.keys(input.changeTicket).length > 0
      ? { changeTicket: { ...input.changeTicket } }
      : {}),
    serverUtcOffset: input.serverUtcOffset ?? null,
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
    ...(rolledBack
      ? {
          rollback: {
            at: rolledBack.finishedAt,
            outcome: rolledBack.outcome,
            message: rolledBack.message,
            lines: [...rolledBack.verification],
            ...(rolledBack.diagnosisAfter ? { diagnosisAfter: rolledBack.diagnosisAfter } : {}),
          },
        }
      : {}),
    ...(input.backup ? { backup: { ...input.backup } } : {}),
    ...(input.applied?.diagnosisAfter ? { diagnosisAfter: input.applied.diagnosisAfter } : {}),
    warnings,
    takesEffect: plan?.kind === 'changes' && kind !== 'diagnosis' ? [...plan.takesEffect] : [],
    rollbackInstructions,
    commands: {
      ...(kind === 'fix' && verificationRun && !verificationRun.afterRefresh
        ? { verifyAfterRefresh: fipsfixCommand('verify --after-refresh', target) }
        : {}),
      ...(rollbackCommand ? { rollback: rollbackCommand } : {}),
    },
    changeBoardSummary,
  };
  return ReportSchema.parse(report);
}
